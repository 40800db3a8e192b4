"""Browser tests for the standards pages: an accessibility sweep and a browsing journey."""

import json

import pytest
from playwright.sync_api import Page, expect

from tests.community.factories import StewardFactory
from tests.e2e.conftest import assert_accessible
from tests.standards.factories import build_standard

BASE = "/standards/damp-and-mould"


@pytest.fixture
def catalogue():
    return build_standard(steward=StewardFactory(), size=2)


@pytest.mark.parametrize(
    "path",
    [
        "/standards/",
        f"{BASE}/",
        f"{BASE}/1.1.0/",
        f"{BASE}/1.1.0/?q=order&kind=entity",
        f"{BASE}/1.1.0/?q=zebra",
        f"{BASE}/1.1.0/work-order/",
        f"{BASE}/1.1.0/person-alert-codes/",
        f"{BASE}/1.1.0/diagram/",
        f"{BASE}/compare/1.0.0...1.1.0/",
        f"{BASE}/components/work-order/compare/1.0.0...1.1.0/",
        f"{BASE}/components/person-alert-codes/compare/1.0.0...1.1.0/",
    ],
)
def test_standards_page_has_no_wcag_22_aa_violations(page: Page, catalogue, path):
    page.goto(path)

    assert_accessible(page)


def test_compare_form_error_has_no_wcag_22_aa_violations(page: Page, catalogue):
    page.goto(f"{BASE}/compare/?old=1.1.0&new=1.1.0")

    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_browse_from_the_list_to_a_component_a_diff_and_a_download(page: Page, catalogue):
    page.goto("/standards/")
    page.get_by_role("link", name="Damp and mould", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Damp and mould")

    page.get_by_role("link", name="Browse version 1.1.0").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 1.1.0")

    page.get_by_label("Search by name, attribute or code").fill("order")
    page.get_by_label("Entity").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 component matches")).to_be_visible()

    page.get_by_role("link", name="Work order", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Work order")
    expect(page.locator("#attribute-reported_at")).to_contain_text("reportedAt")

    page.get_by_role("link", name="Compare with previous").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Changes to Work order from version 1.0.0 to 1.1.0"
    )
    expect(page.locator("table").first).to_contain_text("reportedAt")

    page.get_by_role("link", name="Work order", exact=True).last.click()
    download = page.get_by_role("link", name="Work order JSON Schema (2020-12)")
    response = page.request.get(download.get_attribute("href"))
    assert response.status == 200
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "reportedAt" in json.dumps(response.json())


def test_compare_two_versions_from_the_standard_page(page: Page, catalogue):
    page.goto(f"{BASE}/")
    page.get_by_label("Compare version").select_option("1.0.0")
    page.get_by_label("With version").select_option("1.1.0")
    page.get_by_role("button", name="Compare versions").click()

    expect(page).to_have_url(f"{page.url.split('/standards/')[0]}{BASE}/compare/1.0.0...1.1.0/")
    expect(page.get_by_role("heading", name="Added components")).to_be_visible()
