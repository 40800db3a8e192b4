"""Every write in the community app goes through one of these functions.

Each one is atomic, locks the rows it changes, checks permission and then state (after the lock,
so two conveners acting at once cannot both succeed), writes the change and a MembershipEvent,
and queues email only once the transaction has committed.

Membership changes in a group lock the group row first. It acts as the group's mutex, so checks
such as "is this the last convener?" see every concurrent change to the same group in order.
"""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from community import permissions, tasks
from community.choices import (
    AFFILIATION_TRANSITIONS,
    GROUP_TRANSITIONS,
    INVITATION_TRANSITIONS,
    MEMBERSHIP_TRANSITIONS,
    ConfirmationStatus,
    ConfirmerRole,
    EventKind,
    GroupStatus,
    InvitationStatus,
    JoinRequestStatus,
    MembershipRole,
    MembershipStatus,
    OrganisationType,
    can_transition,
)
from community.exceptions import (
    CommunityError,
    DuplicateError,
    InvalidStateError,
    InvitationError,
    LastConvenerError,
    NotAllowedError,
)
from community.models import (
    AffiliationConfirmation,
    Invitation,
    JoinRequest,
    Membership,
    MembershipEvent,
    Organisation,
    OrganisationDomain,
    User,
    WorkingGroup,
)
from community.validators import normalise_identifier, parse_email_domains, validate_identifier

INVITATION_LIFETIME = timedelta(days=14)


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


def _save(instance: Model, *, actor: User | None, reason: str = "", **kwargs) -> None:
    """Save with simple-history told who and why, even outside a web request."""
    instance._history_user = actor
    instance._change_reason = reason or None
    instance.save(**kwargs)


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
    return WorkingGroup.objects.select_for_update().get(pk=group.pk)


def _lock(model: type[Model], pk: int):
    return model.objects.select_for_update().get(pk=pk)


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


def _clean_organisation_fields(
    *, name: str, type: str, identifier: str, email_domains: list[str] | str
) -> tuple[str, str, list[str]]:
    name = " ".join((name or "").split())
    if not name:
        raise CommunityError("Enter the name of the organisation", field="name")
    if type not in OrganisationType.values:
        raise CommunityError("Select the type of organisation", field="type")
    identifier = normalise_identifier(identifier)
    try:
        validate_identifier(type, identifier)
    except ValidationError as error:
        raise CommunityError(error.messages[0], field="identifier") from error
    if not isinstance(email_domains, str):
        email_domains = " ".join(email_domains)
    try:
        domains = parse_email_domains(email_domains)
    except ValidationError as error:
        raise CommunityError(error.messages[0], field="email_domains") from error
    return name, identifier, domains


def _ensure_organisation_unique(*, name: str, identifier: str, exclude_pk: int | None) -> None:
    others = Organisation.objects.exclude(pk=exclude_pk)
    if identifier and (existing := others.filter(identifier=identifier).first()):
        raise DuplicateError(
            f"{existing.name} is already registered with the identifier {identifier}. "
            "Choose it from the list of organisations instead",
            field="identifier",
        )
    if existing := others.filter(name__iexact=name).first():
        raise DuplicateError(
            f"An organisation called {existing.name} is already registered. "
            "Choose it from the list of organisations instead",
            field="name",
        )


def _set_domains(organisation: Organisation, domains: list[str], *, actor: User | None) -> None:
    current = {d.domain: d for d in organisation.domains.all()}
    for domain, row in current.items():
        if domain not in domains:
            row._history_user = actor
            row.delete()
    for domain in domains:
        if domain not in current:
            _save(OrganisationDomain(organisation=organisation, domain=domain), actor=actor)


