from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from community.choices import EventKind, InvitationStatus, JoinRequestStatus, MembershipStatus
from community.exceptions import DuplicateError, InvalidStateError, InvitationError, NotAllowedError
from community.models import Invitation, Membership, MembershipEvent
from community.services import invitations as services_invitations
from community.services import memberships as services_memberships
from tests.community.factories import (
    InvitationFactory,
    JoinRequestFactory,
    UserFactory,
    WorkingGroupFactory,
)


def test_a_convener_invites_someone_by_email(group, convener):
    invitation = services_invitations.invitation_create(
        actor=convener, group=group, email="Jo@Example.org", message="Join us"
    )

    assert invitation.email == "jo@example.org"
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.invited_by == convener
    assert len(invitation.token) >= 40


def test_an_invitation_lasts_14_days(group, convener):
    invitation = services_invitations.invitation_create(
        actor=convener, group=group, email="jo@example.org"
    )

    assert invitation.expires_at - invitation.created_at == timedelta(days=14)


def test_inviting_writes_an_event(group, convener):
    services_invitations.invitation_create(actor=convener, group=group, email="jo@example.org")

    event = MembershipEvent.objects.get(kind=EventKind.INVITATION_SENT)
    assert (event.actor, event.group, event.details["email"]) == (convener, group, "jo@example.org")


def test_the_invitee_is_emailed_a_link(group, convener, mailoutbox, send_emails):
    with send_emails:
        invitation = services_invitations.invitation_create(
            actor=convener, group=group, email="jo@example.org", message="We need you"
        )

    assert mailoutbox[0].to == ["jo@example.org"]
    assert invitation.get_absolute_url() in mailoutbox[0].body
    assert "We need you" in mailoutbox[0].body


def test_inviting_the_same_address_twice_is_refused(group, convener):
    services_invitations.invitation_create(actor=convener, group=group, email="jo@example.org")

    with pytest.raises(DuplicateError, match="Revoke it first"):
        services_invitations.invitation_create(actor=convener, group=group, email="JO@example.org")
    assert Invitation.objects.count() == 1


def test_inviting_again_after_expiry_closes_the_old_invitation(group, convener):
    old = InvitationFactory(group=group, email="jo@example.org", expired=True)

    services_invitations.invitation_create(actor=convener, group=group, email="jo@example.org")

    old.refresh_from_db()
    assert old.status == InvitationStatus.EXPIRED
    assert MembershipEvent.objects.filter(kind=EventKind.INVITATION_EXPIRED).exists()


def test_inviting_an_existing_member_is_refused(group, convener, member):
    with pytest.raises(DuplicateError, match="already a member"):
        services_invitations.invitation_create(actor=convener, group=group, email=member.email)


@pytest.mark.parametrize("who", ["member", "outsider", "other_convener"])
def test_only_conveners_and_stewards_invite(group, who, request):
    actor = request.getfixturevalue(who)

    with pytest.raises(NotAllowedError):
        services_invitations.invitation_create(actor=actor, group=group, email="jo@example.org")
    assert not Invitation.objects.exists()


def test_nobody_can_invite_to_an_archived_group(steward):
    group = WorkingGroupFactory(archived=True)

    with pytest.raises(NotAllowedError):
        services_invitations.invitation_create(actor=steward, group=group, email="jo@example.org")


def test_accepting_an_invitation_makes_the_invitee_a_member(group, convener):
    invitee = UserFactory(email="jo@example.org")
    invitation = InvitationFactory(group=group, email="jo@example.org", invited_by=convener)

    membership = services_invitations.invitation_accept(actor=invitee, invitation=invitation)

    assert (membership.user, membership.group, membership.status) == (
        invitee,
        group,
        MembershipStatus.ACTIVE,
    )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.closed_by == invitee
    kinds = set(MembershipEvent.objects.values_list("kind", flat=True))
    assert {EventKind.INVITATION_ACCEPTED, EventKind.MEMBER_JOINED} <= kinds


def test_the_invited_address_may_be_a_secondary_verified_address(group, convener):
    invitee = UserFactory(email="jo@home.example")
    EmailAddress.objects.create(user=invitee, email="jo@example.org", verified=True, primary=False)
    invitation = InvitationFactory(group=group, email="jo@example.org")

    services_invitations.invitation_accept(actor=invitee, invitation=invitation)

    assert Membership.objects.filter(user=invitee, group=group).exists()


