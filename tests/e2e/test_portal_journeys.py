import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible
from tests.portal.factories import guidance_index, guidance_page


@pytest.fixture
def guidance(home_page):
    index = guidance_index(parent=home_page)
    return guidance_page(parent=index)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/guidance/",
        "/guidance/about/",
        "/search/?q=data",
        "/search/?q=zebra",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/no-such-page/",
        "/adoption/",
    ],
)
def test_page_has_no_wcag_22_aa_violations(page: Page, guidance, path):
    page.goto(path)

    assert_accessible(page)


def test_form_errors_have_no_wcag_22_aa_violations(page: Page, guidance):
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_sign_up_verify_sign_in_and_sign_out(page: Page, guidance):
    email = "new.member@council.gov.uk"
    password = "a-long-and-unusual-passphrase"
    page.goto("/accounts/signup/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Confirm password").fill(password)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    page.goto(link.group(1))
    page.get_by_role("button", name="Confirm").click()

    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_role("link", name="Your account")).to_be_visible()

    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_keyboard_user_can_skip_to_main_content_with_a_visible_focus(page: Page, guidance):
    page.goto("/guidance/about/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    outline = skip_link.evaluate("element => getComputedStyle(element).outlineStyle")
    background = skip_link.evaluate("element => getComputedStyle(element).backgroundColor")
    assert outline != "none" or background == "rgb(255, 221, 0)"

    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()

    page.keyboard.press("Tab")
    focused_background = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert focused_background == "rgb(255, 221, 0)", "focused links show the yellow focus state"


def test_signing_in_and_searching_work_with_javascript_turned_off(browser, live_server, guidance):
    from tests.community.factories import DEFAULT_PASSWORD, UserFactory

    person = UserFactory()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Email address").fill(person.email)
        page.get_by_label("Password").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

        page.get_by_role("link", name="Guidance").first.click()
        expect(page.get_by_role("link", name="About this portal")).to_be_visible()

        page.goto("/search/?q=data+team")
        expect(page.get_by_role("link", name="About this portal")).to_be_visible()
    finally:
        context.close()