def _create_organisation(
    *, actor: User, name: str, type: str, identifier: str, email_domains, verified: bool
) -> Organisation:
    name, identifier, domains = _clean_organisation_fields(
        name=name, type=type, identifier=identifier, email_domains=email_domains
    )
    _ensure_organisation_unique(name=name, identifier=identifier, exclude_pk=None)
    now = timezone.now()
    organisation = Organisation(
        name=name,
        type=type,
        identifier=identifier,
        registered_by=actor,
        verified_at=now if verified else None,
        verified_by=actor if verified else None,
    )
    try:
        # A savepoint: someone registering the same organisation at the same moment hits the
        # unique constraint, and we report it the same way as the check above.
        with transaction.atomic():
            _save(organisation, actor=actor, reason="Registered")
    except IntegrityError as error:
        raise DuplicateError(
            "That organisation has just been registered by someone else. "
            "Choose it from the list of organisations instead",
            field="name",
        ) from error
    _set_domains(organisation, domains, actor=actor)
    _record(
        EventKind.ORGANISATION_REGISTERED,
        actor=actor,
        organisation=organisation,
        type=type,
        identifier=identifier,
        email_domains=domains,
        verified=verified,
    )
    return organisation


def _set_person_organisation(*, actor: User, person: User, organisation: Organisation) -> None:
    person = _lock(User, person.pk)
    previous_id = person.organisation_id
    if previous_id == organisation.pk:
        return
    person.organisation = organisation
    person.save(update_fields=["organisation"])
    if actor.pk == person.pk:
        # Keep the caller's copy (usually request.user) in step with the row.
        actor.organisation = organisation
    _record(
        EventKind.PERSON_ORGANISATION_SET,
        actor=actor,
        subject=person,
        organisation=organisation,
        **{"from": previous_id, "to": organisation.pk},
    )
    # A confirmation vouched for the old organisation only. The permission already ignores it
    # (it names another organisation); lapsing it too means going back cannot revive it.
    for confirmation in AffiliationConfirmation.objects.select_for_update().filter(
        person=person, status=ConfirmationStatus.ACTIVE
    ):
        _end_confirmation(
            confirmation,
            actor=actor,
            status=ConfirmationStatus.LAPSED,
            reason="They chose another organisation",
        )


# Organisations ----------------------------------------------------------------------------------


@transaction.atomic
def organisation_register(
    *, actor: User, name: str, type: str, identifier: str, email_domains: list[str] | str
) -> Organisation:
    """A person registers the organisation they work for. It waits for a steward to verify it."""
    _require_verified_email(actor, "register an organisation")
    _require(permissions.can_register_organisation(actor), "Sign in to register an organisation")
    organisation = _create_organisation(
        actor=actor,
        name=name,
        type=type,
        identifier=identifier,
        email_domains=email_domains,
        verified=False,
    )
    _set_person_organisation(actor=actor, person=actor, organisation=organisation)
    _after_commit(tasks.send_organisation_registered, organisation.pk)
    return organisation


@transaction.atomic
def organisation_create(
    *, actor: User, name: str, type: str, identifier: str, email_domains: list[str] | str
) -> Organisation:
    """A steward adds an organisation directly; it needs no further verification."""
    _require(permissions.can_manage_organisations(actor), "Only stewards can add organisations")
    return _create_organisation(
        actor=actor,
        name=name,
        type=type,
        identifier=identifier,
        email_domains=email_domains,
        verified=True,
    )


@transaction.atomic
def organisation_update(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    type: str,
    identifier: str,
    email_domains: list[str] | str,
) -> Organisation:
    _require(permissions.can_manage_organisations(actor), "Only stewards can change organisations")
    organisation = _lock(Organisation, organisation.pk)
    name, identifier, domains = _clean_organisation_fields(
        name=name, type=type, identifier=identifier, email_domains=email_domains
    )
    _ensure_organisation_unique(name=name, identifier=identifier, exclude_pk=organisation.pk)
    before = {
        "name": organisation.name,
        "type": organisation.type,
        "identifier": organisation.identifier,
        "email_domains": sorted(organisation.domains.values_list("domain", flat=True)),
    }
    after = {"name": name, "type": type, "identifier": identifier, "email_domains": sorted(domains)}
    changed = _changes(before, after)
    if not changed:
        return organisation
    organisation.name, organisation.type, organisation.identifier = name, type, identifier
    _save(organisation, actor=actor, reason="Details changed")
    _set_domains(organisation, domains, actor=actor)
    _record(EventKind.ORGANISATION_CHANGED, actor=actor, organisation=organisation, changes=changed)
    return organisation


