"""Reads for pages, exporters and the API. Each runs a fixed number of queries."""

import itertools
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from standards.choices import ComponentKind, VersionStatus
from standards.engine import diff
from standards.exceptions import InvalidVersionNumber
from standards.models import (
    Attribute,
    Code,
    Component,
    ComponentVersion,
    Standard,
    StandardVersion,
    VersionEvent,
)

LATEST = "latest"


def standard_list() -> QuerySet[Standard]:
    """Every standard by name, each with ``version_list`` (newest first) prefetched."""
    versions = StandardVersion.objects.newest_first()
    return Standard.objects.order_by("name").prefetch_related(
        Prefetch("versions", queryset=versions, to_attr="version_list")
    )


def version_list(*, standard: Standard) -> QuerySet[StandardVersion]:
    return standard.versions.newest_first().select_related("standard", "published_by")


def version_get(*, standard_slug: str, number: str) -> StandardVersion:
    """The version with ``number`` ("1.1.0"), or the published one for ``"latest"``.

    Raises ``StandardVersion.DoesNotExist`` for a malformed number too, so views can 404.
    """
    versions = StandardVersion.objects.select_related(
        "standard", "published_by", "based_on"
    ).filter(standard__slug=standard_slug)
    if number == LATEST:
        return versions.get(status=VersionStatus.PUBLISHED)
    try:
        return versions.with_number(number).get()
    except InvalidVersionNumber as error:
        raise StandardVersion.DoesNotExist(str(error)) from error


def version_latest_published(*, standard: Standard) -> StandardVersion | None:
    """The current version: the one published version, or None if there is none."""
    return (
        standard.versions.filter(status=VersionStatus.PUBLISHED)
        .select_related("standard", "published_by")
        .first()
    )


def version_events(*, version: StandardVersion) -> QuerySet[VersionEvent]:
    """The version's timeline, oldest first."""
    return version.events.select_related("actor").order_by("at", "pk")


def members_prefetches() -> tuple[Prefetch, Prefetch]:
    return (
        Prefetch(
            "attributes",
            queryset=Attribute.objects.select_related("references").order_by("sort_order", "key"),
        ),
        Prefetch("codes", queryset=Code.objects.order_by("sort_order", "value")),
    )


def component_versions_for(
    *, version: StandardVersion, with_members: bool = False
) -> QuerySet[ComponentVersion]:
    """The components of a version, in display order.

    ``with_members`` prefetches ``attributes`` (with the components they reference) and
    ``codes``, for exporters and diffs; list pages leave it off.
    """
    rows = (
        ComponentVersion.objects.filter(version=version)
        .select_related("component", "replaced_by", "version__standard")
        .order_by("sort_order", "name")
    )
    if with_members:
        rows = rows.prefetch_related(*members_prefetches())
    return rows


def component_versions_differing(
    *, old: StandardVersion | None, new: StandardVersion
) -> tuple[list[ComponentVersion], list[ComponentVersion]]:
    """The components of ``old`` and of ``new`` that may differ, in display order, with members.
    With no ``old`` (a standard's first version), every component of ``new`` is new.

    For ``diff.diff_versions``: a component whose fingerprint is the same in both versions has
    no changes, so it is left out of both lists and its attributes and codes are never loaded.
    Drafts have no fingerprints, so all their components are compared. At most four queries,
    however many components, attributes and codes there are.
    """
    old_rows, new_rows = (
        list(
            ComponentVersion.objects.filter(version=version)
            .select_related("component", "replaced_by")
            .order_by("sort_order", "name")
        )
        for version in (old, new)
    )
    # Only a locked version's fingerprints are trusted: a draft's content can still change.
    old_locked = old is not None and old.is_locked
    old_prints = {row.component_id: row.fingerprint for row in old_rows if old_locked}
    unchanged = {
        row.component_id
        for row in new_rows
        if new.is_locked and row.fingerprint and old_prints.get(row.component_id) == row.fingerprint
    }
    old_rows = [row for row in old_rows if row.component_id not in unchanged]
    new_rows = [row for row in new_rows if row.component_id not in unchanged]
    prefetch_related_objects([*old_rows, *new_rows], *members_prefetches())
    return old_rows, new_rows


def version_diff(*, old: StandardVersion | None, new: StandardVersion) -> diff.VersionDiff:
    """What changed from ``old`` to ``new`` (every component new when there is no ``old``).

    Components unchanged between the versions are left out before anything is snapshotted,
    so the work follows the size of the change rather than of the standard. At most four
    queries (``component_versions_differing``).
    """
    old_rows, new_rows = component_versions_differing(old=old, new=new)
    return diff.diff_versions(
        diff.snapshot_version(old_rows),
        diff.snapshot_version(new_rows),
        old_number=old.number if old is not None else "",
        new_number=new.number,
    )


def component_version_get(*, version: StandardVersion, key: str) -> ComponentVersion:
    """One component of a version with its attributes and codes. Raises ``DoesNotExist``."""
    return (
        ComponentVersion.objects.select_related("component", "replaced_by", "version__standard")
        .prefetch_related(*members_prefetches())
        .get(version=version, component__key=key)
    )


