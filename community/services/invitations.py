"""Invitations to a working group: sent, revoked, accepted. See ``community.services.common``."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from community import permissions, tasks
from community.choices import (
    INVITATION_TRANSITIONS,
    EventKind,
    InvitationStatus,
    JoinRequestStatus,
    MembershipRole,
    MembershipStatus,
)
from community.exceptions import (
    CommunityError,
    DuplicateError,
    InvalidStateError,
    InvitationError,
)
from community.models import (
    Invitation,
    Membership,
    User,
    WorkingGroup,
)
from community.services.common import (
    _add_member,
    _after_commit,
    _lock,
    _lock_group,
    _on,
    _record,
    _require,
    _require_active_group,
    _require_transition,
    _require_verified_email,
)
from community.services.join_requests import _close_request
from portal.history import save_with_history

INVITATION_LIFETIME = timedelta(days=14)


def _close_invitation(
    invitation: Invitation, *, actor: User | None, status: str, reason: str = "", now=None
) -> None:
    _require_transition(
        INVITATION_TRANSITIONS, invitation.status, status, "This invitation is closed"
    )
    invitation.status = status
    invitation.closed_at = now or timezone.now()
    invitation.closed_by = actor
    invitation.closed_reason = reason
    save_with_history(invitation, actor=actor, reason=reason)
    kind = {
        InvitationStatus.ACCEPTED: EventKind.INVITATION_ACCEPTED,
        InvitationStatus.REVOKED: EventKind.INVITATION_REVOKED,
        InvitationStatus.EXPIRED: EventKind.INVITATION_EXPIRED,
    }[status]
    _record(
        kind,
        actor=actor,
        subject=actor if status == InvitationStatus.ACCEPTED else None,
        group=invitation.group,
        reason=reason,
        email=invitation.email,
        invitation=invitation.pk,
    )


@transaction.atomic
def invitation_create(
    *, actor: User, group: WorkingGroup, email: str, message: str = ""
) -> Invitation:
    """Invite someone by email. They get a single-use link that lasts 14 days."""
    group = _lock_group(group)
    _require(permissions.can_invite(actor, group), "Only the group's conveners can invite people")
    email = (email or "").strip().lower()
    if "@" not in email:
        raise CommunityError(
            "Enter an email address in the correct format, like name@example.gov.uk", field="email"
        )
    if Membership.objects.filter(
        group=group, status=MembershipStatus.ACTIVE, user__email__iexact=email
    ).exists():
        raise DuplicateError(f"{email} is already a member of {group.name}", field="email")
    now = timezone.now()
    existing = (
        group.invitations.select_for_update(of=("self",))
        .filter(email=email, status=InvitationStatus.PENDING)
        .first()
    )
    if existing and not existing.is_expired(now):
        raise DuplicateError(
            f"{email} was invited on {_on(existing.created_at)} and the invitation lasts until "
            f"{_on(existing.expires_at)}. Revoke it first if you need to send a new one",
            field="email",
        )
    if existing:
        _close_invitation(existing, actor=None, status=InvitationStatus.EXPIRED, now=now)
    invitation = Invitation(
        group=group,
        email=email,
        token=secrets.token_urlsafe(32),
        message=(message or "").strip(),
        invited_by=actor,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    save_with_history(invitation, actor=actor, reason="Invitation sent")
    _record(
        EventKind.INVITATION_SENT,
        actor=actor,
        subject=User.objects.filter(email__iexact=email).first(),
        group=group,
        email=email,
        invitation=invitation.pk,
    )
    _after_commit(tasks.send_invitation, invitation.pk)
    return invitation


def _closed_invitation_message(invitation: Invitation, *, for_invitee: bool) -> str:
    group = invitation.group.name
    ask_again = (
        f"Ask a convener of {group} to send you a new one"
        if for_invitee
        else "Send a new invitation if they still need one"
    )
    if invitation.status == InvitationStatus.ACCEPTED:
        return (
            f"This invitation has already been used. Each invitation works once only. {ask_again}"
        )
    if invitation.status == InvitationStatus.REVOKED:
        return f"This invitation was revoked on {_on(invitation.closed_at)}. {ask_again}"
    return (
        f"This invitation expired on {_on(invitation.expires_at)}. Invitations last 14 days. "
        f"{ask_again}"
    )


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation, reason: str = "") -> Invitation:
    group = _lock_group(invitation.group)
    _require(
        permissions.can_revoke_invitation(actor, group),
        "Only the group's conveners can revoke invitations",
    )
    invitation = _lock(Invitation, invitation.pk)
    invitation.group = group
    if not invitation.is_open:
        raise InvalidStateError(_closed_invitation_message(invitation, for_invitee=False))
    _close_invitation(
        invitation, actor=actor, status=InvitationStatus.REVOKED, reason=(reason or "").strip()
    )
    return invitation


def _mask(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}{'•' * max(len(local) - 1, 2)}@{domain}"


@transaction.atomic
def invitation_accept(*, actor: User, invitation: Invitation) -> Membership:
    """The invitee joins the group. They must hold the invited address, verified."""
    _require_verified_email(actor, "accept the invitation")
    _require(permissions.can_accept_invitation(actor), "Sign in to accept the invitation")
    group = _lock_group(invitation.group)
    invitation = _lock(Invitation, invitation.pk)
    invitation.group = group
    if not invitation.is_open:
        raise InvitationError(_closed_invitation_message(invitation, for_invitee=True))
    holds_address = EmailAddress.objects.filter(
        user=actor, email__iexact=invitation.email, verified=True
    ).exists()
    if not holds_address:
        raise InvitationError(
            f"This invitation was sent to {_mask(invitation.email)}, not to the address you "
            "signed in with. Sign out, then sign in or create an account with the address the "
            "invitation was sent to"
        )
    _require_active_group(group)
    if permissions.is_member(actor, group):
        raise InvitationError(f"You are already a member of {group.name}")

    _close_invitation(invitation, actor=actor, status=InvitationStatus.ACCEPTED)
    for join_request in group.join_requests.select_for_update(of=("self",)).filter(
        user=actor, status=JoinRequestStatus.PENDING
    ):
        _close_request(
            join_request,
            actor=actor,
            status=JoinRequestStatus.WITHDRAWN,
            reason="Joined by invitation instead",
        )
    return _add_member(
        group=group,
        person=actor,
        actor=actor,
        role=MembershipRole.MEMBER,
        reason=f"Invited by {invitation.invited_by}",
    )
