"""The whole governance cycle in a real browser, with JavaScript on and off (issue 18).

A member proposes an attribute through the pages; a member of another group comments; a convener
starts the vote once the comment period is over; a member of each group approves; the vote
closes at its deadline. A steward builds a release from the accepted proposal; a second steward
rejects it with a reason; the first steward reads the reason and, since the draft stays, asks
for approval again; the second steward approves and publishes. The author of a proposal still
open on the old version rebases it.

Afterwards a private draft written on the old version needs a rebase but stays a draft: its
author sees the rebase banner, a steward sees it, and it is still hidden from anyone else (404 on
its page and its JSON, absent from the proposals list and the Atom feed). The released proposal
still shows its change set, with its impact and no "Does not apply", where it was released, and a
link to that version's diff. The pages of the
four-eyes rule (asking to publish, rejecting, the release with its history) pass axe.

A second test checks that a refusal on the approval page (the draft changed since the request)
is a 400 with the GOV.UK error summary, never a 500.
"""

from types import SimpleNamespace

import pytest
from playwright.sync_api import Browser, Page, expect

from standards.choices import ComponentKind, ProposalStatus, VersionStatus
from standards.models import Attribute, Ballot, Proposal, StandardVersion
from standards.releases.services import release_request
from standards.versions.services import version_draft_create
from tests.community.factories import DEFAULT_PASSWORD, StewardFactory
from tests.e2e.conftest import assert_accessible, sign_in
from tests.standards.factories import (
    AttributeFactory,
    CodeFactory,
    ComponentVersionFactory,
    StandardFactory,
    VersionFactory,
    add_attribute,
    add_code,
    draft_proposal,
    open_for_comment,
    past_comment_period,
    past_deadline,
    publish_with_four_eyes,
    voters,
)

BASE = "/standards/damp-and-mould"
TITLE = "Record how urgent a work order is"
REASON = "The release notes do not say who asked for the urgency."
PRIVATE_TITLE = "A private idea about social care"


@pytest.fixture(params=[True, False], ids=["javascript-on", "javascript-off"])
def javascript(request) -> bool:
    return request.param


@pytest.fixture
def world():
    """Damp and mould 1.0.0, published; the founding groups with a member each and a convener;
    two stewards who did not publish 1.0.0; an open proposal and a private draft on 1.0.0."""
    founder = StewardFactory(first_name="Fay", last_name="Founder")
    builder = StewardFactory(first_name="Bea", last_name="Builder")
    approver = StewardFactory(first_name="Sam", last_name="Second")
    standard = StandardFactory(slug="damp-and-mould", name="Damp and mould", proposal_prefix="DM")
    draft = VersionFactory(standard=standard, release_notes="The first release.")
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
    version = publish_with_four_eyes(actor=founder, version=draft)
    people = voters()
    waiting = open_for_comment(
        author=people.members["la"],
        base_version=version,
        operations=[add_attribute("contractor")],
        title="Name the contractor",
    )
    private = draft_proposal(
        author=people.members["ts"],
        base_version=version,
        operations=[add_code()],
        title=PRIVATE_TITLE,
    )
    return SimpleNamespace(
        standard=standard,
        version=version,
        people=people,
        builder=builder,
        approver=approver,
        waiting=waiting,
        private=private,
    )


def _axe(page: Page, javascript: bool) -> None:
    """Axe itself needs JavaScript to run."""
    if javascript:
        assert_accessible(page)