def component_in_version(*, version: StandardVersion, key: str) -> bool:
    return ComponentVersion.objects.filter(version=version, component__key=key).exists()


def component_referenced_by(
    *, version: StandardVersion, component: Component
) -> QuerySet[Attribute]:
    """Attributes in ``version`` that refer to ``component``: its incoming relationships."""
    return (
        Attribute.objects.filter(component_version__version=version, references=component)
        .select_related("component_version__component")
        .order_by("component_version__name", "sort_order", "key")
    )


def component_history(*, component: Component) -> QuerySet[ComponentVersion]:
    """Every version of a component, newest first, with its standard version joined."""
    return (
        ComponentVersion.objects.filter(component=component)
        .select_related("version__standard", "component")
        .order_by("-version__major", "-version__minor", "-version__patch")
    )


# Reads for the browsing pages. Each takes ``include_drafts`` so views decide visibility once.


def standard_get(*, slug: str) -> Standard:
    """Raises ``Standard.DoesNotExist``."""
    return Standard.objects.get(slug=slug)


def standards_visible(*, include_drafts: bool) -> list[Standard]:
    """Every standard by name, for the list page, in two queries however many there are.

    Each gets ``visible_versions`` (newest first) and ``current``: its published version among
    them, or None.
    """
    standards = list(standard_list())
    for standard in standards:
        standard.visible_versions = [
            version for version in standard.version_list if include_drafts or not version.is_draft
        ]
        standard.current = published_among(standard.visible_versions)
    return standards


def versions_visible(*, standard: Standard, include_drafts: bool) -> list[StandardVersion]:
    """The versions someone may see, newest first, each knowing its previous.

    Each gets ``previous``: the next older visible version, or None, so a page can offer
    "compare with previous" without another query.
    """
    rows = standard.versions.newest_first().select_related("standard", "published_by")
    if not include_drafts:
        rows = rows.exclude(status=VersionStatus.DRAFT)
    rows = list(rows)
    # A new standard has no versions yet.
    for version, older in zip(rows, [*rows[1:], None][: len(rows)], strict=True):
        version.previous = older
    return rows


def published_among(versions: list[StandardVersion]) -> StandardVersion | None:
    """The published version in a loaded list, or None: a standard has at most one."""
    return next((v for v in versions if v.status == VersionStatus.PUBLISHED), None)


@dataclass(frozen=True)
class ComponentCounts:
    total: int
    entities: int
    code_lists: int
    deprecated: int


def version_component_counts(*, version: StandardVersion) -> ComponentCounts:
    """How many components of each sort a version holds, in one query."""
    counts = ComponentVersion.objects.filter(version=version).aggregate(
        total=Count("pk"),
        entities=Count("pk", filter=Q(component__kind=ComponentKind.ENTITY)),
        code_lists=Count("pk", filter=Q(component__kind=ComponentKind.CODE_LIST)),
        deprecated=Count("pk", filter=Q(deprecated=True)),
    )
    return ComponentCounts(**counts)


def component_versions_search(
    *,
    version: StandardVersion,
    query: str = "",
    kinds: list[str] | tuple[str, ...] = (),
    deprecated: bool | None = None,
) -> QuerySet[ComponentVersion]:
    """A version's components matching a search and filters, each with member counts.

    ``query`` matches the name, key or definition of the component, or the name of one of its
    attributes or the value or label of one of its codes, so searching "alert" finds the code
    list that holds alert codes. Rows carry ``attribute_count`` and ``code_count``.
    """
    rows = component_versions_for(version=version)
    query = query.strip()
    if query:
        matches = (
            Q(name__icontains=query)
            | Q(component__key__icontains=query)
            | Q(definition__icontains=query)
            | Q(pk__in=Attribute.objects.filter(name__icontains=query).values("component_version"))
            | Q(
                pk__in=Code.objects.filter(
                    Q(value__icontains=query) | Q(label__icontains=query)
                ).values("component_version")
            )
        )
        rows = rows.filter(matches)
    if kinds:
        rows = rows.filter(component__kind__in=kinds)
    if deprecated is not None:
        rows = rows.filter(deprecated=deprecated)
    return rows.annotate(
        attribute_count=Count("attributes", distinct=True),
        code_count=Count("codes", distinct=True),
    )


def component_history_visible(
    *, component: Component, include_drafts: bool
) -> list[ComponentVersion]:
    """The versions of a component someone may see, newest first, each knowing its previous.

    Each row gets ``previous``: the row from the next older visible version, or None, so a page
    can offer "compare with previous" without another query.
    """
    rows = component_history(component=component)
    if not include_drafts:
        rows = rows.exclude(version__status=VersionStatus.DRAFT)
    rows = list(rows)
    for row, older in zip(rows, [*rows[1:], None], strict=True):
        row.previous = older
    return rows