def test_accepting_with_a_different_email_address_is_refused(group):
    invitation = InvitationFactory(group=group, email="jo@example.org")
    someone_else = UserFactory(email="sam@example.org")

    with pytest.raises(InvitationError, match=r"sent to j•+@example\.org"):
        services_invitations.invitation_accept(actor=someone_else, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert not Membership.objects.filter(user=someone_else).exists()


def test_an_unverified_matching_address_is_not_enough(group):
    invitee = UserFactory(email="jo@example.org", verified=False)
    EmailAddress.objects.create(user=invitee, email="jo@example.org", verified=False)
    invitation = InvitationFactory(group=group, email="jo@example.org")

    with pytest.raises(NotAllowedError, match="Confirm your email address"):
        services_invitations.invitation_accept(actor=invitee, invitation=invitation)
    assert not Membership.objects.filter(user=invitee).exists()


def test_an_expired_invitation_cannot_be_accepted(group):
    invitee = UserFactory(email="jo@example.org")
    invitation = InvitationFactory(group=group, email="jo@example.org", expired=True)

    with pytest.raises(InvitationError, match="expired"):
        services_invitations.invitation_accept(actor=invitee, invitation=invitation)
    assert not Membership.objects.filter(user=invitee).exists()


def test_a_revoked_invitation_cannot_be_accepted(group, convener):
    invitee = UserFactory(email="jo@example.org")
    invitation = InvitationFactory(group=group, email="jo@example.org")
    services_invitations.invitation_revoke(
        actor=convener, invitation=invitation, reason="Sent in error"
    )

    with pytest.raises(InvitationError, match="revoked"):
        services_invitations.invitation_accept(actor=invitee, invitation=invitation)
    assert not Membership.objects.filter(user=invitee).exists()


def test_an_invitation_works_once_only(group, member):
    invitee = UserFactory(email="jo@example.org")
    invitation = InvitationFactory(group=group, email="jo@example.org")
    services_invitations.invitation_accept(actor=invitee, invitation=invitation)
    services_memberships.membership_leave(actor=invitee, membership=invitee.memberships.get())

    with pytest.raises(InvitationError, match="already been used"):
        services_invitations.invitation_accept(actor=invitee, invitation=invitation)
    assert not Membership.objects.filter(user=invitee, status=MembershipStatus.ACTIVE).exists()


def test_accepting_closes_the_invitees_pending_request(group):
    invitee = UserFactory(email="jo@example.org")
    join_request = JoinRequestFactory(group=group, user=invitee)
    invitation = InvitationFactory(group=group, email="jo@example.org")

    services_invitations.invitation_accept(actor=invitee, invitation=invitation)

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.WITHDRAWN


def test_a_convener_revokes_an_invitation(group, convener):
    invitation = InvitationFactory(group=group)

    services_invitations.invitation_revoke(
        actor=convener, invitation=invitation, reason="Wrong person"
    )

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    assert invitation.closed_reason == "Wrong person"
    event = MembershipEvent.objects.get(kind=EventKind.INVITATION_REVOKED)
    assert (event.actor, event.reason) == (convener, "Wrong person")


def test_revoking_a_used_invitation_is_refused(group, convener):
    invitation = InvitationFactory(
        group=group, status=InvitationStatus.ACCEPTED, closed_at=timezone.now()
    )

    with pytest.raises(InvalidStateError, match="already been used"):
        services_invitations.invitation_revoke(actor=convener, invitation=invitation)


@pytest.mark.parametrize("who", ["member", "outsider", "other_convener"])
def test_only_conveners_and_stewards_revoke(group, who, request):
    invitation = InvitationFactory(group=group)

    with pytest.raises(NotAllowedError):
        services_invitations.invitation_revoke(
            actor=request.getfixturevalue(who), invitation=invitation
        )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_the_token_is_not_copied_into_history(group, convener):
    invitation = services_invitations.invitation_create(
        actor=convener, group=group, email="jo@example.org"
    )

    assert not hasattr(invitation.history.first(), "token")
