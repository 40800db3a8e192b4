"""The procurement requirements builder in a real browser, with JavaScript on and off.

A buyer answers one question a page, meets an error, changes an answer from check your answers,
gets the requirements and downloads them as Word and Markdown. Every page of the journey, error
pages included, passes axe. With JavaScript off the page is audited as served without scripts:
axe runs in a second page that fetches the same address with every script removed.
"""

import io
import re

import pytest
from docx import Document
from playwright.sync_api import Page, Route, expect

from tests.community.factories import StewardFactory
from tests.e2e.conftest import assert_accessible
from tests.standards.factories import build_standard

START = "/adoption/requirements/"


@pytest.fixture(params=[True, False], ids=["javascript-on", "javascript-off"])
def javascript(request) -> bool:
    return request.param


def _without_scripts(route: Route) -> None:
    if route.request.resource_type != "document":
        route.continue_()
        return
    response = route.fetch()
    html = re.sub(r"<script\b.*?</script>", "", response.text(), flags=re.DOTALL)
    route.fulfill(response=response, body=html)


class Auditor:
    """Runs axe on each page the buyer sees, as the buyer's browser renders it."""

    def __init__(self, open_page, *, javascript: bool):
        self.javascript = javascript
        self.page = None
        if not javascript:
            self.page = open_page()
            self.page.route("**/*", _without_scripts)

    def check(self, page: Page) -> None:
        if self.javascript:
            assert_accessible(page)
            return
        self.page.goto(page.url)
        assert self.page.locator("script").count() == 0
        assert_accessible(self.page)


def test_buyer_builds_and_downloads_requirements(open_page, javascript):
    build_standard(steward=StewardFactory())
    page = open_page(javascript=javascript, accept_downloads=True)
    audit = Auditor(open_page, javascript=javascript)

    page.goto(START)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Write data requirements for a tender"
    )
    audit.check(page)
    page.get_by_role("button", name="Start now").click()

    # The current version is chosen already.
    expect(page.get_by_label("Damp and mould 1.1.0")).to_be_checked()
    audit.check(page)
    page.get_by_role("button", name="Continue").click()

    # No component chosen: an error, then an answer.
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select at least one component your system must support"
    )
    expect(page).to_have_title(re.compile(r"^Error: Which components"))
    audit.check(page)
    page.get_by_role("link", name="Select at least one component").click()
    page.get_by_label("Work order").check()
    page.get_by_label("Person alert codes").check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the level of data access you need"
    )
    audit.check(page)
    page.get_by_label("Scheduled exports").check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-message")).to_contain_text("Select yes if other systems")
    audit.check(page)
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    audit.check(page)
    # Change the level of access, and come straight back.
    page.get_by_role("link", name="Change data access").click()
    expect(page.get_by_label("Scheduled exports")).to_be_checked()
    page.get_by_label("Live read-only API access with fair-use limits").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Live read-only API access")

    page.get_by_role("button", name="Get requirements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Data requirements: Damp and mould 1.1.0"
    )
    expect(page.locator("main")).to_contain_text("The system MUST provide live, read-only access")
    expect(
        page.get_by_role("link", name="OpenAPI 3.1 components for Damp and mould 1.1.0")
    ).to_be_visible()
    audit.check(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Word document (.docx)").click()
    download = download_info.value
    assert download.suggested_filename == "data-requirements-damp-and-mould-1-1-0.docx"
    word = Document(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert "Data access" in headings
    assert any(p.text.startswith("1.\tThe system MUST") for p in word.paragraphs)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Markdown (.md)").click()
    markdown = open(download_info.value.path(), encoding="utf-8").read()  # noqa: SIM115
    assert markdown.startswith("# Data requirements: Damp and mould 1.1.0\n")

    # Back from the result goes to check your answers.
    page.get_by_role("link", name="Back", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