@dataclass(frozen=True)
class CodeRow:
    code: Code
    depth: int

    @property
    def properties(self) -> list[tuple[str, str]]:
        """Extra properties as (name, text) pairs, with true and false read as yes and no."""
        return [
            (name, ("Yes" if value else "No") if isinstance(value, bool) else str(value))
            for name, value in (self.code.properties or {}).items()
        ]


def component_names(*, version: StandardVersion, component_ids) -> dict[int, str]:
    """The names, in ``version``, of the components with these ids, for labelling links."""
    return dict(
        ComponentVersion.objects.filter(
            version=version, component_id__in=set(component_ids)
        ).values_list("component_id", "name")
    )


def label_references(*, version: StandardVersion, attributes: list[Attribute]) -> None:
    """Give each reference attribute ``reference_name``: its target's name in ``version``."""
    names = component_names(
        version=version, component_ids=[a.references_id for a in attributes if a.references_id]
    )
    for attribute in attributes:
        if attribute.references_id:
            attribute.reference_name = names.get(attribute.references_id, attribute.references.key)


def component_tables(*, version: StandardVersion, row: ComponentVersion) -> dict:
    """What the attribute and code tables of ``row`` need, as template context.

    ``row`` comes from ``component_version_get``, so this adds one query at most: the names of
    the components its attributes refer to.
    """
    attributes = list(row.attributes.all())
    label_references(version=version, attributes=attributes)
    code_rows = codes_as_tree(list(row.codes.all()))
    return {
        "attributes": attributes,
        "code_rows": code_rows,
        "show_properties": any(code_row.code.properties for code_row in code_rows),
    }


def codes_as_tree(codes: list[Code]) -> list[CodeRow]:
    """Codes in hierarchy order, each parent followed by its children, with their depth.

    Pure: works on codes already loaded. A code whose parent is missing (a defect the importer
    reports) is shown at the top level rather than hidden. A loop of parents cannot recur for
    ever because each code is placed once.
    """
    by_value = {code.value: code for code in codes}
    children: dict[str, list[Code]] = {}
    roots = []
    for code in codes:
        if code.parent_value and code.parent_value in by_value:
            children.setdefault(code.parent_value, []).append(code)
        else:
            roots.append(code)
    rows: list[CodeRow] = []
    placed: set[str] = set()
    stack = [(code, 0) for code in reversed(roots)]
    while stack:
        code, depth = stack.pop()
        if code.value in placed:
            continue
        placed.add(code.value)
        rows.append(CodeRow(code=code, depth=depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(code.value, [])))
    # Codes caught in a parent loop have no root; show them rather than lose them.
    rows.extend(CodeRow(code=code, depth=0) for code in codes if code.value not in placed)
    return rows


# Code lists over time, for the API's terminology reads (FHIR's $expand, as of a version or date).


def version_in_force(*, standard: Standard, on: date) -> StandardVersion:
    """The version that was the current published one at the end of the day ``on``.

    Raises ``StandardVersion.DoesNotExist`` when none had been published by then.
    """
    end_of_day = timezone.make_aware(datetime.combine(on, time.max))
    return (
        standard.versions.filter(
            status__in=(VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED),
            published_at__lte=end_of_day,
        )
        .select_related("standard")
        .order_by("-published_at", "-major", "-minor", "-patch")[:1]
        .get()
    )


@dataclass(frozen=True)
class CodeState:
    """A code of a code list as of a version: ``status`` is active, deprecated or removed."""

    code: dict
    status: str
    removed_in: str | None = None


def code_list_as_of(
    *, version: StandardVersion, key: str
) -> tuple[ComponentVersion, list[CodeState]]:
    """The code list ``key`` in ``version``, each code with its status, then the codes earlier
    published versions had and ``version`` no longer has, each with the version that dropped it.

    Two queries. Raises ``ComponentVersion.DoesNotExist`` when ``version`` has no such
    component, or it is not a code list.
    """
    rows = list(
        ComponentVersion.objects.filter(
            component__key=key,
            component__kind=ComponentKind.CODE_LIST,
            version__standard_id=version.standard_id,
        )
        .exclude(version__status=VersionStatus.DRAFT)
        .select_related("component", "version")
        .prefetch_related(Prefetch("codes", queryset=Code.objects.order_by("sort_order", "key")))
        .order_by("version__major", "version__minor", "version__patch")
    )
    rows = [row for row in rows if row.version.number_tuple <= version.number_tuple]
    if not rows or rows[-1].version_id != version.pk:
        raise ComponentVersion.DoesNotExist("No such code list in this version")
    current = rows[-1]
    present = {code.key for code in current.codes.all()}
    states = [
        CodeState(diff.snapshot_code(code), "deprecated" if code.deprecated else "active")
        for code in current.codes.all()
    ]
    removed: dict[str, CodeState] = {}
    for older, newer in itertools.pairwise(rows):
        newer_keys = {code.key for code in newer.codes.all()}
        for code in older.codes.all():
            if code.key not in newer_keys and code.key not in present:
                removed[code.key] = CodeState(
                    diff.snapshot_code(code), "removed", removed_in=newer.version.number
                )
    return current, [*states, *removed.values()]
