"""Working groups: creating, changing and archiving them, and appointing conveners. See
``community.services.common``.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from community import permissions, tasks
from community.choices import (
    GROUP_TRANSITIONS,
    EventKind,
    GroupStatus,
    InvitationStatus,
    JoinRequestStatus,
    MembershipRole,
    MembershipStatus,
    OrganisationType,
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
    _changes,
    _lock_group,
    _on,
    _record,
    _require,
    _require_active_group,
    _require_transition,
)
from community.services.invitations import _close_invitation
from community.services.join_requests import _close_request
from community.services.memberships import membership_role_change
from portal.history import save_with_history


def _clean_group_fields(*, name: str, remit: str, organisation_types: list[str]):
    name = " ".join((name or "").split())
    if not name:
        raise CommunityError("Enter the name of the group", field="name")
    if not (remit or "").strip():
        raise CommunityError("Enter the group's remit", field="remit")
    unknown = set(organisation_types) - set(OrganisationType.values)
    if unknown:
        raise CommunityError("Select organisation types from the list", field="organisation_types")
    return name, remit.strip(), list(organisation_types)


@transaction.atomic
def group_create(
    *, actor: User, name: str, remit: str, organisation_types: list[str]
) -> WorkingGroup:
    _require(permissions.can_manage_groups(actor), "Only stewards can create working groups")
    name, remit, organisation_types = _clean_group_fields(
        name=name, remit=remit, organisation_types=organisation_types
    )
    slug = slugify(name)[:100]
    if not slug:
        raise CommunityError("Enter a name that includes letters or numbers", field="name")
    if WorkingGroup.objects.filter(name__iexact=name).exists():
        raise DuplicateError(f"There is already a group called {name}", field="name")
    if WorkingGroup.objects.filter(slug=slug).exists():
        raise DuplicateError(
            f"There is already a group with a name too like {name}. Choose a different name",
            field="name",
        )
    group = WorkingGroup(name=name, slug=slug, remit=remit, organisation_types=organisation_types)
    save_with_history(group, actor=actor, reason="Created")
    _record(
        EventKind.GROUP_CREATED, actor=actor, group=group, organisation_types=organisation_types
    )
    return group


@transaction.atomic
def group_update(
    *, actor: User, group: WorkingGroup, name: str, remit: str, organisation_types: list[str]
) -> WorkingGroup:
    """Change a group's description. The slug stays, so links to the group keep working."""
    _require(permissions.can_manage_groups(actor), "Only stewards can change working groups")
    group = _lock_group(group)
    name, remit, organisation_types = _clean_group_fields(
        name=name, remit=remit, organisation_types=organisation_types
    )
    if WorkingGroup.objects.filter(name__iexact=name).exclude(pk=group.pk).exists():
        raise DuplicateError(f"There is already a group called {name}", field="name")
    before = {
        "name": group.name,
        "remit": group.remit,
        "organisation_types": group.organisation_types,
    }
    after = {"name": name, "remit": remit, "organisation_types": organisation_types}
    changed = _changes(before, after)
    if not changed:
        return group
    group.name, group.remit, group.organisation_types = name, remit, organisation_types
    save_with_history(group, actor=actor, reason="Details changed")
    _record(EventKind.GROUP_CHANGED, actor=actor, group=group, changes=changed)
    return group


@transaction.atomic
def group_archive(*, actor: User, group: WorkingGroup, reason: str) -> WorkingGroup:
    """Close a group. Members keep their history; open requests and invitations are closed."""
    _require(permissions.can_manage_groups(actor), "Only stewards can archive working groups")
    group = _lock_group(group)
    _require_transition(
        GROUP_TRANSITIONS,
        group.status,
        GroupStatus.ARCHIVED,
        f"{group.name} was already archived on {_on(group.archived_at or group.created_at)}",
    )
    now = timezone.now()
    group.status = GroupStatus.ARCHIVED
    group.archived_at = now
    save_with_history(group, actor=actor, reason=reason)
    _record(EventKind.GROUP_ARCHIVED, actor=actor, group=group, reason=reason)

    closing_reason = f"The group was archived: {reason}" if reason else "The group was archived"
    for join_request in group.join_requests.select_for_update(of=("self",)).filter(
        status=JoinRequestStatus.PENDING
    ):
        _close_request(
            join_request,
            actor=actor,
            status=JoinRequestStatus.REJECTED,
            reason=closing_reason,
            now=now,
        )
        _after_commit(tasks.send_request_decided, join_request.pk)
    for invitation in group.invitations.select_for_update(of=("self",)).filter(
        status=InvitationStatus.PENDING
    ):
        _close_invitation(
            invitation, actor=actor, status=InvitationStatus.REVOKED, reason=closing_reason, now=now
        )
    return group


@transaction.atomic
def convener_appoint(
    *, actor: User, group: WorkingGroup, person: User, reason: str = ""
) -> Membership:
    """A steward makes someone a convener, adding them to the group if they are not in it."""
    _require(permissions.can_appoint_convener(actor), "Only stewards can appoint conveners")
    group = _lock_group(group)
    _require_active_group(group)
    reason = (reason or "").strip()
    membership = Membership.objects.filter(
        group=group, user=person, status=MembershipStatus.ACTIVE
    ).first()
    if membership is None:
        membership = _add_member(
            group=group,
            person=person,
            actor=actor,
            role=MembershipRole.CONVENER,
            reason=reason or "Appointed convener",
        )
        _after_commit(tasks.send_role_changed, membership.pk)
        return membership
    if membership.role == MembershipRole.CONVENER:
        raise InvalidStateError(f"{person} is already a convener of {group.name}")
    return membership_role_change(
        actor=actor, membership=membership, role=MembershipRole.CONVENER, reason=reason
    )
