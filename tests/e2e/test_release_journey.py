"""Releases in a real browser, with JavaScript on and off: the two-steward journey of issue 10.

A steward builds a release from two accepted proposals, sees the combined diff, the number and
the notes, and requests approval; a second steward approves it. Afterwards both proposals say
"Released in version 1.2.0" and link to that version's diff, the previous version is superseded,
and an open proposal on it stays open for comment, flagged as needing a rebase. Every release
page joins the axe sweep.
"""

from types import SimpleNamespace

import pytest
from playwright.sync_api import Browser, Page, expect

from standards.choices import ComponentKind
from tests.community.factories import DEFAULT_PASSWORD, StewardFactory
from tests.e2e.conftest import assert_accessible, sign_in
from tests.standards.factories import (
    AttributeFactory,
    CodeFactory,
    ComponentVersionFactory,
    StandardFactory,
    VersionFactory,
    accepted_proposal,
    add_attribute,
    change_code_label,
    open_for_comment,
    publish_with_four_eyes,
    voters,
)

BUILDER = "builder@example.gov.uk"
APPROVER = "approver@example.gov.uk"


@pytest.fixture
def world():
    builder = StewardFactory(email=BUILDER, first_name="Bea", last_name="Builder")
    StewardFactory(email=APPROVER, first_name="Sam", last_name="Second")
    standard = StandardFactory(slug="damp-and-mould", name="Damp and mould", proposal_prefix="DM")
    draft = VersionFactory(standard=standard, major=1, minor=1, patch=0)
    order = ComponentVersionFactory(
        version=draft, component__key="work-order", name="Work order", definition="A job."
    )
    AttributeFactory(component_version=order, key="description", name="description")
    alerts = ComponentVersionFactory(
        version=draft,
        kind=ComponentKind.CODE_LIST,
        component__key="person-alert-codes",
        name="Person alert codes",
    )
    CodeFactory(component_version=alerts, value="MED", label="Medical")
    version = publish_with_four_eyes(actor=builder, version=draft)
    people = voters()
    first = accepted_proposal(
        people=people,
        base_version=version,
        operations=[add_attribute()],
        title="Record how urgent a work order is",
    )
    second = accepted_proposal(
        people=people,
        base_version=version,
        operations=[change_code_label()],
        author=people.members["la"],
        title="Say what the medical code means",
    )
    waiting = open_for_comment(
        author=people.members["ts"],
        base_version=version,
        operations=[add_attribute("contractor")],
        title="Name the contractor",
    )
    return SimpleNamespace(
        standard=standard, version=version, first=first, second=second, waiting=waiting
    )


def _context_page(browser: Browser, live_server, *, javascript: bool) -> Page:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture(params=[True, False], ids=["javascript-on", "javascript-off"])
def javascript(request) -> bool:
    return request.param


def _axe(page: Page, javascript: bool) -> None:
    """Axe itself needs JavaScript to run."""
    if javascript:
        assert_accessible(page)


def test_two_stewards_release_two_proposals(browser: Browser, live_server, world, javascript):
    base = f"/standards/{world.standard.slug}"
    builder = _context_page(browser, live_server, javascript=javascript)
    sign_in(builder, email=BUILDER, password=DEFAULT_PASSWORD)

    builder.goto(f"{base}/releases/")
    expect(builder.get_by_role("heading", name="Releases", exact=True)).to_be_visible()
    _axe(builder, javascript)
    builder.get_by_role("button", name="Build a release").click()
    expect(builder.get_by_role("heading", name="Build a release")).to_be_visible()
    _axe(builder, javascript)
    builder.get_by_label(f"{world.first.reference}: {world.first.title}").check()
    builder.get_by_label(f"{world.second.reference}: {world.second.title}").check()
    builder.get_by_role("button", name="Preview the release").click()

    # The preview: combined diff, no conflicts, the number and the generated notes.
    expect(builder.get_by_role("heading", name="Check the release 1.2.0")).to_be_visible()
    expect(builder.get_by_text("What would change in Work order")).to_be_visible()
    expect(builder.get_by_text("What would change in Person alert codes")).to_be_visible()
    expect(builder.get_by_text("None: the proposals change different things")).to_be_visible()
    expect(builder.get_by_label("Version number")).to_have_value("1.2.0")
    notes = builder.get_by_label("Release notes").input_value()
    assert "## Added" in notes
    assert "## Changed" in notes
    assert world.first.reference in notes
    assert world.second.reference in notes
    _axe(builder, javascript)
    builder.get_by_role("button", name="Request approval").click()

    expect(builder.get_by_role("heading", name="Release of version 1.2.0")).to_be_visible()
    expect(builder.get_by_text("Awaiting approval").first).to_be_visible()
    expect(builder.get_by_role("button", name="Approve and publish")).to_have_count(0)
    _axe(builder, javascript)

    approver = _context_page(browser, live_server, javascript=javascript)
    sign_in(approver, email=APPROVER, password=DEFAULT_PASSWORD)
    approver.goto(f"{base}/releases/")
    approver.get_by_role("link", name="1.2.0").click()
    expect(approver.get_by_text("What would change in Work order")).to_be_visible()
    _axe(approver, javascript)
    approver.get_by_role("button", name="Approve and publish").click()
    expect(
        approver.get_by_role("heading", name="Are you sure you want to publish version 1.2.0?")
    ).to_be_visible()
    _axe(approver, javascript)
    approver.get_by_role("button", name="Approve and publish").click()
    expect(approver.get_by_text("Version 1.2.0 of Damp and mould is published")).to_be_visible()

    for proposal in (world.first, world.second):
        approver.goto(proposal.get_absolute_url())
        expect(approver.locator(".govuk-inset-text").first).to_contain_text(
            "Released in version 1.2.0"
        )
        expect(
            approver.get_by_role("link", name="See what changed in that version")
        ).to_have_attribute("href", f"{base}/compare/1.1.0...1.2.0/")
    approver.goto(f"{base}/1.1.0/")
    expect(approver.get_by_text("Superseded").first).to_be_visible()

    # The open proposal on 1.1.0 stays open for comment and is flagged as needing a rebase.
    approver.goto(world.waiting.get_absolute_url())
    caption = approver.locator(".govuk-caption-xl")
    expect(caption).to_contain_text("Open for comment")
    expect(caption.locator(".govuk-tag--yellow")).to_have_text("Needs rebase")
    expect(approver.get_by_role("heading", name="Needs rebase", level=2)).to_be_visible()
    _axe(approver, javascript)
