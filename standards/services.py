"""Writes to the catalogue. Every change to a standard or a version goes through here.

Each service is atomic, locks what it changes, checks permission and state (raising a
``StandardsError`` with a message the user can act on), writes the change and its
``VersionEvent``. Services return the fresh, updated row; the instance passed in is not modified.
"""

import copy

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from community.models import User
from community.permissions import is_steward

from . import artefacts
from .choices import VersionEventKind, VersionStatus
from .exceptions import InvalidState, InvalidVersionNumber, NotAllowed, StandardsError
from .models import Attribute, Code, ComponentVersion, Standard, StandardVersion, VersionEvent
from .versioning import VersionNumber, version_number_parse
from .workflow import LOCKED_STATUSES, transition_assert

_EVENT_FOR_STATUS = {
    VersionStatus.PUBLISHED: VersionEventKind.PUBLISHED,
    VersionStatus.SUPERSEDED: VersionEventKind.SUPERSEDED,
    VersionStatus.WITHDRAWN: VersionEventKind.WITHDRAWN,
}


def _steward_required(actor: User, *, action: str) -> None:
    if not is_steward(actor):
        raise NotAllowed(f"Only stewards can {action}")


def _label(version: StandardVersion) -> str:
    return f"Version {version.number} of {version.standard}"


def standard_create(*, actor: User, name: str, slug: str, description: str = "") -> Standard:
    _steward_required(actor, action="create a standard")
    if Standard.objects.filter(slug=slug).exists():
        raise InvalidState(f"A standard with the short name “{slug}” already exists")
    try:
        with transaction.atomic():
            return Standard.objects.create(name=name, slug=slug, description=description)
    except IntegrityError as error:
        # Lost a race with another steward creating the same slug.
        raise InvalidState(f"A standard with the short name “{slug}” already exists") from error


def version_draft_create(
    *,
    actor: User,
    standard: Standard,
    number: str | VersionNumber,
    base: StandardVersion | None = None,
    release_notes: str = "",
) -> StandardVersion:
    """Start a draft version, optionally as a copy of every component in ``base``.

    A copy makes the new version "the previous one plus changes": components keep their
    identity and attributes and codes keep their keys, so diffs can line them up.
    """
    _steward_required(actor, action="create a draft version")
    if isinstance(number, str):
        number = version_number_parse(number)
    with transaction.atomic():
        # Serialises draft creation and publication for one standard.
        standard = Standard.objects.select_for_update().get(pk=standard.pk)
        if standard.versions.with_number(number).exists():
            raise InvalidVersionNumber(
                f"Version {number} of {standard} already exists. Enter a different version number"
            )
        _assert_later_than_released(standard=standard, number=number)
        if base is not None:
            base = StandardVersion.objects.get(pk=base.pk)
            if base.standard_id != standard.pk:
                raise InvalidState(f"Choose a version of {standard} to copy from")
            if number <= base.number_tuple:
                raise InvalidVersionNumber(
                    f"The new version number must be later than {base.number}, "
                    "the version it is copied from"
                )
        version = StandardVersion.objects.create(
            standard=standard,
            major=number.major,
            minor=number.minor,
            patch=number.patch,
            release_notes=release_notes,
            based_on=base,
        )
        if base is not None:
            _version_contents_copy(source=base, target=version, actor=actor)
        VersionEvent.objects.create(
            version=version,
            kind=VersionEventKind.CREATED,
            actor=actor,
            to_status=VersionStatus.DRAFT,
            detail={"number": str(number), "based_on": base.number if base else None},
        )
    return version


