import pytest
from playwright.sync_api import Page, expect

from standards.demo.catalogue import data_dir
from standards.models import Attribute
from tests.community.factories import DEFAULT_PASSWORD, StewardFactory
from tests.e2e.conftest import assert_accessible, sign_in
from tests.standards.factories import VersionFactory

WORK_ORDER = data_dir() / "ukhds-damp-and-mould" / "work_order.schema.json"


@pytest.fixture
def draft():
    return VersionFactory(standard__name="Repairs", standard__slug="repairs")


@pytest.fixture
def steward_page(page: Page, draft) -> Page:
    steward = StewardFactory()
    sign_in(page, email=steward.email, password=DEFAULT_PASSWORD)
    return page


def test_the_import_page_and_its_errors_have_no_wcag_22_aa_violations(steward_page: Page):
    steward_page.goto("/standards/import/")
    assert_accessible(steward_page)

    steward_page.get_by_role("button", name="Check the file").click()

    expect(steward_page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(steward_page)


def test_a_steward_uploads_a_schema_checks_the_report_and_imports_it(steward_page: Page, draft):
    steward_page.goto("/standards/import/")
    steward_page.get_by_label("Which draft version").select_option(label="Repairs 1.0.0 (draft)")
    steward_page.get_by_label("JSON Schema").check()
    steward_page.get_by_label("Upload a file").set_input_files(WORK_ORDER)
    steward_page.get_by_role("button", name="Check the file").click()

    expect(steward_page.get_by_role("heading", level=1)).to_contain_text("Check the import")
    expect(steward_page.get_by_text("#/definitions/TradeCode").first).to_be_visible()
    assert_accessible(steward_page)
    assert not Attribute.objects.filter(component_version__version=draft).exists()

    steward_page.get_by_role("button", name="Import this file").click()

    expect(steward_page.get_by_role("heading", level=1)).to_contain_text("Imported")
    assert Attribute.objects.filter(component_version__version=draft).exists()
