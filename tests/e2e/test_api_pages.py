"""The API's pages in a real browser: personal access tokens (JavaScript on and off), the
guidance page "Use the API" at 320 pixels, and the reference served under the site's CSP.
Every new page joins the axe sweep."""

import pytest
from playwright.sync_api import Page, expect

from community.choices import TokenScope
from community.services.tokens import token_create
from portal.demo import api_guidance
from portal.demo.pages import page_ensure
from portal.models import GuidanceIndexPage
from tests.community.factories import DEFAULT_PASSWORD, MemberUserFactory, StewardFactory
from tests.e2e.conftest import assert_accessible, sign_in
from tests.standards.factories import build_standard

MEMBER = "member@northmere.example.gov.uk"
STEWARD = "steward@example.gov.uk"


@pytest.fixture(params=[True, False], ids=["javascript-on", "javascript-off"])
def javascript(request) -> bool:
    return request.param


@pytest.fixture
def member(db):
    return MemberUserFactory(email=MEMBER)


def _axe(page: Page, javascript: bool) -> None:
    """Axe itself needs JavaScript to run."""
    if javascript:
        assert_accessible(page)


def test_a_member_creates_uses_and_revokes_a_token(open_page, member, javascript):
    build_standard(steward=StewardFactory())
    page = open_page(javascript=javascript)
    sign_in(page, email=MEMBER, password=DEFAULT_PASSWORD)

    page.goto("/account/")
    page.get_by_role("link", name="Manage your personal access tokens").click()
    expect(page.get_by_text("You have no personal access tokens")).to_be_visible()
    _axe(page, javascript)
    page.get_by_role("button", name="Create a token").click()
    page.get_by_role("button", name="Create token").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _axe(page, javascript)
    page.get_by_label("What is the token for?").fill("Repairs system")
    page.get_by_label("Write proposals").check()
    page.get_by_label("30 days").check()
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", name="Copy your token now")).to_be_visible()
    _axe(page, javascript)
    raw = page.get_by_label("Your token").input_value()
    bearer = {"Authorization": f"Bearer {raw}"}

    assert page.request.get("/api/v1/standards/damp-and-mould", headers=bearer).status == 200

    page.get_by_text("Continue to your tokens").click()
    expect(page.get_by_text("Repairs system").first).to_be_visible()
    _axe(page, javascript)
    page.get_by_role("link", name="Revoke").first.click()
    _axe(page, javascript)
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("Revoked").first).to_be_visible()
    assert page.request.get("/api/v1/standards/damp-and-mould", headers=bearer).status == 401


def test_the_stewards_list_of_tokens_is_accessible(open_page, member):
    StewardFactory(email=STEWARD)
    token_create(owner=member, name="Repairs system", scopes=[TokenScope.READ], days=30)
    page = open_page()
    sign_in(page, email=STEWARD, password=DEFAULT_PASSWORD)

    page.goto("/community/stewards/tokens/")

    expect(page.get_by_text("Repairs system").first).to_be_visible()
    assert_accessible(page)


def test_the_use_the_api_page_reflows_at_320_pixels(open_page, home_page):
    page_ensure(
        parent=home_page,
        model=GuidanceIndexPage,
        slug="guidance",
        title="Guidance",
        intro="Guidance on data standards.",
    )
    api_guidance.load()
    page = open_page()
    page.set_viewport_size({"width": 320, "height": 800})

    page.goto(api_guidance.PATH)

    expect(page.get_by_role("heading", name="Use the API", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)


def test_the_api_reference_loads_under_the_sites_csp(open_page):
    page = open_page()
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if "Content Security Policy" in message.text and "script" in message.text.lower()
            else None
        ),
    )

    page.goto("/api/v1/docs")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text(
        "Social housing data standards portal API"
    )
    assert not blocked


def test_the_api_reference_says_what_to_do_without_javascript(open_page):
    page = open_page(javascript=False)

    page.goto("/api/v1/docs")

    expect(page.get_by_role("link", name="OpenAPI document")).to_be_visible()
