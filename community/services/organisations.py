"""Organisations: registering, creating, changing and verifying them, and a person's choice of
organisation. See ``community.services.common``.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from community import permissions, tasks
from community.choices import (
    ConfirmationStatus,
    EventKind,
    OrganisationType,
)
from community.exceptions import (
    CommunityError,
    DuplicateError,
    InvalidStateError,
)
from community.models import (
    AffiliationConfirmation,
    Organisation,
    OrganisationDomain,
    User,
)
from community.services.affiliations import _end_confirmation
from community.services.common import (
    _after_commit,
    _changes,
    _lock,
    _on,
    _record,
    _require,
    _require_verified_email,
)
from community.validators import normalise_identifier, parse_email_domains, validate_identifier
from portal.history import save_with_history


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
            save_with_history(
                OrganisationDomain(organisation=organisation, domain=domain), actor=actor
            )


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
            save_with_history(organisation, actor=actor, reason="Registered")
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
    for confirmation in AffiliationConfirmation.objects.select_for_update(of=("self",)).filter(
        person=person, status=ConfirmationStatus.ACTIVE
    ):
        _end_confirmation(
            confirmation,
            actor=actor,
            status=ConfirmationStatus.LAPSED,
            reason="They chose another organisation",
        )


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
    save_with_history(organisation, actor=actor, reason="Details changed")
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
    save_with_history(organisation, actor=actor, reason="Verified")
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