@transaction.atomic
def organisation_verify(*, actor: User, organisation: Organisation) -> Organisation:
    _require(permissions.can_verify_organisation(actor), "Only stewards can verify organisations")
    organisation = _lock(Organisation, organisation.pk)
    if organisation.is_verified:
        raise InvalidStateError(
            f"{organisation.name} was already verified by {organisation.verified_by} on "
            f"{_on(organisation.verified_at)}. There is nothing more to do"
        )
    organisation.verified_at = timezone.now()
    organisation.verified_by = actor
    _save(organisation, actor=actor, reason="Verified")
    _record(EventKind.ORGANISATION_VERIFIED, actor=actor, organisation=organisation)
    _after_commit(tasks.send_organisation_verified, organisation.pk)
    return organisation


@transaction.atomic
def person_organisation_set(*, actor: User, organisation: Organisation) -> None:
    """A signed-in person says which organisation they work for. The same one again: no-op."""
    _require_verified_email(actor, "choose your organisation")
    _require(permissions.can_choose_organisation(actor), "Sign in to choose your organisation")
    organisation = Organisation.objects.get(pk=organisation.pk)
    _set_person_organisation(actor=actor, person=actor, organisation=organisation)


# Affiliation (ADR 0016) -------------------------------------------------------------------------


def _end_confirmation(
    confirmation: AffiliationConfirmation, *, actor: User | None, status: str, reason: str
) -> None:
    _require_transition(
        AFFILIATION_TRANSITIONS,
        confirmation.status,
        status,
        f"The confirmation that {confirmation.person} works for {confirmation.organisation} "
        f"was already {confirmation.get_status_display().lower()}",
    )
    confirmation.status = status
    confirmation.ended_at = timezone.now()
    confirmation.ended_by = actor
    confirmation.ended_reason = reason
    _save(confirmation, actor=actor, reason=reason)
    _record(
        EventKind.AFFILIATION_REVOKED
        if status == ConfirmationStatus.REVOKED
        else EventKind.AFFILIATION_LAPSED,
        actor=actor,
        subject=confirmation.person,
        group=confirmation.group,
        organisation=confirmation.organisation,
        reason=reason,
        confirmation=confirmation.pk,
    )


@transaction.atomic
def affiliation_confirm(*, actor: User, person: User, reason: str = "") -> AffiliationConfirmation:
    """A steward or convener vouches that the person works for the organisation they chose.

    From then on the person acts for it (ADR 0016), until they choose another organisation or
    someone revokes the confirmation.
    """
    person = _lock(User, person.pk)
    _require(
        permissions.can_confirm_affiliation(actor, person),
        "You cannot confirm your own organisation. Ask a steward or a convener of your group"
        if actor.pk == person.pk
        else "Only stewards, and conveners of a group the person is in or has asked to join, "
        "can confirm where they work",
    )
    organisation = person.organisation
    if organisation is None:
        raise InvalidStateError(
            f"{person} has not said which organisation they work for, so there is nothing to "
            "confirm. Ask them to choose it from their account page first"
        )
    if not organisation.is_verified:
        raise InvalidStateError(
            f"{organisation.name} has not been verified yet. A steward must verify the "
            "organisation before anyone can confirm that people work for it"
        )
    if permissions.email_domain_proves(person, organisation):
        raise InvalidStateError(
            f"{person}'s email address is at one of {organisation.name}'s email domains, so "
            "their affiliation is already proven. There is nothing to confirm"
        )
    existing = (
        AffiliationConfirmation.objects.select_for_update(of=("self",))
        .filter(person=person, status=ConfirmationStatus.ACTIVE)
        .select_related("confirmed_by")
        .first()
    )
    if existing is not None and existing.organisation_id == organisation.pk:
        raise InvalidStateError(
            f"{existing.confirmed_by} already confirmed that {person} works for "
            f"{organisation.name} on {_on(existing.confirmed_at)}. There is nothing more to do"
        )
    if existing is not None:
        # Only reachable if the organisation changed outside the services (the admin's user
        # editor): the old confirmation no longer says anything true.
        _end_confirmation(
            existing,
            actor=actor,
            status=ConfirmationStatus.LAPSED,
            reason="They chose another organisation",
        )
    steward = permissions.is_steward(actor)
    confirmation = AffiliationConfirmation(
        person=person,
        organisation=organisation,
        confirmed_by=actor,
        confirmed_as=ConfirmerRole.STEWARD if steward else ConfirmerRole.CONVENER,
        group=None if steward else permissions.convened_group_of(actor, person),
        reason=(reason or "").strip(),
    )
    _save(confirmation, actor=actor, reason=confirmation.reason or "Confirmed")
    _record(
        EventKind.AFFILIATION_CONFIRMED,
        actor=actor,
        subject=person,
        group=confirmation.group,
        organisation=organisation,
        reason=confirmation.reason,
        confirmation=confirmation.pk,
        confirmed_as=confirmation.confirmed_as,
    )
    _after_commit(tasks.send_affiliation_confirmed, confirmation.pk)
    return confirmation


