"""Every write in the community app goes through one of these functions.

Each one is atomic, locks the rows it changes, checks permission and then state (after the lock,
so two conveners acting at once cannot both succeed), writes the change and a MembershipEvent,
and queues email only once the transaction has committed.

Membership changes in a group lock the group row first. It acts as the group's mutex, so checks
such as "is this the last convener?" see every concurrent change to the same group in order.
"""

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from community import permissions
from community.choices import (
    EventKind,
    MembershipRole,
    MembershipStatus,
    can_transition,
)
from community.exceptions import (
    InvalidStateError,
    LastConvenerError,
    NotAllowedError,
)
from community.models import (
    Membership,
    MembershipEvent,
    Organisation,
    User,
    WorkingGroup,
)
from portal.history import save_with_history

# Helpers ----------------------------------------------------------------------------------------


def _require(allowed: bool, message: str = "You do not have permission to do that") -> None:
    if not allowed:
        raise NotAllowedError(message)


def _require_verified_email(actor: User, action: str) -> None:
    """Say what to do when a signed-in person has not yet confirmed their email address."""
    if actor.is_authenticated and not permissions.has_verified_email(actor):
        raise NotAllowedError(
            f"Confirm your email address before you {action}. Use the link we emailed you, "
            "or add the address again from your account page to get a new link"
        )


def _require_transition(table: dict, current: str, new: str, message: str) -> None:
    if not can_transition(table, current, new):
        raise InvalidStateError(message)


def _record(
    kind: EventKind,
    *,
    actor: User | None,
    subject: User | None = None,
    group: WorkingGroup | None = None,
    organisation: Organisation | None = None,
    reason: str = "",
    **details,
) -> MembershipEvent:
    return MembershipEvent.objects.create(
        kind=kind,
        actor=actor,
        subject=subject,
        group=group,
        organisation=organisation,
        reason=reason,
        details=details,
    )


def _after_commit(send, *args) -> None:
    transaction.on_commit(lambda: send.enqueue(*args))


def _lock_group(group: WorkingGroup) -> WorkingGroup:
    return WorkingGroup.objects.select_for_update(of=("self",)).get(pk=group.pk)


def _lock(model: type[Model], pk: int):
    return model.objects.select_for_update(of=("self",)).get(pk=pk)


def _changes(before: dict, after: dict) -> dict:
    """The fields that differ, as {field: {"from": old, "to": new}}, for an event's details."""
    return {
        key: {"from": before[key], "to": after[key]} for key in before if before[key] != after[key]
    }


def _on(moment) -> str:
    """A date as GOV.UK writes it: 4 June 2026."""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


def _require_active_group(group: WorkingGroup) -> None:
    if not group.is_active:
        raise InvalidStateError(
            f"{group.name} has been archived, so its membership cannot change. "
            "Contact the data standards team if you think this is wrong"
        )


def _ensure_not_last_convener(membership: Membership, message: str) -> None:
    """Refuse a change that would leave the group without a convener. Call with the group locked."""
    if membership.role != MembershipRole.CONVENER:
        return
    others = Membership.objects.filter(
        group_id=membership.group_id,
        status=MembershipStatus.ACTIVE,
        role=MembershipRole.CONVENER,
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise LastConvenerError(message)


# Organisations ----------------------------------------------------------------------------------


# Affiliation (ADR 0016) -------------------------------------------------------------------------


# Working groups ---------------------------------------------------------------------------------


# Joining ----------------------------------------------------------------------------------------


def _add_member(
    *, group: WorkingGroup, person: User, actor: User, role: str, reason: str
) -> Membership:
    membership = Membership(user=person, group=group, role=role)
    save_with_history(membership, actor=actor, reason=reason)
    _record(
        EventKind.MEMBER_JOINED,
        actor=actor,
        subject=person,
        group=group,
        reason=reason,
        role=role,
        membership=membership.pk,
    )
    return membership


# Invitations ------------------------------------------------------------------------------------


# Running a group --------------------------------------------------------------------------------


def _lock_membership(membership: Membership) -> tuple[WorkingGroup, Membership]:
    group = _lock_group(membership.group)
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=membership.pk)
    )
    membership.group = group
    return group, membership
