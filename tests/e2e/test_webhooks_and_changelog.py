"""Webhook endpoints and the changelog in a real browser: register an endpoint, see its secret
once, send a test event and read the delivery log; read a standard's changelog. Every page joins
the axe sweep."""

import re

from playwright.sync_api import Page, expect

from tests.community.factories import DEFAULT_PASSWORD, StewardFactory
from tests.e2e.conftest import assert_accessible, sign_in
from tests.standards.factories import (
    ComponentVersionFactory,
    StandardFactory,
    VersionFactory,
    publish_with_four_eyes,
)


def test_a_steward_registers_an_endpoint_and_reads_its_delivery_log(page: Page):
    steward = StewardFactory()
    sign_in(page, email=steward.email, password=DEFAULT_PASSWORD)

    page.goto("/standards/webhooks/")
    assert_accessible(page)
    page.goto("/standards/webhooks/new/")
    page.get_by_role("button", name="Register").first.click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Endpoint address").fill("http://127.0.0.1:9/hooks")
    page.get_by_label("A version is published").check()
    page.get_by_role("button", name="Register").first.click()
    expect(page.get_by_label("Secret")).to_have_value(re.compile(r"^whsec_"))
    assert_accessible(page)

    page.get_by_role("link", name="Continue to the endpoint").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send test event").click()
    expect(page.locator("body")).to_contain_text("webhook.test")
    assert_accessible(page)


def test_the_changelog_lists_published_versions(page: Page):
    steward = StewardFactory()
    standard = StandardFactory(name="Damp and mould", slug="damp-and-mould")
    version = VersionFactory(standard=standard, release_notes="First release.")
    ComponentVersionFactory(version=version, component__key="work-order", name="Work order")
    publish_with_four_eyes(actor=steward, version=version)

    page.goto(f"/standards/{standard.slug}/changelog/")

    expect(page.locator("main")).to_contain_text("1.0.0")
    expect(page.locator("main")).to_contain_text("First release.")
    assert_accessible(page)
