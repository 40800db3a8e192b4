"""Writes to the catalogue. Every change to a standard or a version goes through here.

Each service is atomic, locks what it changes, checks permission and state (raising a
``StandardsError`` with a message the user can act on), writes the change and its
``VersionEvent``. Services return the fresh, updated row; the instance passed in is not modified.
"""

import copy
import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from community.models import User
from community.permissions import is_steward

from . import artefacts, diff
from .choices import VersionEventKind, VersionStatus
from .exceptions import InvalidState, InvalidVersionNumber, NotAllowed, StandardsError
from .importers import (
    ImportPlan,
    ImportRefused,
    ImportReport,
    ImportStale,
    draft_fingerprint,
    import_compare,
    import_write,
    plan_parse,
)
from .models import (
    Attribute,
    Code,
    ComponentVersion,
    ImportRun,
    ImportRunStatus,
    Standard,
    StandardVersion,
    VersionEvent,
)
from .selectors import component_versions_for
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
        # While the version is still a draft, the only moment its rows may be written.
        _fingerprints_store(version=version)
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


def _fingerprints_store(*, version: StandardVersion) -> None:
    """Record each component's content fingerprint, so diffs can skip unchanged components."""
    rows = list(component_versions_for(version=version, with_members=True))
    for row in rows:
        row.fingerprint = diff.fingerprint_component(row)
    ComponentVersion.objects.bulk_update(rows, ["fingerprint"], batch_size=500)


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
        # A draft's content can change after the copy, and nothing would reset a copied
        # fingerprint then; publication computes it afresh.
        [_copy_of(row, version_id=target.pk, fingerprint="") for row in source_rows],
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


# Imports ----------------------------------------------------------------------------------------


def import_preview(*, version: StandardVersion, plan: ImportPlan) -> ImportReport:
    """What ``import_apply`` would do, without writing: the report for ``--dry-run``."""
    report, _work = import_compare(version=version, plan=plan)
    return report


def import_apply(
    *,
    actor: User,
    version: StandardVersion,
    plan: ImportPlan,
    expected_fingerprint: str | None = None,
) -> ImportReport:
    """Write a parsed file into a draft: all of it, or (on any error) nothing.

    With ``expected_fingerprint``, refuse with ``ImportStale`` if the draft is no longer what
    the steward saw in the preview.
    """
    _steward_required(actor, action="import into a draft version")
    with transaction.atomic():
        version = version_draft_lock(actor=actor, version=version)
        if expected_fingerprint is not None and (
            draft_fingerprint(version=version) != expected_fingerprint
        ):
            raise ImportStale
        report, work = import_compare(version=version, plan=plan)
        if report.errors:
            raise ImportRefused(report)
        if report.has_changes:
            import_write(actor=actor, version=version, plan=plan, report=report, work=work)
        report.applied = True
    return report


def _content_sha256(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _run_plan(run: ImportRun) -> ImportPlan:
    return plan_parse(
        format=run.format, content=run.content, source=run.source_name, options=run.options
    )


def import_run_create(
    *,
    actor: User,
    version: StandardVersion,
    format: str,
    source_name: str,
    content: str,
    options: dict | None = None,
) -> ImportRun:
    """Keep an upload and its report until the steward confirms it (the preview step)."""
    _steward_required(actor, action="import into a draft version")
    options = options or {}
    run = ImportRun(
        version=version,
        created_by=actor,
        format=format,
        source_name=source_name[:255],
        content=content,
        content_sha256=_content_sha256(content),
        options=options,
    )
    _run_check(run)
    run.save()
    return run


def _run_check(run: ImportRun) -> None:
    run.draft_fingerprint = draft_fingerprint(version=run.version)
    run.report = import_preview(version=run.version, plan=_run_plan(run)).as_dict()


def import_run_refresh(*, actor: User, run: ImportRun) -> ImportRun:
    """Check a waiting upload again against the draft as it is now."""
    _steward_required(actor, action="import into a draft version")
    with transaction.atomic():
        run = _run_lock(actor=actor, run=run)
        _run_check(run)
        run.save(update_fields=["draft_fingerprint", "report"])
    return run


def _run_lock(*, actor: User, run: ImportRun) -> ImportRun:
    run = ImportRun.objects.select_for_update().select_related("version__standard").get(pk=run.pk)
    if run.created_by_id != actor.pk:
        raise NotAllowed("Only the steward who uploaded this file can import it")
    if run.status == ImportRunStatus.APPLIED:
        raise InvalidState("This file has already been imported")
    if _content_sha256(run.content) != run.content_sha256:
        raise InvalidState(
            "The uploaded file has been changed since it was checked. Upload it again"
        )
    return run


def import_run_confirm(*, actor: User, run: ImportRun) -> ImportRun:
    """Apply a previewed upload, if the draft is still as it was when the steward checked it."""
    _steward_required(actor, action="import into a draft version")
    with transaction.atomic():
        run = _run_lock(actor=actor, run=run)
        report = import_apply(
            actor=actor,
            version=run.version,
            plan=_run_plan(run),
            expected_fingerprint=run.draft_fingerprint,
        )
        run.status = ImportRunStatus.APPLIED
        run.applied_at = timezone.now()
        run.report = report.as_dict()
        run.save(update_fields=["status", "applied_at", "report"])
    return run
