"""Community pages in a real browser: an axe sweep of every page type, and the joining journey."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from community import demo
from community.models import Invitation, Membership, Organisation, User, WorkingGroup
from tests.community.factories import InvitationFactory, JoinRequestFactory, MemberUserFactory
from tests.e2e.conftest import assert_accessible, sign_in

HA = "housing-associations"
NEW_MEMBER = "new-member@brookvalehomes.example.org.uk"
HA_CONVENER = "ha-convener@brookvalehomes.example.org.uk"
HA_MEMBER = "ha-member@brookvalehomes.example.org.uk"
STEWARD = "steward@example.gov.uk"


@pytest.fixture
def community():
    """The demo community, plus a pending request and an invitation so every page has content."""
    demo.load()
    group = WorkingGroup.objects.get(slug=HA)
    convener = User.objects.get(email=HA_CONVENER)
    applicant = MemberUserFactory(first_name="Robin", last_name="Applicant")
    return SimpleNamespace(
        group=group,
        join_request=JoinRequestFactory(group=group, user=applicant),
        invitation=InvitationFactory(group=group, invited_by=convener, email="guest@example.org"),
        member=Membership.objects.get(group=group, user__email=HA_MEMBER),
        unverified=Organisation.objects.get(verified_at__isnull=True),
    )


def _paths(c) -> dict[str, list[str]]:
    slug = c.group.slug
    return {
        "anonymous": [
            reverse("community:group_list"),
            reverse("community:group_detail", args=[slug]),
            c.invitation.get_absolute_url(),
            reverse("community:invitation_detail", args=["no-such-token"]),
        ],
        NEW_MEMBER: [
            reverse("account_overview"),
            reverse("community:organisation_choose"),
            reverse("community:organisation_choose") + "?q=Homes",
            reverse("community:organisation_register"),
            reverse("community:join_request_create", args=[slug]),
            reverse("community:group_detail", args=[slug]),
        ],
        HA_MEMBER: [
            reverse("community:group_detail", args=[slug]),
            reverse("community:membership_leave", args=[slug]),
            reverse("account_overview"),
        ],
        HA_CONVENER: [
            reverse("community:group_manage", args=[slug]),
            reverse("community:group_members_manage", args=[slug]),
            reverse("community:group_invitations", args=[slug]),
            reverse("community:group_history", args=[slug]),
            reverse("community:join_request_decide", args=[slug, c.join_request.pk]),
            reverse("community:invitation_create", args=[slug]),
            reverse("community:invitation_revoke", args=[slug, c.invitation.pk]),
            reverse("community:membership_remove", args=[slug, c.member.pk]),
            reverse("community:membership_role_change", args=[slug, c.member.pk]),
        ],
        STEWARD: [
            reverse("community:steward_overview"),
            reverse("community:organisation_verify", args=[c.unverified.pk]),
            reverse("community:group_create"),
            reverse("community:group_archive", args=[slug]),
            reverse("community:convener_appoint", args=[slug]),
        ],
    }


@pytest.mark.parametrize("who", ["anonymous", NEW_MEMBER, HA_MEMBER, HA_CONVENER, STEWARD])
def test_community_pages_have_no_wcag_22_aa_violations(page: Page, community, who):
    if who != "anonymous":
        sign_in(page, email=who, password=demo.DEMO_PASSWORD)
        expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    for path in _paths(community)[who]:
        page.goto(path)
        assert_accessible(page)


def test_form_errors_on_community_pages_have_no_wcag_22_aa_violations(page: Page, community):
    sign_in(page, email=HA_CONVENER, password=demo.DEMO_PASSWORD)
    page.goto(
        reverse(
            "community:join_request_decide", args=[community.group.slug, community.join_request.pk]
        )
    )
    page.get_by_label("No, reject it").check()
    page.get_by_role("button", name="Save decision").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a reason for rejecting")
    assert_accessible(page)


def test_a_refused_invitation_has_no_wcag_22_aa_violations(page: Page, community):
    sign_in(page, email=NEW_MEMBER, password=demo.DEMO_PASSWORD)
    invitation = Invitation.objects.get(pk=community.invitation.pk)
    page.goto(invitation.get_absolute_url())
    page.get_by_role("button", name="Accept invitation").click()

    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_a_person_asks_to_join_the_convener_approves_and_they_see_the_group(page: Page):
    demo.load()

    # The new member asks to join, choosing their organisation on the way.
    sign_in(page, email=NEW_MEMBER, password=demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Community").click()
    page.get_by_role("link", name="Housing associations").click()
    page.get_by_role("button", name="Ask to join this group").click()
    page.get_by_role("button", name="Tell us your organisation").click()
    page.get_by_label("Brookvale Homes").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask to join Housing associations")
    page.get_by_label("Why do you want to join this group?").fill(
        "I look after our repairs data and want to help with the damp and mould model."
    )
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "has been sent to its conveners"
    )
    page.context.clear_cookies()

    # The convener approves the request from their dashboard.
    sign_in(page, email=HA_CONVENER, password=demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Manage Housing associations").click()
    page.get_by_role("link", name="Decide on Chris Taylor’s request").click()
    page.get_by_label("Yes, approve it").check()
    page.get_by_label("Reason").fill("Welcome to the group")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You approved Chris Taylor's request to join"
    )
    page.context.clear_cookies()

    # The new member now sees the group in "Your account".
    sign_in(page, email=NEW_MEMBER, password=demo.DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    groups = page.locator(".govuk-summary-list").filter(has_text="since")
    expect(groups).to_contain_text("Housing associations")
    expect(groups).to_contain_text("Member")
