"""Voting in a real browser, with JavaScript on and off.

The journey of issue 9: a convener starts voting; members of the three groups approve, object
and abstain; the author answers the objection; the objector changes their mind; the tally says
in words what is still needed; at the deadline the vote closes by itself and the decision is
recorded. Every voting page joins the axe sweep.
"""

import pytest
from playwright.sync_api import Browser, Page, expect

from standards.models import Ballot
from tests.community.factories import DEFAULT_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in
from tests.standards.factories import electorate, past_deadline


@pytest.fixture(params=[True, False], ids=["javascript-on", "javascript-off"])
def javascript(request) -> bool:
    return request.param


@pytest.fixture
def world(steward):
    return electorate(steward=steward, per_group=1)


def _page(browser: Browser, live_server, *, javascript: bool) -> Page:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def _as(browser, live_server, javascript, user) -> Page:
    page = _page(browser, live_server, javascript=javascript)
    sign_in(page, email=user.email, password=DEFAULT_PASSWORD)
    return page


def _vote(page: Page, world, *, stance: str, reason: str = "") -> None:
    page.goto(world.proposal.get_absolute_url())
    page.get_by_role("link", name="Vote on this proposal").or_(
        page.get_by_role("link", name="Change your vote")
    ).first.click()
    page.get_by_label(stance).check()
    if reason:
        page.get_by_label("Your reason").fill(reason)
    page.get_by_role("button", name="Record your vote").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your vote on")


def test_vote_from_opening_to_decision(browser: Browser, live_server, world, javascript):
    convener = _as(browser, live_server, javascript, world.convener)
    convener.goto(world.proposal.get_absolute_url())
    convener.get_by_role("button", name="Start voting").click()
    expect(convener.locator("#voting")).to_have_text("Voting")
    if javascript:
        assert_accessible(convener)

    la, ha, ts = (world.members[key][0] for key in ("la", "ha", "ts"))
    la_page = _as(browser, live_server, javascript, la)
    _vote(la_page, world, stance="Approve")
    ha_page = _as(browser, live_server, javascript, ha)
    _vote(ha_page, world, stance="Object", reason="The definition is too vague to implement.")
    ts_page = _as(browser, live_server, javascript, ts)
    ts_page.goto(world.proposal.get_absolute_url())
    ts_page.get_by_role("link", name="Vote on this proposal").click()
    if javascript:
        assert_accessible(ts_page)
    ts_page.get_by_label("Abstain").check()
    ts_page.get_by_role("button", name="Record your vote").click()

    author = _as(browser, live_server, javascript, world.author)
    author.goto(world.proposal.get_absolute_url())
    author.get_by_role("link", name="Answer this objection").click()
    if javascript:
        assert_accessible(author)
    author.get_by_label("Not persuasive").check()
    author.get_by_label("Your answer").fill("The definition names the unit and the range.")
    author.get_by_role("button", name="Publish your answer").click()
    expect(author.locator("#objections ~ div").first).to_contain_text("Not persuasive")

    _vote(ha_page, world, stance="Approve")
    ha_page.goto(world.proposal.get_absolute_url())
    panel = ha_page.locator("table", has_text="Votes by working group")
    expect(panel).to_contain_text("Quorum and threshold are met.")
    expect(ha_page.locator("body")).to_contain_text(f"{ha.get_full_name()}: approve")
    timeline = ha_page.locator(".app-timeline")
    expect(timeline).to_contain_text("Changed their vote from object to approve")
    if javascript:
        assert_accessible(ha_page)

    past_deadline(Ballot.objects.get(proposal=world.proposal))
    anonymous = _page(browser, live_server, javascript=javascript)
    anonymous.goto(world.proposal.get_absolute_url())
    expect(anonymous.locator(".govuk-panel__title")).to_have_text("Accepted")
    expect(anonymous.locator(".app-timeline")).to_contain_text("Voting closed: accepted")
    expect(anonymous.locator("body")).not_to_contain_text(f"{la.get_full_name()}: approve")
    if javascript:
        assert_accessible(anonymous)


def test_rule_settings_and_account_votes_have_no_wcag_22_aa_violations(
    browser: Browser, live_server, world
):
    world.open_ballot()
    steward = _as(browser, live_server, True, world.steward)
    steward.goto(f"/standards/{world.proposal.standard.slug}/decision-rules/")
    expect(steward.get_by_role("heading", level=1)).to_have_text("How the working groups decide")
    assert_accessible(steward)
    steward.get_by_label("Quorum, as a percentage of each group’s eligible members").fill("")
    steward.get_by_role("button", name="Save the rule").click()
    expect(steward.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(steward)

    member = _as(browser, live_server, True, world.members["la"][0])
    member.goto("/account/")
    expect(member.locator("#votes ~ ul").first).to_contain_text(world.proposal.reference)
    assert_accessible(member)
