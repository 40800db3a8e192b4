"""Requests to join a working group: made, decided, withdrawn. See
``community.services.common``.
"""

from django.db import transaction
from django.utils import timezone

from community import permissions, tasks
from community.choices import (
    EventKind,
    JoinRequestStatus,
    MembershipRole,
)
from community.exceptions import (
    CommunityError,
    DuplicateError,
    InvalidStateError,
    NotAllowedError,
)
from community.models import (
    JoinRequest,
    User,
    WorkingGroup,
)
from community.services.common import (
    _add_member,
    _after_commit,
    _lock_group,
    _on,
    _record,
    _require,
    _require_active_group,
    _require_verified_email,
)
from portal.history import save_with_history


@transaction.atomic
def join_request_create(*, actor: User, group: WorkingGroup, statement: str) -> JoinRequest:
    """Ask to join a group. The group's conveners are emailed."""
    if not actor.is_authenticated:
        raise NotAllowedError("Sign in to ask to join a group")
    group = _lock_group(group)
    _require_active_group(group)
    if permissions.is_member(actor, group):
        raise InvalidStateError(f"You are already a member of {group.name}")
    _require_verified_email(actor, "ask to join a group")
    _require(permissions.can_request_to_join(actor, group))
    statement = (statement or "").strip()
    if not statement:
        raise CommunityError("Enter why you want to join the group", field="statement")
    if actor.organisation_id is None:
        raise CommunityError(
            "Tell us which organisation you work for before you ask to join a group",
            field="statement",
        )
    pending = group.join_requests.filter(user=actor, status=JoinRequestStatus.PENDING).first()
    if pending:
        raise DuplicateError(
            f"You already asked to join {group.name} on {_on(pending.created_at)}. "
            "A convener will decide soon; you can withdraw your request from your account page",
            field="statement",
        )
    join_request = JoinRequest(user=actor, group=group, statement=statement)
    save_with_history(join_request, actor=actor, reason="Asked to join")
    _record(
        EventKind.REQUEST_MADE,
        actor=actor,
        subject=actor,
        group=group,
        reason=statement,
        join_request=join_request.pk,
    )
    _after_commit(tasks.send_request_received, join_request.pk)
    return join_request


def _close_request(
    join_request: JoinRequest, *, actor: User, status: str, reason: str, now=None
) -> None:
    join_request.status = status
    join_request.decided_at = now or timezone.now()
    join_request.decided_by = actor
    join_request.decision_reason = reason
    save_with_history(join_request, actor=actor, reason=reason)
    kind = {
        JoinRequestStatus.APPROVED: EventKind.REQUEST_APPROVED,
        JoinRequestStatus.REJECTED: EventKind.REQUEST_REJECTED,
        JoinRequestStatus.WITHDRAWN: EventKind.REQUEST_WITHDRAWN,
    }[status]
    _record(
        kind,
        actor=actor,
        subject=join_request.user,
        group=join_request.group,
        reason=reason,
        join_request=join_request.pk,
    )


def _already_decided_message(join_request: JoinRequest) -> str:
    if join_request.status == JoinRequestStatus.WITHDRAWN:
        return (
            f"{join_request.user} withdrew this request on {_on(join_request.decided_at)}. "
            "Nothing has been changed"
        )
    verb = join_request.get_status_display().lower()
    return (
        f"{join_request.decided_by} {verb} this request on {_on(join_request.decided_at)}, "
        "before you. Nothing has been changed"
    )


def _decide(*, actor: User, join_request: JoinRequest, status: str, reason: str) -> JoinRequest:
    group = _lock_group(join_request.group)
    _require(
        permissions.can_decide_request(actor, group),
        "Only the group's conveners can decide requests to join",
    )
    join_request = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=join_request.pk)
    )
    join_request.group = group
    if not join_request.is_pending:
        raise InvalidStateError(_already_decided_message(join_request))
    _require_active_group(group)
    reason = (reason or "").strip()
    if status == JoinRequestStatus.REJECTED and not reason:
        raise CommunityError("Enter a reason for rejecting the request", field="reason")
    if status == JoinRequestStatus.APPROVED and permissions.is_member(join_request.user, group):
        raise InvalidStateError(f"{join_request.user} is already a member of {group.name}")

    _close_request(join_request, actor=actor, status=status, reason=reason)
    if status == JoinRequestStatus.APPROVED:
        _add_member(
            group=group,
            person=join_request.user,
            actor=actor,
            role=MembershipRole.MEMBER,
            reason="Request approved",
        )
    _after_commit(tasks.send_request_decided, join_request.pk)
    return join_request


@transaction.atomic
def join_request_approve(
    *, actor: User, join_request: JoinRequest, reason: str = ""
) -> JoinRequest:
    return _decide(
        actor=actor, join_request=join_request, status=JoinRequestStatus.APPROVED, reason=reason
    )


@transaction.atomic
def join_request_reject(*, actor: User, join_request: JoinRequest, reason: str) -> JoinRequest:
    return _decide(
        actor=actor, join_request=join_request, status=JoinRequestStatus.REJECTED, reason=reason
    )


@transaction.atomic
def join_request_withdraw(
    *, actor: User, join_request: JoinRequest, reason: str = ""
) -> JoinRequest:
    _require(
        permissions.can_withdraw_request(actor, join_request),
        "You can only withdraw your own requests",
    )
    _lock_group(join_request.group)
    join_request = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("group", "user")
        .get(pk=join_request.pk)
    )
    if not join_request.is_pending:
        raise InvalidStateError(_already_decided_message(join_request))
    _close_request(
        join_request, actor=actor, status=JoinRequestStatus.WITHDRAWN, reason=(reason or "").strip()
    )
    return join_request
