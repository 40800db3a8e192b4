"""The conformance checker in a browser, signed out, with JavaScript on and off."""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.adoption.checker.test_catalogue import HEADER, build_checker_standard
from tests.community.factories import StewardFactory
from tests.e2e.conftest import assert_accessible

ROWS = [
    "WO-1,EMG,open,12.5,2026-01-01T09:00:00Z,,true,2,,,,",
    "X-2,ZZZ,open,abc,2026-01-01T09:00:00Z,,true,2,,,,",
    "WO-3,OLD,closed,,2026-01-01T09:00:00Z,,false,1,,,,",
]


@pytest.fixture
def repairs():
    return build_checker_standard(steward=StewardFactory())


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def javascript(request) -> bool:
    return request.param


@pytest.fixture
def visitor(javascript, browser, live_server, repairs) -> Page:
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=javascript, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    # The last page the browser was sent, for ``audit`` (reading the DOM needs JavaScript).
    page.documents = []
    page.on(
        "response",
        lambda response: (
            page.documents.append(response)
            if response.request.resource_type == "document"
            else None
        ),
    )
    yield page
    context.close()


@pytest.fixture
def audit(javascript, browser, live_server):
    """axe needs JavaScript, and the report is the answer to a POST, so it cannot be loaded
    again: a page seen without JavaScript is copied, without its scripts, into a second page
    on the same site (so its styles load) and checked there."""
    context = browser.new_context(base_url=live_server.url)
    auditor = context.new_page()
    auditor.goto("/adoption/check/")

    def check(page: Page) -> None:
        if javascript:
            assert_accessible(page)
            return
        html = page.documents[-1].text()
        auditor.set_content(re.sub(r"<script\b.*?</script>", "", html, flags=re.S))
        assert auditor.locator("script").count() == 0
        assert_accessible(auditor)

    yield check
    context.close()


def upload(page: Page, name: str, content: bytes) -> None:
    page.get_by_label("Which component does your file hold?").select_option(label="Work order")
    page.get_by_label("Upload your extract").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Check the file").click()


def test_a_signed_out_visitor_checks_an_extract_and_downloads_the_report(visitor: Page, audit):
    visitor.goto("/adoption/check/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Check your data against a standard"
    )
    audit(visitor)

    visitor.get_by_label("Repairs 1.0.0").check()
    visitor.get_by_role("button", name="Continue").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Upload your extract")
    audit(visitor)

    upload(visitor, "orders.csv", ("\n".join([HEADER, *ROWS]) + "\n").encode())

    expect(visitor.get_by_role("heading", level=1)).to_have_text("Conformance report: Work order")
    expect(visitor.locator("#outcome")).to_contain_text("Does not fit")
    expect(visitor.get_by_role("heading", name="Not in the code list: 1")).to_be_visible()
    expect(visitor.locator("#warnings")).to_contain_text("Code OLD")
    audit(visitor)

    with visitor.expect_download() as download:
        visitor.get_by_role("button", name="Download the report as JSON").click()
    report = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert report["errors"]["total"] == 3
    assert report["file"]["rows"] == 3


def test_a_bad_file_gets_an_error_that_passes_the_accessibility_check(
    visitor: Page, audit, repairs
):
    visitor.goto(f"/adoption/check/repairs/{repairs.version.number}/")

    upload(visitor, "orders.csv", b"order_id\nWO-1\nWO-\xff2\n")

    expect(visitor.locator(".govuk-error-summary")).to_contain_text("Line 3")
    audit(visitor)


def test_a_forged_download_page_passes_the_accessibility_check(page: Page, repairs):
    page.goto(f"/adoption/check/repairs/{repairs.version.number}/")
    page.evaluate(
        """() => {
          const form = document.createElement('form');
          form.method = 'post';
          form.action = '/adoption/check/report/';
          const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
          for (const [name, value] of [['report', 'forged'], ['format', 'json'],
               ['csrfmiddlewaretoken', token]]) {
            const input = document.createElement('input');
            input.name = name; input.value = value; form.appendChild(input);
          }
          document.body.appendChild(form); form.submit();
        }"""
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("The report could not be downloaded")
    assert_accessible(page)