def _success(page: Page, text: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(text)


def _open(browser: Browser, live_server, *, javascript: bool, user=None) -> Page:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    if user is not None:
        sign_in(page, email=user.email, password=DEFAULT_PASSWORD)
    return page


def _propose(page: Page, javascript: bool) -> str:
    """Propose an optional attribute of Work order, through the pages; the proposal's URL."""
    page.goto(f"{BASE}/1.0.0/work-order/")
    page.get_by_role("link", name="Propose a change").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("What is the problem?").fill("Contractors cannot tell emergencies apart.")
    page.get_by_label("What does someone need to do?").fill("Send the most urgent jobs first.")
    page.get_by_label("Who is affected?").fill("Landlords and repairs contractors.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Add a change").click()
    page.get_by_label("Add an attribute").check()
    expect(page.get_by_label("Which component?")).to_have_value("work-order")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Key").fill("urgency")
    page.get_by_label("Name", exact=True).fill("urgency")
    page.get_by_label("Definition").fill("How soon the work must be done.")
    page.get_by_role("button", name="Add to the change set").click()
    expect(page.locator("#change-1")).to_contain_text("urgency")
    page.get_by_role("link", name="Continue to check your answers").click()
    expect(page.get_by_text("Things were added or deprecated").first).to_be_visible()
    page.get_by_role("button", name="Submit for comment").click()
    _success(page, "is open for comment")
    _axe(page, javascript)
    return page.url


def _vote(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("link", name="Vote on this proposal").click()
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record your vote").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your vote on")


def test_propose_vote_release_reject_approve_and_rebase(
    browser: Browser, live_server, world, javascript
):
    people = world.people
    author, commenter = people.members["ha"], people.members["la"]

    # Propose, comment, vote, close.
    proposer = _open(browser, live_server, javascript=javascript, user=author)
    proposal_url = _propose(proposer, javascript)
    proposal = Proposal.objects.get(title=TITLE)
    assert proposal.status == ProposalStatus.OPEN

    other = _open(browser, live_server, javascript=javascript, user=commenter)
    other.goto(proposal_url)
    other.get_by_label("Your comment").fill("Should urgency use the priority codes?")
    other.get_by_role("button", name="Post comment").click()
    expect(other.locator(".app-comment").first).to_contain_text("priority codes")

    past_comment_period(proposal)
    convener = _open(browser, live_server, javascript=javascript, user=people.convener)
    convener.goto(proposal_url)
    convener.get_by_role("button", name="Start voting").click()
    expect(convener.locator("#voting")).to_have_text("Voting")

    _vote(proposer, proposal_url)
    _vote(other, proposal_url)
    private_author = _open(browser, live_server, javascript=javascript, user=people.members["ts"])
    _vote(private_author, proposal_url)
    past_deadline(Ballot.objects.get(proposal=proposal))
    proposer.goto(proposal_url)
    expect(proposer.locator(".govuk-panel__title")).to_have_text("Accepted")

    # A steward builds a release from it.
    builder = _open(browser, live_server, javascript=javascript, user=world.builder)
    builder.goto(f"{BASE}/releases/")
    builder.get_by_role("button", name="Build a release").click()
    builder.get_by_label(f"{proposal.reference}: {TITLE}").check()
    builder.get_by_role("button", name="Preview the release").click()
    expect(builder.get_by_role("heading", name="Check the release 1.1.0")).to_be_visible()
    builder.get_by_role("button", name="Request approval").click()
    expect(builder.get_by_role("heading", name="Release of version 1.1.0")).to_be_visible()
    expect(builder.get_by_text("Awaiting approval").first).to_be_visible()
    expect(builder.get_by_role("button", name="Approve and publish")).to_have_count(0)
    expect(builder.get_by_role("button", name="Reject")).to_have_count(0)
    release_url = builder.url

    # A second steward rejects it, saying why.
    approver = _open(browser, live_server, javascript=javascript, user=world.approver)
    approver.goto(release_url)
    expect(approver.get_by_role("button", name="Approve and publish")).to_be_visible()
    approver.get_by_role("button", name="Reject").click()
    expect(approver.get_by_role("heading", level=1)).to_have_text(
        "Reject the request to publish version 1.1.0"
    )
    _axe(approver, javascript)
    approver.get_by_role("button", name="Reject the request").click()
    expect(approver.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you are rejecting this request"
    )
    _axe(approver, javascript)
    approver.get_by_label("Why are you rejecting it?").fill(REASON)
    approver.get_by_role("button", name="Reject the request").click()
    _success(approver, "You rejected the request to publish version 1.1.0")
    expect(approver.get_by_role("button", name="Approve and publish")).to_have_count(0)

    # The first steward reads the reason and, as the draft stays, asks again.
    builder.goto(release_url)
    status = builder.locator(".govuk-summary-list__row", has_text="Status")
    expect(status).to_contain_text("Rejected by Sam Second")
    expect(status).to_contain_text(f"Reason: {REASON}")
    assert StandardVersion.objects.get(standard=world.standard, major=1, minor=1).is_draft
    _axe(builder, javascript)
    builder.get_by_role("button", name="Request approval again").click()
    expect(builder.get_by_role("heading", level=1)).to_have_text(
        "Ask a second steward to publish version 1.1.0"
    )
    expect(builder.locator(".govuk-inset-text").first).to_contain_text(REASON)
    _axe(builder, javascript)
    builder.get_by_label("Release notes").fill(
        builder.get_by_label("Release notes").input_value()
        + "\nAsked for by repairs contractors.\n"
    )
    builder.get_by_role("button", name="Ask for approval").click()
    _success(builder, "Version 1.1.0 is waiting for another steward to approve it")
    expect(builder.get_by_text("Awaiting approval").first).to_be_visible()
    history = builder.locator("#history ~ ol")
    expect(history.get_by_text("Approval requested")).to_have_count(2)
    expect(history.get_by_text("Approval request rejected")).to_have_count(1)
    expect(history).to_contain_text(f"Reason: {REASON}")
    _axe(builder, javascript)

    # The second steward approves and publishes.
    approver.goto(release_url)
    approver.get_by_role("button", name="Approve and publish").click()
    expect(approver.get_by_text("Asked for by repairs contractors.")).to_be_visible()
    approver.get_by_role("button", name="Approve and publish").click()
    _success(approver, "Version 1.1.0 of Damp and mould is published")
    approver.goto(release_url)
    expect(approver.locator("#history ~ ol")).to_contain_text("Published")
    _axe(approver, javascript)

    # The private draft on 1.0.0 needs a rebase, and stays a draft that only its author and
    # the stewards see.
    world.private.refresh_from_db()
    assert world.private.status == ProposalStatus.DRAFT
    assert world.private.needs_rebase
    private_url = world.private.get_absolute_url()
    approver.goto(private_url)
    caption = approver.locator(".govuk-caption-xl")
    expect(caption).to_contain_text("Draft")
    expect(caption.locator(".govuk-tag--yellow")).to_have_text("Needs rebase")
    private_json = private_url.rstrip("/") + ".json"
    assert approver.request.get(private_json).status == 200
    assert private_author.goto(private_url).status == 200
    expect(private_author.get_by_role("heading", name="Needs rebase", level=2)).to_be_visible()
    expect(
        private_author.get_by_role("button", name="Rebase on the current version")
    ).to_be_visible()
    assert other.goto(private_url).status == 404  # a member who is not its author
    assert other.request.get(private_json).status == 404

    # The author of the open proposal on 1.0.0 rebases it.
    other.goto(world.waiting.get_absolute_url())
    expect(other.locator(".govuk-caption-xl .govuk-tag--yellow")).to_have_text("Needs rebase")
    _axe(other, javascript)
    other.get_by_role("button", name="Rebase on the current version").click()
    _success(other, f"{world.waiting.reference} now changes version 1.1.0")
    expect(other.locator(".govuk-caption-xl .govuk-tag--yellow")).to_have_count(0)
    expect(other.get_by_role("button", name="Rebase on the current version")).to_have_count(0)
    world.waiting.refresh_from_db()
    assert not world.waiting.needs_rebase
    assert world.waiting.base_version.number == "1.1.0"

    # Signed out: the private draft is nowhere; the released proposal keeps its record.
    visitor = _open(browser, live_server, javascript=javascript)
    assert visitor.goto(private_url).status == 404
    assert visitor.request.get(private_json).status == 404
    visitor.goto(f"{BASE}/proposals/")
    listing = visitor.locator("main")
    expect(listing).to_contain_text(TITLE)
    expect(listing).to_contain_text("Name the contractor")
    expect(listing).not_to_contain_text(PRIVATE_TITLE)
    feed = visitor.request.get(f"{BASE}/proposals/feed/")
    assert feed.ok
    assert TITLE in feed.text()
    assert PRIVATE_TITLE not in feed.text()

    visitor.goto(proposal_url)
    expect(visitor.locator(".govuk-caption-xl")).to_contain_text("Released")
    expect(visitor.locator(".govuk-inset-text").first).to_contain_text("Released in version 1.1.0")
    changes = visitor.locator("#change-1")
    expect(changes).to_contain_text("urgency")
    expect(changes).to_contain_text("Minor")
    expect(visitor.get_by_text("Does not apply")).to_have_count(0)
    expect(visitor.locator("#redline ~ *").first).not_to_contain_text("Nothing would change")
    _axe(visitor, javascript)
    visitor.get_by_role("link", name="See what changed in that version").click()
    expect(visitor).to_have_url(f"{live_server.url}{BASE}/compare/1.0.0...1.1.0/")
    expect(visitor.locator("main")).to_contain_text("urgency")


def test_approving_a_draft_that_changed_is_refused_in_the_error_summary(
    browser: Browser, live_server, world
):
    """The draft changes between the approver opening the approve page and confirming: the
    page answers 400 with the reason in the error summary, and nothing is published."""
    draft = version_draft_create(
        actor=world.builder, standard=world.standard, number="1.1.0", base=world.version
    )
    release = release_request(actor=world.builder, version=draft, notes="Nothing new yet.")
    approver = _open(browser, live_server, javascript=True, user=world.approver)
    approver.goto(f"{BASE}/releases/{release.pk}/approve/")
    expect(approver.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to publish version 1.1.0?"
    )

    Attribute.objects.filter(component_version__version=draft, key="description").update(
        definition="Changed after the request."
    )
    with approver.expect_response(lambda response: response.request.method == "POST") as answer:
        approver.get_by_role("button", name="Approve and publish").click()
    assert answer.value.status == 400
    summary = approver.locator(".govuk-error-summary")
    expect(summary).to_contain_text("has changed since approval was requested")
    expect(approver.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to publish version 1.1.0?"
    )
    assert_accessible(approver)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT

    approver.goto(f"{BASE}/releases/{release.pk}/")
    expect(
        approver.get_by_text("The draft has changed since approval was requested")
    ).to_be_visible()
    expect(approver.get_by_role("button", name="Approve and publish")).to_have_count(0)
    expect(approver.get_by_role("button", name="Reject")).to_be_visible()
