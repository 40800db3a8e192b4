"""A steward creates a standard, opens its first draft, imports a JSON Schema and asks a second
steward to publish it, who approves; and every steward page for standards, drafts and requests to
publish them passes axe."""

import pytest
from playwright.sync_api import Browser, Page, expect

from standards.choices import VersionStatus
from standards.demo.catalogue import data_dir
from standards.models import StandardVersion
from standards.releases.services import release_request
from standards.versions.services import version_draft_create
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

    # Nobody publishes alone: the steward asks, a second steward approves.
    page.get_by_role("link", name="Ask a second steward to publish this version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ask a second steward to publish version 0.1.0"
    )
    expect(page.get_by_label("Release notes")).to_have_value(
        "The first version, from the appointments schema."
    )
    _axe(page, javascript)
    page.get_by_role("button", name="Ask for approval").click()

    _success(page, "Version 0.1.0 is waiting for another steward to approve it")
    expect(page.get_by_role("heading", level=1)).to_have_text("Release of version 0.1.0")
    expect(page.get_by_text("Awaiting approval").first).to_be_visible()
    expect(page.get_by_role("button", name="Approve and publish")).to_have_count(0)
    expect(page.get_by_text("You asked for this version to be published")).to_be_visible()
    _axe(page, javascript)
    release_path = page.url
    assert StandardVersion.objects.get(standard__slug="appointments").status == (
        VersionStatus.DRAFT
    )

    second = steward_page(javascript=javascript)
    second.goto(release_path)
    second.get_by_role("button", name="Approve and publish").click()
    expect(second.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to publish version 0.1.0?"
    )
    expect(second.get_by_text("The first version, from the appointments schema.")).to_be_visible()
    _axe(second, javascript)
    second.get_by_role("button", name="Approve and publish").click()

    _success(second, "Version 0.1.0 of Appointments is published")
    expect(second.locator(".govuk-summary-list").first).to_contain_text("Current")
    published = StandardVersion.objects.get(standard__slug="appointments")
    assert published.status == VersionStatus.PUBLISHED
    assert published.component_versions.exists()

    second.get_by_role("link", name="Appointments", exact=True).first.click()
    expect(second.locator(".govuk-summary-list").first).to_contain_text("0.1.0, published")


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


def test_request_and_decision_pages_have_no_wcag_22_aa_violations(
    steward_page, open_page, catalogue
):
    """The release page with its history, the approve, reject and withdraw pages, the ask page
    after a rejection, and their error states."""
    requester = StewardFactory(first_name="Rae", last_name="Requester")
    draft = StandardVersion.objects.get(standard=catalogue.standard, status=VersionStatus.DRAFT)
    release = release_request(actor=requester, version=draft, notes="Nothing new yet.")
    release_path = f"{BASE}/releases/{release.pk}/"
    page = steward_page()

    for path in (f"{BASE}/releases/", release_path, f"{release_path}approve/"):
        assert page.goto(path).status == 200, path
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    page.goto(f"{release_path}reject/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Reject the request to publish version 1.2.0"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Reject the request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you are rejecting this request"
    )
    assert_accessible(page)
    page.get_by_label("Why are you rejecting it?").fill("The notes say nothing.")
    page.get_by_role("button", name="Reject the request").click()
    expect(page.locator("#history ~ ol")).to_contain_text("Approval request rejected")
    assert_accessible(page)

    asker = open_page()
    sign_in(asker, email=requester.email, password=DEFAULT_PASSWORD)
    asker.goto(release_path)
    expect(asker.get_by_text("Reason: The notes say nothing.").first).to_be_visible()
    asker.get_by_role("button", name="Request approval again").click()
    expect(asker.locator(".govuk-inset-text").first).to_contain_text("The notes say nothing.")
    assert_accessible(asker)
    asker.get_by_label("Release notes").fill("")
    asker.get_by_role("button", name="Ask for approval").click()
    expect(asker.locator(".govuk-error-summary")).to_contain_text("Enter the release notes")
    assert_accessible(asker)
    asker.get_by_label("Release notes").fill("Version 1.2.0 changes nothing yet.")
    asker.get_by_role("button", name="Ask for approval").click()
    asker.get_by_role("button", name="Withdraw the request").click()
    expect(asker.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(asker)


def test_the_import_page_without_drafts_has_no_wcag_22_aa_violations(steward_page):
    build_standard(steward=StewardFactory())
    page = steward_page()

    page.goto("/standards/import/")

    expect(page.get_by_role("link", name="Open a draft version of Damp and mould")).to_be_visible()
    assert_accessible(page)
