"""Writes to the adoption register. Every change goes through one function here.

Each is keyword-only with the ``actor``, atomic, locks the row it changes, checks permission
and state (raising an ``AdoptionError`` with a message for the person), writes the change and
an ``AdoptionEvent``, and does nothing when nothing would change.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from adoption import permissions
from adoption.choices import AdoptionEventKind, AdoptionStatus
from adoption.exceptions import EditConflict, InvalidState, NotAllowed, VersionNotAdoptable
from adoption.limits import REASON_MAX, SYSTEM_NAME_MAX
from adoption.models import AdoptionEvent, AdoptionRecord
from community.models import Organisation, User
from standards.choices import VersionStatus
from standards.models import Component, ComponentVersion, StandardVersion

ADOPTABLE_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)


def _label(version: StandardVersion) -> str:
    return f"{version.standard} {version.number}"


def version_adoptable_assert(version: StandardVersion) -> None:
    """Organisations adopt published versions, and keep using superseded ones."""
    if version.status == VersionStatus.WITHDRAWN:
        raise VersionNotAdoptable(
            f"{_label(version)} has been withdrawn, so you cannot declare that you use it. "
            "Choose a published version"
        )
    if version.status not in ADOPTABLE_STATUSES:
        raise VersionNotAdoptable(
            f"{_label(version)} is a draft, so you cannot declare that you use it yet. "
            "Choose a published version"
        )


def _clean_components(version: StandardVersion, components: Iterable[Component]) -> list[int]:
    ids = sorted({component.pk for component in components})
    if not ids:
        raise InvalidState("Select the components your system uses")
    in_version = set(
        ComponentVersion.objects.filter(version=version, component_id__in=ids).values_list(
            "component_id", flat=True
        )
    )
    if set(ids) - in_version:
        raise InvalidState(f"Select components that are in {_label(version)}")
    return ids


def _clean_system_name(system_name: str) -> str:
    system_name = " ".join(system_name.split())
    if not system_name:
        raise InvalidState("Enter the name of the system that uses the standard")
    if len(system_name) > SYSTEM_NAME_MAX:
        raise InvalidState(f"Enter a system name of {SYSTEM_NAME_MAX} characters or fewer")
    return system_name


def _clean_status(status: str) -> str:
    if status not in AdoptionStatus.values:
        raise InvalidState("Select how far your organisation has got")
    return status


def _duplicate_assert(
    *, organisation_id: int, version: StandardVersion, system_name: str, exclude: int | None
) -> None:
    duplicates = AdoptionRecord.objects.filter(
        organisation_id=organisation_id,
        version=version,
        system_name__iexact=system_name,
        withdrawn_at__isnull=True,
    ).exclude(pk=exclude)
    if duplicates.exists():
        raise InvalidState(
            f"Your organisation has already declared {_label(version)} for {system_name}. "
            "Change that declaration instead"
        )


def _event(record: AdoptionRecord, kind: str, actor: User, *, reason: str = "", **detail):
    return AdoptionEvent.objects.create(
        record=record, kind=kind, actor=actor, at=timezone.now(), reason=reason, detail=detail
    )


def _lock(record: AdoptionRecord) -> AdoptionRecord:
    return (
        AdoptionRecord.objects.select_for_update(of=("self",))
        .select_related("organisation", "version__standard")
        .get(pk=record.pk)
    )


def adoption_declare(
    *,
    actor: User,
    organisation: Organisation,
    version: StandardVersion,
    components: Iterable[Component],
    status: str,
    system_name: str,
) -> AdoptionRecord:
    """Declare that ``organisation`` uses ``version`` (these components) in a named system."""
    if not permissions.can_declare_adoption(actor, organisation):
        raise NotAllowed(
            "Only verified members of an organisation can declare that it uses a standard"
        )
    system_name = _clean_system_name(system_name)
    status = _clean_status(status)
    with transaction.atomic():
        # Locking the version stops it being withdrawn while the declaration is written.
        version = (
            StandardVersion.objects.select_for_update(of=("self",))
            .select_related("standard")
            .get(pk=version.pk)
        )
        version_adoptable_assert(version)
        component_ids = _clean_components(version, components)
        _duplicate_assert(
            organisation_id=organisation.pk, version=version, system_name=system_name, exclude=None
        )
        now = timezone.now()
        try:
            with transaction.atomic():
                record = AdoptionRecord.objects.create(
                    organisation=organisation,
                    version=version,
                    status=status,
                    system_name=system_name,
                    declared_by=actor,
                    created_at=now,
                    updated_at=now,
                )
        except IntegrityError as error:
            # Two people declaring the same system at once: the constraint decides.
            raise InvalidState(
                f"Your organisation has already declared {_label(version)} for {system_name}. "
                "Change that declaration instead"
            ) from error
        record.components.set(component_ids)
        _event(
            record,
            AdoptionEventKind.DECLARED,
            actor,
            status=status,
            system_name=system_name,
            components=_component_keys(component_ids),
        )
    return record


def _component_keys(ids) -> list[str]:
    return sorted(Component.objects.filter(pk__in=ids).values_list("key", flat=True))


def adoption_update(
    *,
    actor: User,
    record: AdoptionRecord,
    revision: int,
    components: Iterable[Component],
    status: str,
    system_name: str,
) -> AdoptionRecord:
    """Change a declaration. ``revision`` is the one the person saw; a later change wins."""
    system_name = _clean_system_name(system_name)
    status = _clean_status(status)
    with transaction.atomic():
        record = _lock(record)
        if not permissions.can_change_adoption(actor, record):
            raise NotAllowed("Only verified members of the organisation can change this")
        if record.is_withdrawn:
            raise InvalidState("This declaration has been withdrawn, so it cannot be changed")
        if record.revision != revision:
            raise EditConflict()
        component_ids = _clean_components(record.version, components)
        before_ids = sorted(record.components.values_list("pk", flat=True))
        before = {"status": record.status, "system_name": record.system_name}
        after = {"status": status, "system_name": system_name}
        if before == after and before_ids == component_ids:
            return record
        if system_name.lower() != record.system_name.lower():
            _duplicate_assert(
                organisation_id=record.organisation_id,
                version=record.version,
                system_name=system_name,
                exclude=record.pk,
            )
        changed = {
            name: {"from": before[name], "to": after[name]}
            for name in before
            if before[name] != after[name]
        }
        if before_ids != component_ids:
            changed["components"] = {
                "from": _component_keys(before_ids),
                "to": _component_keys(component_ids),
            }
        record.status = status
        record.system_name = system_name
        record.revision += 1
        record.updated_at = timezone.now()
        record.save(update_fields=["status", "system_name", "revision", "updated_at"])
        if before_ids != component_ids:
            record.components.set(component_ids)
        _event(record, AdoptionEventKind.UPDATED, actor, changed=changed)
    return record


def adoption_withdraw(*, actor: User, record: AdoptionRecord) -> AdoptionRecord:
    """The organisation no longer uses (or plans to use) the version in this system."""
    with transaction.atomic():
        record = _lock(record)
        if not permissions.can_change_adoption(actor, record):
            raise NotAllowed("Only verified members of the organisation can withdraw this")
        if record.is_withdrawn:
            raise InvalidState("This declaration has already been withdrawn")
        record.withdrawn_at = timezone.now()
        record.withdrawn_by = actor
        record.revision += 1
        record.save(update_fields=["withdrawn_at", "withdrawn_by", "revision"])
        _event(record, AdoptionEventKind.WITHDRAWN, actor)
    return record


def adoption_hide(*, actor: User, record: AdoptionRecord, reason: str) -> AdoptionRecord:
    """A steward hides a false declaration from the public register, saying why."""
    if not permissions.can_hide_adoption(actor):
        raise NotAllowed("Only stewards can hide declarations")
    reason = reason.strip()
    if not reason:
        raise InvalidState("Enter why you are hiding this declaration")
    if len(reason) > REASON_MAX:
        raise InvalidState(f"Enter a reason of {REASON_MAX} characters or fewer")
    with transaction.atomic():
        record = _lock(record)
        if record.is_hidden:
            raise InvalidState("This declaration is already hidden")
        record.hidden_at = timezone.now()
        record.hidden_by = actor
        record.hidden_reason = reason
        record.revision += 1
        record.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "revision"])
        _event(record, AdoptionEventKind.HIDDEN, actor, reason=reason)
    return record


def adoption_unhide(*, actor: User, record: AdoptionRecord, reason: str = "") -> AdoptionRecord:
    """A steward shows a hidden declaration again, for example once it has been checked."""
    if not permissions.can_hide_adoption(actor):
        raise NotAllowed("Only stewards can show hidden declarations")
    with transaction.atomic():
        record = _lock(record)
        if not record.is_hidden:
            raise InvalidState("This declaration is not hidden")
        previous = record.hidden_reason
        record.hidden_at = None
        record.hidden_by = None
        record.hidden_reason = ""
        record.revision += 1
        record.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "revision"])
        _event(
            record, AdoptionEventKind.UNHIDDEN, actor, reason=reason.strip(), hidden_reason=previous
        )
    return record