@transaction.atomic
def affiliation_revoke(
    *, actor: User, confirmation: AffiliationConfirmation, reason: str
) -> AffiliationConfirmation:
    """Take a confirmation back. The person stops acting for the organisation at once."""
    confirmation = (
        AffiliationConfirmation.objects.select_for_update(of=("self",))
        .select_related("person", "organisation", "group")
        .get(pk=confirmation.pk)
    )
    _require(
        permissions.can_revoke_affiliation(actor, confirmation),
        "Only stewards, and conveners of a group the person is in, can revoke a confirmation",
    )
    reason = (reason or "").strip()
    if not reason:
        raise CommunityError("Enter a reason for revoking the confirmation", field="reason")
    _end_confirmation(confirmation, actor=actor, status=ConfirmationStatus.REVOKED, reason=reason)
    _after_commit(tasks.send_affiliation_revoked, confirmation.pk)
    return confirmation


# Working groups ---------------------------------------------------------------------------------


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
    _save(group, actor=actor, reason="Created")
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
    _save(group, actor=actor, reason="Details changed")
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
    _save(group, actor=actor, reason=reason)
    _record(EventKind.GROUP_ARCHIVED, actor=actor, group=group, reason=reason)

    closing_reason = f"The group was archived: {reason}" if reason else "The group was archived"
    for join_request in group.join_requests.select_for_update().filter(
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
    for invitation in group.invitations.select_for_update().filter(status=InvitationStatus.PENDING):
        _close_invitation(
            invitation, actor=actor, status=InvitationStatus.REVOKED, reason=closing_reason, now=now
        )
    return group


# Joining ----------------------------------------------------------------------------------------


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
    _save(join_request, actor=actor, reason="Asked to join")
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
    _save(join_request, actor=actor, reason=reason)
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
        JoinRequest.objects.select_for_update().select_related("user").get(pk=join_request.pk)
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
        JoinRequest.objects.select_for_update()
        .select_related("group", "user")
        .get(pk=join_request.pk)
    )
    if not join_request.is_pending:
        raise InvalidStateError(_already_decided_message(join_request))
    _close_request(
        join_request, actor=actor, status=JoinRequestStatus.WITHDRAWN, reason=(reason or "").strip()
    )
    return join_request


def _add_member(
    *, group: WorkingGroup, person: User, actor: User, role: str, reason: str
) -> Membership:
    membership = Membership(user=person, group=group, role=role)
    _save(membership, actor=actor, reason=reason)
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
    _save(invitation, actor=actor, reason=reason)
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
        group.invitations.select_for_update()
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
    _save(invitation, actor=actor, reason="Invitation sent")
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
    for join_request in group.join_requests.select_for_update().filter(
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


# Running a group --------------------------------------------------------------------------------


def _lock_membership(membership: Membership) -> tuple[WorkingGroup, Membership]:
    group = _lock_group(membership.group)
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    membership.group = group
    return group, membership


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
    _save(membership, actor=actor, reason=reason)
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
    _save(membership, actor=actor, reason=reason or "Role changed")
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