def version_draft_lock(*, actor: User, version: StandardVersion) -> StandardVersion:
    """Lock a draft for editing and return it, or refuse if it cannot be edited.

    For services that edit a draft's contents (importers, change sets): call this first,
    inside their own ``transaction.atomic()``.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("version_draft_lock must be called inside transaction.atomic()")
    _steward_required(actor, action="change a draft version")
    version = (
        StandardVersion.objects.select_for_update().select_related("standard").get(pk=version.pk)
    )
    if not version.is_draft:
        raise InvalidState(version.immutable_message())
    return version


def version_draft_update(
    *, actor: User, version: StandardVersion, release_notes: str
) -> StandardVersion:
    with transaction.atomic():
        version = version_draft_lock(actor=actor, version=version)
        if version.release_notes != release_notes:
            version.release_notes = release_notes
            version.save(update_fields=["release_notes"])
    return version


def version_publish(
    *, actor: User, version: StandardVersion, release_notes: str | None = None
) -> StandardVersion:
    """Publish a draft. The version published before it becomes superseded.

    Artefacts are generated in the same transaction, so publication is all or nothing.
    """
    _steward_required(actor, action="publish a version")
    with transaction.atomic():
        Standard.objects.select_for_update().get(pk=version.standard_id)
        version = (
            StandardVersion.objects.select_for_update()
            .select_related("standard")
            .get(pk=version.pk)
        )
        transition_assert(
            current=version.status, target=VersionStatus.PUBLISHED, label=_label(version)
        )
        _assert_later_than_released(standard=version.standard, number=version.number_tuple)
        _assert_references_resolve(version=version)
        now = timezone.now()
        previous_versions = StandardVersion.objects.select_for_update().filter(
            standard_id=version.standard_id, status=VersionStatus.PUBLISHED
        )
        for previous in previous_versions:
            _version_transition(
                previous,
                VersionStatus.SUPERSEDED,
                actor=actor,
                at=now,
                detail={"superseded_by": version.number},
                superseded_at=now,
            )
        fields = {"published_at": now, "published_by": actor}
        if release_notes is not None:
            fields["release_notes"] = release_notes
        _version_transition(
            version,
            VersionStatus.PUBLISHED,
            actor=actor,
            at=now,
            detail={"number": version.number},
            **fields,
        )
        artefacts.artefacts_generate(version=version)
    return version


def version_withdraw(*, actor: User, version: StandardVersion, reason: str) -> StandardVersion:
    """Withdraw a published or superseded version. Nothing is reinstated in its place."""
    _steward_required(actor, action="withdraw a version")
    if not reason.strip():
        raise StandardsError("Enter why you are withdrawing this version")
    with transaction.atomic():
        version = (
            StandardVersion.objects.select_for_update()
            .select_related("standard")
            .get(pk=version.pk)
        )
        transition_assert(
            current=version.status, target=VersionStatus.WITHDRAWN, label=_label(version)
        )
        now = timezone.now()
        _version_transition(
            version,
            VersionStatus.WITHDRAWN,
            actor=actor,
            at=now,
            detail={"reason": reason.strip()},
            withdrawn_at=now,
            withdrawn_reason=reason.strip(),
        )
    return version


def _version_transition(
    version: StandardVersion,
    target: VersionStatus,
    *,
    actor: User,
    at,
    detail: dict,
    **fields,
) -> None:
    current = version.status
    transition_assert(current=current, target=target, label=_label(version))
    version.status = target
    for name, value in fields.items():
        setattr(version, name, value)
    version.save(update_fields=["status", *fields])
    VersionEvent.objects.create(
        version=version,
        kind=_EVENT_FOR_STATUS[target],
        actor=actor,
        at=at,
        from_status=current,
        to_status=target,
        detail=detail,
    )


def _assert_later_than_released(*, standard: Standard, number: VersionNumber) -> None:
    latest = (
        StandardVersion.objects.filter(standard=standard, status__in=LOCKED_STATUSES)
        .newest_first()
        .first()
    )
    if latest is not None and number <= latest.number_tuple:
        raise InvalidVersionNumber(
            f"The version number must be later than {latest.number}, "
            f"the latest version of {standard} to be published"
        )


def _assert_references_resolve(*, version: StandardVersion) -> None:
    dangling = (
        Attribute.objects.filter(component_version__version=version, references__isnull=False)
        .exclude(references__versions__version=version)
        .select_related("component_version", "references")
        .first()
    )
    if dangling is not None:
        raise InvalidState(
            f"You cannot publish version {version.number} yet: attribute “{dangling.name}” of "
            f"{dangling.component_version.name} refers to {dangling.references.key}, "
            "which is not in this version"
        )


def _copy_of[M: Model](row: M, **overrides) -> M:
    values = {
        field.attname: copy.deepcopy(getattr(row, field.attname))
        for field in row._meta.concrete_fields
        if not field.primary_key
    }
    values.update(overrides)
    return type(row)(**values)


def _version_contents_copy(
    *, source: StandardVersion, target: StandardVersion, actor: User
) -> None:
    """Copy every component, attribute and code, in a fixed number of queries."""
    source_rows = list(ComponentVersion.objects.filter(version=source).order_by("pk"))
    copies = bulk_create_with_history(
        [_copy_of(row, version_id=target.pk) for row in source_rows],
        ComponentVersion,
        default_user=actor,
    )
    new_parent = {old.pk: new.pk for old, new in zip(source_rows, copies, strict=True)}
    for model in (Attribute, Code):
        rows = model.objects.filter(component_version__version=source).order_by("pk")
        bulk_create_with_history(
            [
                _copy_of(row, component_version_id=new_parent[row.component_version_id])
                for row in rows
            ],
            model,
            default_user=actor,
        )
