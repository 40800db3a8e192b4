"""Markup typed into any field someone controls stays text on every page that shows it.

Checked through the browser's DOM: no element from the payload exists, and its text is shown
literally. String matching on HTML would miss markup that the browser assembles differently.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from community.models import WorkingGroup
from community.services import join_requests as services_join_requests
from tests.community.factories import (
    DEFAULT_PASSWORD,
    ConvenerFactory,
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    MemberUserFactory,
    OrganisationFactory,
    StewardFactory,
    UserFactory,
)
from tests.e2e.conftest import sign_in

# Each payload, if it became markup, would add an element with the id "injected" (or a refresh).
PAYLOAD = '<img src=x id=injected><meta http-equiv="refresh" content="0;url=/pwned">'
SHORT_PAYLOAD = "<b id=injected>x</b>"  # for fields too short for the full one
# An email address may not be quoted any more, but these characters are still allowed in one.
ODD_EMAIL = "o'neil&amp;{x}@example.org"


@pytest.fixture
def world():
    organisation = OrganisationFactory(name=f"Homes {PAYLOAD}", identifier="L0777")
    group = WorkingGroup.objects.create(
        name=f"Group {SHORT_PAYLOAD}", slug="escaping", remit=f"Remit {PAYLOAD}"
    )
    convener = ConvenerFactory(
        group=group, user__first_name=f"Cal {SHORT_PAYLOAD}", user__organisation=organisation
    ).user
    member = MembershipFactory(
        group=group,
        user=MemberUserFactory(
            first_name=SHORT_PAYLOAD,
            last_name=PAYLOAD,
            email=ODD_EMAIL,
            organisation=organisation,
        ),
    )
    applicant = MemberUserFactory(first_name=PAYLOAD, organisation=organisation)
    join_request = JoinRequestFactory(group=group, user=applicant, statement=f"Me {PAYLOAD}")
    rejected = JoinRequestFactory(group=group, statement=PAYLOAD)
    services_join_requests.join_request_reject(
        actor=convener, join_request=rejected, reason=f"No {PAYLOAD}"
    )
    invitation = InvitationFactory(
        group=group, invited_by=convener, email=ODD_EMAIL, message=f"Hi {PAYLOAD}"
    )
    OrganisationFactory(name=f"Unverified {PAYLOAD}", unverified=True, identifier="L0778")
    return SimpleNamespace(
        group=group,
        convener=convener,
        member=member,
        join_request=join_request,
        invitation=invitation,
        steward=StewardFactory(),
        outsider=UserFactory(),
    )


def assert_shown_as_text(page: Page, path: str, *, literal: str = PAYLOAD) -> None:
    response = page.goto(path)
    assert response.status == 200, path
    assert page.locator("#injected").count() == 0, f"Markup became elements on {path}"
    assert page.locator("meta[http-equiv]").count() == 0, f"A meta refresh was injected on {path}"
    assert literal in page.locator("main").inner_text(), f"The text was not shown on {path}"


def test_a_conveners_pages_show_what_others_typed_as_text(page: Page, world):
    slug = world.group.slug
    sign_in(page, email=world.convener.email, password=DEFAULT_PASSWORD)

    for path in [
        reverse("community:group_manage", args=[slug]),
        reverse("community:join_request_decide", args=[slug, world.join_request.pk]),
        reverse("community:group_members_manage", args=[slug]),
        reverse("community:membership_remove", args=[slug, world.member.pk]),
        reverse("community:membership_role_change", args=[slug, world.member.pk]),
        reverse("community:group_history", args=[slug]),
        reverse("community:group_detail", args=[slug]),
    ]:
        assert_shown_as_text(page, path)


def test_email_addresses_with_markup_characters_are_shown_as_text(page: Page, world):
    sign_in(page, email=world.convener.email, password=DEFAULT_PASSWORD)

    assert_shown_as_text(
        page, reverse("community:group_invitations", args=[world.group.slug]), literal=ODD_EMAIL
    )


def test_an_invitation_shows_its_message_and_group_as_text(page: Page, world):
    assert_shown_as_text(page, world.invitation.get_absolute_url())


def test_public_group_pages_show_names_and_remits_as_text(page: Page, world):
    assert_shown_as_text(page, reverse("community:group_list"))
    assert_shown_as_text(page, reverse("community:group_detail", args=[world.group.slug]))


def test_a_stewards_pages_show_organisation_names_as_text(page: Page, world):
    sign_in(page, email=world.steward.email, password=DEFAULT_PASSWORD)

    assert_shown_as_text(page, reverse("community:steward_overview"))


def test_choosing_an_organisation_shows_its_name_as_text(page: Page, world):
    sign_in(page, email=world.outsider.email, password=DEFAULT_PASSWORD)

    assert_shown_as_text(page, reverse("community:organisation_choose") + "?q=Homes")
