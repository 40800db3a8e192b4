"""A steward creates a standard, opens its first draft, imports a JSON Schema and publishes it;
and every steward page for standards and drafts passes axe."""

import pytest
from playwright.sync_api import Browser, Page, expect

from standards.choices import VersionStatus
from standards.demo import data_dir
from standards.models import StandardVersion
from standards.services import version_draft_create
from tests.community.factories import DEFAULT_PASSWORD, StewardFactory
from tests.e2e.conftest import assert_accessible, sign_in
from tests.standards.factories import build_standard

APPOINTMENTS = data_dir() / "ukhds-damp-and-mould" / "appointments.schema.json"


@pytest.fixture(params=[True, False], ids=["javascript-on", "javascript-off"])
def javascript(request) -> bool:
    return request.param


@pytest.fixture
def steward_page(browser: Browser, live_server):
    """Opens a page signed in as a new steward, with JavaScript on or off; closed afterwards,
    before the live server stops."""
    contexts = []

    def open_page(*, javascript: bool = True) -> Page:
        steward = StewardFactory()
        context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, email=steward.email, password=DEFAULT_PASSWORD)
        return page

    yield open_page
    for context in contexts:
        context.close()


def _axe(page: Page, javascript: bool) -> None:
    """Axe itself needs JavaScript to run."""
    if javascript:
        assert_accessible(page)


def _success(page: Page, text: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(text)


def test_create_a_standard_import_a_schema_and_publish_it(steward_page, javascript):
    page = steward_page(javascript=javascript)

    page.goto("/standards/")
    page.get_by_role("link", name="Create a standard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create a standard")
    _axe(page, javascript)
    page.get_by_role("button", name="Create standard").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name of the standard")
    _axe(page, javascript)
    page.get_by_label("Name", exact=True).fill("Appointments")
    page.get_by_label("Short name").fill("appointments")
    page.get_by_label("Description").fill("Booking repairs appointments.")
    page.get_by_role("button", name="Create standard").click()

    _success(page, "Appointments was created")
    expect(page.get_by_role("heading", level=1)).to_have_text("Manage the standard")
    _axe(page, javascript)

    page.get_by_role("link", name="Open a draft version").click()
    expect(page.get_by_label("Version number")).to_have_value("0.1.0")
    _axe(page, javascript)
    page.get_by_role("button", name="Open draft").click()

    _success(page, "Draft version 0.1.0 was opened, empty")
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 0.1.0")
    _axe(page, javascript)

    page.get_by_role("link", name="Import a file into this draft").click()
    expect(page.get_by_label("Which draft version")).to_have_value(
        str(StandardVersion.objects.get(standard__slug="appointments").pk)
    )
    page.get_by_label("JSON Schema").check()
    page.get_by_label("Upload a file").set_input_files(APPOINTMENTS)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the import")
    page.get_by_role("button", name="Import this file").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Imported")

    page.goto("/standards/appointments/0.1.0/")
    page.get_by_role("link", name="Edit the release notes").click()
    _axe(page, javascript)
    page.get_by_label("Release notes").fill("The first version, from the appointments schema.")
    page.get_by_role("button", name="Save release notes").click()
    _success(page, "The release notes of version 0.1.0 were saved")

    page.get_by_role("link", name="Publish this version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to publish version 0.1.0?"
    )
    expect(page.get_by_text("The first version, from the appointments schema.")).to_be_visible()
    _axe(page, javascript)
    page.get_by_role("button", name="Publish version 0.1.0").click()

    _success(page, "Version 0.1.0 of Appointments was published")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Current")
    published = StandardVersion.objects.get(standard__slug="appointments")
    assert published.status == VersionStatus.PUBLISHED
    assert published.component_versions.exists()

    page.get_by_role("link", name="Appointments", exact=True).first.click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("0.1.0, published")


@pytest.fixture
def catalogue():
    steward = StewardFactory()
    catalogue = build_standard(steward=steward)
    version_draft_create(
        actor=steward, standard=catalogue.standard, number="1.2.0", base=catalogue.v2
    )
    return catalogue


BASE = "/standards/damp-and-mould"


@pytest.mark.parametrize(
    "path",
    [
        "/standards/manage/new/",
        f"{BASE}/",
        f"{BASE}/manage/",
        f"{BASE}/manage/open-draft/",
        f"{BASE}/1.2.0/",
        f"{BASE}/1.2.0/manage/release-notes/",
        f"{BASE}/1.2.0/manage/delete/",
        f"{BASE}/1.2.0/manage/publish/",
        f"{BASE}/1.1.0/manage/withdraw/",
    ],
)
def test_steward_pages_have_no_wcag_22_aa_violations(steward_page, catalogue, path):
    page = steward_page()

    page.goto(path)

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_steward_form_errors_have_no_wcag_22_aa_violations(steward_page, catalogue):
    page = steward_page()

    page.goto(f"{BASE}/manage/open-draft/")
    page.get_by_label("Version number").fill("1.0.5")
    page.get_by_role("button", name="Open draft").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be later than 1.1.0")
    assert_accessible(page)

    page.goto(f"{BASE}/1.1.0/manage/withdraw/")
    page.get_by_role("button", name="Withdraw version 1.1.0").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you are withdrawing this version"
    )
    assert_accessible(page)


def test_the_import_page_without_drafts_has_no_wcag_22_aa_violations(steward_page):
    build_standard(steward=StewardFactory())
    page = steward_page()

    page.goto("/standards/import/")

    expect(page.get_by_role("link", name="Open a draft version of Damp and mould")).to_be_visible()
    assert_accessible(page)
