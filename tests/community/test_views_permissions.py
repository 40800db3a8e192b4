"""The permission matrix: every community page and action, for every kind of person.

`self_declared` is a member of the group whose organisation is only their word (ADR 0016): in
the community they may do what any member does, and confirming or revoking affiliations is for
the group's conveners and stewards, never for the person themselves.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from community.choices import (
    ConfirmationStatus,
    InvitationStatus,
    JoinRequestStatus,
    MembershipRole,
)
from community.models import (
    AffiliationConfirmation,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    WorkingGroup,
)
from tests.community.factories import (
    AffiliationConfirmationFactory,
    ConvenerFactory,
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    MemberUserFactory,
    OrganisationFactory,
    StewardFactory,
    UserFactory,
    WorkingGroupFactory,
)

ROLES = [
    "anonymous",
    "non_member",
    "member",
    "self_declared",
    "convener",
    "other_convener",
    "steward",
]
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
MANAGERS = {"convener", "steward"}
STEWARDS = {"steward"}


@pytest.fixture
def world(db):
    group = WorkingGroupFactory(slug="the-group", name="The group")
    convener = ConvenerFactory(group=group)
    member = MembershipFactory(group=group)
    non_member = MemberUserFactory()
    organisation = OrganisationFactory(domains=["the-group.example.org.uk"])
    self_declared = MembershipFactory(
        group=group, user=UserFactory(email="x@evil.example", organisation=organisation)
    ).user
    # A member from an address elsewhere whom a steward has confirmed works for the organisation.
    confirmed = MembershipFactory(
        group=group, user=UserFactory(email="y@elsewhere.example", organisation=organisation)
    ).user
    return SimpleNamespace(
        group=group,
        convener_membership=convener,
        member_membership=member,
        confirmation=AffiliationConfirmationFactory(person=confirmed),
        people={
            "non_member": non_member,
            "member": member.user,
            "self_declared": self_declared,
            "convener": convener.user,
            "other_convener": ConvenerFactory().user,
            "steward": StewardFactory(),
        },
        join_request=JoinRequestFactory(group=group),
        own_request=JoinRequestFactory(group=group, user=non_member),
        invitation=InvitationFactory(group=group),
        unverified=OrganisationFactory(unverified=True),
    )


def _client_for(client, world, role):
    if role != "anonymous":
        client.force_login(world.people[role])
    return client


# (name, url builder, who sees the page). Others get a sign-in redirect when anonymous,
# otherwise 403, except where a page sends them elsewhere (noted in REDIRECTS).
PAGES = [
    ("group_list", lambda w: reverse("community:group_list"), EVERYONE),
    ("group_detail", lambda w: w.group.get_absolute_url(), EVERYONE),
    ("invitation_detail", lambda w: w.invitation.get_absolute_url(), EVERYONE),
    ("account_overview", lambda w: reverse("account_overview"), SIGNED_IN),
    ("organisation_choose", lambda w: reverse("community:organisation_choose"), SIGNED_IN),
    ("organisation_register", lambda w: reverse("community:organisation_register"), SIGNED_IN),
    (
        "join_request_create",
        lambda w: reverse("community:join_request_create", args=[w.group.slug]),
        {"non_member", "other_convener", "steward"},
    ),
    (
        "join_request_withdraw",
        lambda w: reverse("community:join_request_withdraw", args=[w.own_request.pk]),
        {"non_member"},
    ),
    (
        "membership_leave",
        lambda w: reverse("community:membership_leave", args=[w.group.slug]),
        {"member", "self_declared", "convener"},
    ),
    ("group_manage", lambda w: reverse("community:group_manage", args=[w.group.slug]), MANAGERS),
    (
        "group_members_manage",
        lambda w: reverse("community:group_members_manage", args=[w.group.slug]),
        MANAGERS,
    ),
    (
        "group_invitations",
        lambda w: reverse("community:group_invitations", args=[w.group.slug]),
        MANAGERS,
    ),
    ("group_history", lambda w: reverse("community:group_history", args=[w.group.slug]), MANAGERS),
    (
        "join_request_decide",
        lambda w: reverse("community:join_request_decide", args=[w.group.slug, w.join_request.pk]),
        MANAGERS,
    ),
    (
        "invitation_create",
        lambda w: reverse("community:invitation_create", args=[w.group.slug]),
        MANAGERS,
    ),
    (
        "invitation_revoke",
        lambda w: reverse("community:invitation_revoke", args=[w.group.slug, w.invitation.pk]),
        MANAGERS,
    ),
    (
        "membership_remove",
        lambda w: reverse(
            "community:membership_remove", args=[w.group.slug, w.member_membership.pk]
        ),
        MANAGERS,
    ),
    (
        "membership_role_change",
        lambda w: reverse(
            "community:membership_role_change", args=[w.group.slug, w.member_membership.pk]
        ),
        MANAGERS,
    ),
    ("steward_overview", lambda w: reverse("community:steward_overview"), STEWARDS),
    (
        "organisation_verify",
        lambda w: reverse("community:organisation_verify", args=[w.unverified.pk]),
        STEWARDS,
    ),
    ("group_create", lambda w: reverse("community:group_create"), STEWARDS),
    ("group_archive", lambda w: reverse("community:group_archive", args=[w.group.slug]), STEWARDS),
    (
        "convener_appoint",
        lambda w: reverse("community:convener_appoint", args=[w.group.slug]),
        STEWARDS,
    ),
    ("affiliation_list", lambda w: reverse("community:affiliation_list"), STEWARDS),
    (
        "affiliation_confirm",
        lambda w: reverse("community:affiliation_confirm", args=[w.people["self_declared"].pk]),
        MANAGERS,
    ),
    (
        "affiliation_revoke",
        lambda w: reverse("community:affiliation_revoke", args=[w.confirmation.person_id]),
        MANAGERS,
    ),
]
# Signed-in people who may not use these pages are sent somewhere useful rather than refused.
REDIRECTS = {
    ("join_request_create", "member"),
    ("join_request_create", "self_declared"),
    ("join_request_create", "convener"),
    ("membership_leave", "non_member"),
    ("membership_leave", "other_convener"),
    ("membership_leave", "steward"),
}


def _expected_get(name, allowed, role):
    if role in allowed:
        return 200
    if role == "anonymous" or (name, role) in REDIRECTS:
        return 302
    return 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "url", "allowed"), PAGES, ids=[page[0] for page in PAGES])
def test_page_access(client, world, name, url, allowed, role):
    response = _client_for(client, world, role).get(url(world))

    assert response.status_code == _expected_get(name, allowed, role)
    if role == "anonymous" and response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login"))


# Actions: (name, url builder, form data, who may, did it happen?)
def _request_status(w):
    return JoinRequest.objects.get(pk=w.join_request.pk).status


ACTIONS = [
    (
        "approve_request",
        lambda w: reverse("community:join_request_decide", args=[w.group.slug, w.join_request.pk]),
        {"decision": "approve", "reason": ""},
        MANAGERS,
        lambda w: _request_status(w) == JoinRequestStatus.APPROVED,
    ),
    (
        "reject_request",
        lambda w: reverse("community:join_request_decide", args=[w.group.slug, w.join_request.pk]),
        {"decision": "reject", "reason": "Wrong group"},
        MANAGERS,
        lambda w: _request_status(w) == JoinRequestStatus.REJECTED,
    ),
    (
        "invite",
        lambda w: reverse("community:invitation_create", args=[w.group.slug]),
        {"email": "new@example.org", "message": ""},
        MANAGERS,
        lambda w: Invitation.objects.filter(email="new@example.org").exists(),
    ),
    (
        "revoke_invitation",
        lambda w: reverse("community:invitation_revoke", args=[w.group.slug, w.invitation.pk]),
        {"reason": ""},
        MANAGERS,
        lambda w: Invitation.objects.get(pk=w.invitation.pk).status == InvitationStatus.REVOKED,
    ),
    (
        "remove_member",
        lambda w: reverse(
            "community:membership_remove", args=[w.group.slug, w.member_membership.pk]
        ),
        {"reason": "Left the sector"},
        MANAGERS,
        lambda w: not Membership.objects.get(pk=w.member_membership.pk).is_active,
    ),
    (
        "promote_member",
        lambda w: reverse(
            "community:membership_role_change", args=[w.group.slug, w.member_membership.pk]
        ),
        {"role": "convener", "reason": ""},
        MANAGERS,
        lambda w: Membership.objects.get(pk=w.member_membership.pk).role == MembershipRole.CONVENER,
    ),
    (
        "verify_organisation",
        lambda w: reverse("community:organisation_verify", args=[w.unverified.pk]),
        {},
        STEWARDS,
        lambda w: Organisation.objects.get(pk=w.unverified.pk).is_verified,
    ),
    (
        "create_group",
        lambda w: reverse("community:group_create"),
        {"name": "Steering group", "remit": "Sets priorities", "organisation_types": ["other"]},
        STEWARDS,
        lambda w: WorkingGroup.objects.filter(name="Steering group").exists(),
    ),
    (
        "archive_group",
        lambda w: reverse("community:group_archive", args=[w.group.slug]),
        {"reason": "Merged"},
        STEWARDS,
        lambda w: not WorkingGroup.objects.get(pk=w.group.pk).is_active,
    ),
    (
        "appoint_convener",
        lambda w: reverse("community:convener_appoint", args=[w.group.slug]),
        {"email": "appointee@example.org", "reason": ""},
        STEWARDS,
        lambda w: Membership.objects.filter(
            user__email="appointee@example.org", role=MembershipRole.CONVENER
        ).exists(),
    ),
    (
        "join",
        lambda w: reverse("community:join_request_create", args=[w.group.slug]),
        {"statement": "I would like to help"},
        {"other_convener"},
        lambda w: JoinRequest.objects.filter(statement="I would like to help").exists(),
    ),
    (
        "leave",
        lambda w: reverse("community:membership_leave", args=[w.group.slug]),
        {"reason": ""},
        {"member", "self_declared"},
        lambda w: Membership.objects.filter(group=w.group, status="left").exists(),
    ),
    (
        "confirm_affiliation",
        lambda w: reverse("community:affiliation_confirm", args=[w.people["self_declared"].pk]),
        {"reason": "I checked with their head of housing"},
        MANAGERS,
        lambda w: AffiliationConfirmation.objects.filter(
            person=w.people["self_declared"], status=ConfirmationStatus.ACTIVE
        ).exists(),
    ),
    (
        "revoke_affiliation",
        lambda w: reverse("community:affiliation_revoke", args=[w.confirmation.person_id]),
        {"reason": "They have left"},
        MANAGERS,
        lambda w: (
            AffiliationConfirmation.objects.get(pk=w.confirmation.pk).status
            == ConfirmationStatus.REVOKED
        ),
    ),
    (
        "withdraw_request",
        lambda w: reverse("community:join_request_withdraw", args=[w.own_request.pk]),
        {"reason": ""},
        {"non_member"},
        lambda w: (
            JoinRequest.objects.get(pk=w.own_request.pk).status == JoinRequestStatus.WITHDRAWN
        ),
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "url", "data", "allowed", "happened"), ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_action_permission(client, world, name, url, data, allowed, role, happened):
    if name == "appoint_convener":
        MemberUserFactory(email="appointee@example.org")

    response = _client_for(client, world, role).post(url(world), data)

    assert happened(world) == (role in allowed)
    if role in allowed:
        assert response.status_code == 302
    elif role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
