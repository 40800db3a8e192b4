"""Change proposals in a real browser, with JavaScript on and off.

The journey of issue 8: a member proposes three changes to the current version, checks the
redline and impacts, and submits; a member of another group comments; the author replies; the
timeline shows each step. Every proposal page also joins the axe sweep.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from standards.choices import ComponentKind, OperationKind
from standards.engine.changesets import Operation
from standards.proposals.services import comment_add
from tests.community.factories import (
    DEFAULT_PASSWORD,
    ConvenerFactory,
    MembershipFactory,
    StewardFactory,
)
from tests.e2e.conftest import assert_accessible, sign_in
from tests.standards.factories import (
    AttributeFactory,
    CodeFactory,
    ComponentVersionFactory,
    ProposalFactory,
    StandardFactory,
    VersionFactory,
    publish_with_four_eyes,
)

BASE = "/standards/damp-and-mould"
LA_MEMBER = "la-member@northmere.example.gov.uk"
HA_MEMBER = "ha-member@brookvalehomes.example.org.uk"
LA_CONVENER = "la-convener@northmere.example.gov.uk"
STEWARD = "steward@example.gov.uk"


@pytest.fixture
def world():
    """A published version with Investigation hazard and Person alert codes, and the people."""
    steward = StewardFactory(email=STEWARD, first_name="Sam", last_name="Steward")
    standard = StandardFactory(slug="damp-and-mould", name="Damp and mould")
    version = VersionFactory(standard=standard)
    hazard = ComponentVersionFactory(
        version=version,
        component__key="investigation-hazard",
        name="Investigation hazard",
        definition="A hazard found during an investigation of damp and mould.",
    )
    AttributeFactory(
        component_version=hazard,
        key="notes",
        name="notes",
        definition="Free text notes about the hazard.",
    )
    AttributeFactory(
        component_version=hazard,
        key="severity_id",
        name="severity_id",
        definition="How severe the hazard is.",
    )
    alerts = ComponentVersionFactory(
        version=version,
        kind=ComponentKind.CODE_LIST,
        component__key="person-alert-codes",
        name="Person alert codes",
    )
    CodeFactory(component_version=alerts, value="MH1", label="Mental health")
    version = publish_with_four_eyes(actor=steward, version=version)
    la = MembershipFactory(user__email=LA_MEMBER, user__first_name="Lee", user__last_name="Member")
    ha = MembershipFactory(user__email=HA_MEMBER, user__first_name="Hana", user__last_name="Member")
    convener = ConvenerFactory(
        group=la.group,
        user__email=LA_CONVENER,
        user__first_name="Cara",
        user__last_name="Convener",
    )
    return SimpleNamespace(
        standard=standard,
        version=version,
        author=la.user,
        other=ha.user,
        convener=convener.user,
        steward=steward,
    )


def _context_page(browser: Browser, live_server, *, javascript: bool) -> Page:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture(params=[True, False], ids=["javascript-on", "javascript-off"])
def javascript(request) -> bool:
    return request.param


def _axe(page: Page, javascript: bool) -> None:
    """Every page of the journey passes axe. Axe itself needs JavaScript to run."""
    if javascript:
        assert_accessible(page)


def test_propose_comment_and_reply(browser: Browser, live_server, world, javascript):
    page = _context_page(browser, live_server, javascript=javascript)
    sign_in(page, email=LA_MEMBER, password=DEFAULT_PASSWORD)

    # Open Investigation hazard in the current version and propose a change.
    page.goto(f"{BASE}/1.0.0/investigation-hazard/")
    page.get_by_role("link", name="Propose a change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Propose a change to Investigation hazard"
    )
    _axe(page, javascript)
    page.get_by_label("Title").fill("Record a photo of each hazard")
    page.get_by_label("What is the problem?").fill("Surveyors cannot attach a photo.")
    page.get_by_label("What does someone need to do?").fill("Show the hazard to a contractor.")
    page.get_by_label("Who is affected?").fill("Landlords and their repairs suppliers.")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your change set")
    _axe(page, javascript)

    # 1. An optional attribute.
    page.get_by_role("link", name="Add a change").click()
    _axe(page, javascript)
    page.get_by_label("Add an attribute").check()
    expect(page.get_by_label("Which component?")).to_have_value("investigation-hazard")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Add an attribute to Investigation hazard"
    )
    _axe(page, javascript)
    page.get_by_label("Key").fill("photo_url")
    page.get_by_label("Name", exact=True).fill("photoUrl")
    page.get_by_label("Definition").fill("A link to a photo of the hazard.")
    page.get_by_role("textbox", name="Format (optional)").fill("uri")
    page.get_by_role("button", name="Add to the change set").click()
    expect(page.locator("#change-1")).to_contain_text("photoUrl")

    # 2. Deprecate notes, naming the new attribute as its replacement.
    page.get_by_role("link", name="Add a change").click()
    page.get_by_label("Deprecate an attribute").check()
    page.get_by_label("Which component?").select_option("investigation-hazard")
    page.get_by_role("button", name="Continue").click()
    _axe(page, javascript)
    page.get_by_label("Choose the attribute").select_option("notes")
    page.get_by_role("button", name="Continue").click()
    _axe(page, javascript)
    page.get_by_label("What replaces it?").select_option("photo_url")
    page.get_by_label("Note for people who use it").fill("Attach a photo instead.")
    page.get_by_role("button", name="Add to the change set").click()
    expect(page.locator("#change-2")).to_contain_text("Deprecate an attribute")

    # 3. A code in Person alert codes.
    page.get_by_role("link", name="Add a change").click()
    page.get_by_label("Add a code").check()
    page.get_by_label("Which component?").select_option("person-alert-codes")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code", exact=True).fill("MH2")
    page.get_by_label("Label").fill("Hoarding")
    page.get_by_role("button", name="Add to the change set").click()
    expect(page.locator("#change-3")).to_contain_text("MH2")
    _axe(page, javascript)

    # Check answers: the redline, each operation's impact and the overall impact.
    page.get_by_role("link", name="Continue to check your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before submitting your proposal"
    )
    expect(page.locator(".app-redline__added").first).to_be_visible()
    expect(page.get_by_text("Readers ignore attributes they do not know")).to_be_visible()
    expect(page.get_by_text("Deprecation warns before a later removal").first).to_be_visible()
    expect(page.get_by_text("Things were added or deprecated").first).to_be_visible()
    _axe(page, javascript)
    page.get_by_role("button", name="Submit for comment").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "is open for comment"
    )
    proposal_url = page.url
    _axe(page, javascript)

    # A member of another group comments.
    other = _context_page(browser, live_server, javascript=javascript)
    sign_in(other, email=HA_MEMBER, password=DEFAULT_PASSWORD)
    other.goto(proposal_url)
    other.get_by_label("Your comment").fill("Could the photo be *optional* for **old** data?")
    other.get_by_role("button", name="Post comment").click()
    expect(other.locator(".app-comment").first).to_contain_text("Hana Member")
    expect(other.locator(".app-comment strong").first).to_have_text("old")

    # The author answers in the thread.
    page.goto(proposal_url)
    page.locator("summary", has_text="Reply").first.click()
    page.get_by_label("Your reply").fill("Yes: the attribute is optional.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator("article.app-comment--reply").first).to_contain_text(
        "the attribute is optional"
    )
    _axe(page, javascript)

    # The timeline shows each step.
    timeline = page.locator(".app-timeline")
    expect(timeline).to_contain_text("Draft started")
    # The three edits in a row by the author are one entry.
    expect(timeline.get_by_text("Change set edited")).to_have_count(1)
    expect(timeline).to_contain_text("3 edits, from")
    expect(timeline).to_contain_text("Open for comment")
    expect(timeline.get_by_text("Comment added")).to_have_count(2)

    other.context.close()
    page.context.close()


@pytest.fixture
def sweep(world):
    """A draft and an open proposal with a comment, so every page has content."""
    add = Operation(
        kind=OperationKind.ADD_CODE,
        component="person-alert-codes",
        member="MH2",
        values={"value": "MH2", "label": "Hoarding"},
    )
    draft = ProposalFactory(author=world.author, base_version=world.version, operations=[add])
    opened = ProposalFactory(
        author=world.author,
        base_version=world.version,
        title="Add a hoarding code",
        operations=[add],
        submit=True,
    )
    comment = comment_add(actor=world.other, proposal=opened, body="Looks *right* to me.")
    return SimpleNamespace(draft=draft, opened=opened, comment=comment, world=world)


def _sweep_paths(s) -> dict[str, list[str]]:
    d, o = s.draft, s.opened
    draft_base = d.get_absolute_url()
    open_base = o.get_absolute_url()
    return {
        LA_MEMBER: [
            f"{BASE}/proposals/",
            f"{BASE}/proposals/?q=zebra&status=open&impact=major",
            f"{BASE}/proposals/new/",
            draft_base,
            f"{draft_base}edit/",
            f"{draft_base}changes/",
            f"{draft_base}changes/add/",
            f"{draft_base}changes/add/add_attribute/?component=investigation-hazard",
            f"{draft_base}changes/add/change_attribute/?component=investigation-hazard",
            f"{draft_base}changes/add/change_attribute/?component=investigation-hazard&member=notes",
            f"{draft_base}changes/add/deprecate_code/?component=person-alert-codes&member=MH1",
            f"{draft_base}changes/add/remove_attribute/?component=investigation-hazard",
            f"{draft_base}changes/add/add_component/?component=repair",
            f"{draft_base}changes/upload/",
            f"{draft_base}check/",
            open_base,
            f"{open_base}withdraw/",
            reverse("account_overview"),
        ],
        HA_MEMBER: [open_base, f"{open_base}comments/{s.comment.pk}/edit/"],
        LA_CONVENER: [open_base, f"{open_base}comments/{s.comment.pk}/hide/"],
        STEWARD: [draft_base, f"{BASE}/1.0.0/person-alert-codes/"],
    }


@pytest.mark.parametrize("who", [LA_MEMBER, HA_MEMBER, LA_CONVENER, STEWARD, "anonymous"])
def test_proposal_pages_have_no_wcag_22_aa_violations(page: Page, sweep, who):
    paths = _sweep_paths(sweep).get(who, [f"{BASE}/proposals/", sweep.opened.get_absolute_url()])
    if who != "anonymous":
        sign_in(page, email=who, password=DEFAULT_PASSWORD)
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)


def test_error_states_have_no_wcag_22_aa_violations(page: Page, sweep):
    sign_in(page, email=LA_MEMBER, password=DEFAULT_PASSWORD)
    page.goto(
        f"{sweep.draft.get_absolute_url()}changes/add/add_attribute/?component=investigation-hazard"
    )
    page.get_by_label("Pattern").fill("([A-Z")
    page.get_by_label("Name", exact=True).fill("postcode")
    page.get_by_role("button", name="Add to the change set").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a regular expression that JSON Schema can use"
    )
    expect(page.get_by_label("Pattern")).to_have_value("([A-Z")
    assert_accessible(page)

    page.goto(sweep.opened.get_absolute_url())
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your comment")
    assert_accessible(page)

    page.goto(f"{sweep.draft.get_absolute_url()}changes/add/")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what you want to change")
    assert_accessible(page)
