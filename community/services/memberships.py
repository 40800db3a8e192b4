"""Memberships: leaving, removal, role changes, adding a member. See
``community.services.common``.
"""

from django.db import transaction
from django.utils import timezone

from community import permissions, tasks
from community.choices import (
    MEMBERSHIP_TRANSITIONS,
    EventKind,
    MembershipRole,
    MembershipStatus,
)
from community.exceptions import (
    CommunityError,
    DuplicateError,
    InvalidStateError,
)
from community.models import (
    Membership,
    User,
    WorkingGroup,
)
from community.services.common import (
    _add_member,
    _after_commit,
    _ensure_not_last_convener,
    _lock_group,
    _lock_membership,
    _record,
    _require,
    _require_active_group,
    _require_transition,
)
from portal.history import save_with_history


def _end_membership(
    membership: Membership, *, actor: User, status: str, reason: str, kind: EventKind
) -> None:
    _require_transition(
        MEMBERSHIP_TRANSITIONS,
        membership.status,
        status,
        f"{membership.user} is no longer a member of {membership.group.name}",
    )
    membership.status = status
    membership.ended_at = timezone.now()
    save_with_history(membership, actor=actor, reason=reason)
    _record(
        kind,
        actor=actor,
        subject=membership.user,
        group=membership.group,
        reason=reason,
        role=membership.role,
        membership=membership.pk,
    )


@transaction.atomic
def membership_leave(*, actor: User, membership: Membership, reason: str = "") -> Membership:
    _require(permissions.can_leave(actor, membership), "You can only leave groups yourself")
    group, membership = _lock_membership(membership)
    if not membership.is_active:
        raise InvalidStateError(f"You are no longer a member of {group.name}")
    _ensure_not_last_convener(
        membership,
        f"You are the only convener of {group.name}, so you cannot leave yet. Make another "
        "member a convener first, or ask the data standards team to appoint one",
    )
    _end_membership(
        membership,
        actor=actor,
        status=MembershipStatus.LEFT,
        reason=(reason or "").strip(),
        kind=EventKind.MEMBER_LEFT,
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership, reason: str) -> Membership:
    group, membership = _lock_membership(membership)
    _require(
        permissions.can_remove_member(actor, membership),
        "Only the group's conveners can remove other members. To leave the group yourself, "
        "use 'Leave this group'",
    )
    if not membership.is_active:
        raise InvalidStateError(f"{membership.user} is no longer a member of {group.name}")
    reason = (reason or "").strip()
    if not reason:
        raise CommunityError("Enter a reason for removing this member", field="reason")
    _ensure_not_last_convener(
        membership,
        f"{membership.user} is the only convener of {group.name}. Make another member a "
        "convener before you remove them",
    )
    _end_membership(
        membership,
        actor=actor,
        status=MembershipStatus.REMOVED,
        reason=reason,
        kind=EventKind.MEMBER_REMOVED,
    )
    _after_commit(tasks.send_member_removed, membership.pk, reason)
    return membership


@transaction.atomic
def membership_role_change(
    *, actor: User, membership: Membership, role: str, reason: str = ""
) -> Membership:
    """Promote a member to convener, or make a convener a member. Same role: nothing happens."""
    if role not in MembershipRole.values:
        raise CommunityError("Select a role", field="role")
    group, membership = _lock_membership(membership)
    _require(
        permissions.can_change_role(actor, group),
        "Only the group's conveners can change people's roles",
    )
    if not membership.is_active:
        raise InvalidStateError(f"{membership.user} is no longer a member of {group.name}")
    _require_active_group(group)
    if membership.role == role:
        return membership
    if role == MembershipRole.MEMBER:
        who = "You are" if membership.user_id == actor.pk else f"{membership.user} is"
        _ensure_not_last_convener(
            membership,
            f"{who} the only convener of {group.name}. Make another member a convener first, "
            "so the group always has someone to run it",
        )
    previous = membership.role
    membership.role = role
    reason = (reason or "").strip()
    save_with_history(membership, actor=actor, reason=reason or "Role changed")
    _record(
        EventKind.ROLE_CHANGED,
        actor=actor,
        subject=membership.user,
        group=group,
        reason=reason,
        membership=membership.pk,
        **{"from": previous, "to": role},
    )
    _after_commit(tasks.send_role_changed, membership.pk)
    return membership


@transaction.atomic
def membership_add(
    *, actor: User, group: WorkingGroup, person: User, role: str, reason: str = ""
) -> Membership:
    """A steward adds someone to a group directly, for example from the site administration."""
    _require(
        permissions.can_manage_groups(actor), "Only stewards can add people to groups directly"
    )
    if role not in MembershipRole.values:
        raise CommunityError("Select a role", field="role")
    group = _lock_group(group)
    _require_active_group(group)
    if permissions.is_member(person, group):
        raise DuplicateError(f"{person} is already a member of {group.name}", field="user")
    reason = (reason or "").strip()
    membership = _add_member(
        group=group, person=person, actor=actor, role=role, reason=reason or "Added by a steward"
    )
    if role == MembershipRole.CONVENER:
        _after_commit(tasks.send_role_changed, membership.pk)
    return membership
