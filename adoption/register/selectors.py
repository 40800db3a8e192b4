"""Reads for the adoption register and the standards pages that show adopters.

Each runs a small, fixed number of queries however many records there are. Public reads never
include withdrawn or hidden declarations.
"""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from adoption.models import AdoptionEvent, AdoptionRecord
from standards.choices import VersionStatus
from standards.models import Component, ComponentVersion, StandardVersion

PUBLIC = Q(withdrawn_at__isnull=True, hidden_at__isnull=True)


def _records() -> QuerySet[AdoptionRecord]:
    return AdoptionRecord.objects.select_related("organisation", "version__standard")


def records_public() -> QuerySet[AdoptionRecord]:
    return _records().filter(PUBLIC)


def component_names_attach(records) -> list[AdoptionRecord]:
    """Give each record ``component_list``: (key, name) pairs, named as in its own version.

    Two queries for any number of records: the components, then their names.
    """
    records = list(records)
    if not records:
        return records
    through = AdoptionRecord.components.through
    pairs = list(
        through.objects.filter(adoptionrecord_id__in=[record.pk for record in records])
        .values_list("adoptionrecord_id", "component_id", "component__key")
        .order_by("component__key")
    )
    names = {
        (version_id, component_id): name
        for version_id, component_id, name in ComponentVersion.objects.filter(
            version_id__in={record.version_id for record in records},
            component_id__in={component_id for _, component_id, _ in pairs},
        ).values_list("version_id", "component_id", "name")
    }
    by_record: dict[int, list[tuple[str, str]]] = {}
    versions = {record.pk: record.version_id for record in records}
    for record_id, component_id, key in pairs:
        name = names.get((versions[record_id], component_id), key)
        by_record.setdefault(record_id, []).append((key, name))
    for record in records:
        record.component_list = sorted(by_record.get(record.pk, []), key=lambda pair: pair[1])
    return records


@dataclass
class RegisterFilters:
    version: StandardVersion | None = None
    component: Component | None = None

    @property
    def active(self) -> bool:
        return self.version is not None or self.component is not None

    def query(self) -> str:
        parts = []
        if self.version is not None:
            parts.append(f"version={self.version.pk}")
        if self.component is not None:
            parts.append(f"component={self.component.pk}")
        return "&".join(parts)


def register_filters(*, version_id: str | None, component_id: str | None) -> RegisterFilters:
    """Read the register's filters from the query string; anything odd is ignored."""
    filters = RegisterFilters()
    if version_id and version_id.isdigit():
        filters.version = (
            StandardVersion.objects.select_related("standard")
            .exclude(status=VersionStatus.DRAFT)
            .filter(pk=int(version_id))
            .first()
        )
    if component_id and component_id.isdigit():
        filters.component = (
            Component.objects.select_related("standard").filter(pk=int(component_id)).first()
        )
    return filters


def register_records(*, filters: RegisterFilters) -> QuerySet[AdoptionRecord]:
    records = records_public()
    if filters.version is not None:
        records = records.filter(version=filters.version)
    if filters.component is not None:
        records = records.filter(components=filters.component)
    return records.order_by(
        "organisation__name",
        "version__standard__name",
        "-version__major",
        "-version__minor",
        "-version__patch",
        "system_name",
        "pk",
    )


def register_version_summary() -> list[StandardVersion]:
    """Every version someone has declared, newest first, with ``adopter_count`` (organisations)
    and ``production_count`` (organisations with it in production)."""
    public = Q(
        adoption_records__withdrawn_at__isnull=True, adoption_records__hidden_at__isnull=True
    )
    return list(
        StandardVersion.objects.select_related("standard")
        .annotate(
            adopter_count=Count("adoption_records__organisation", filter=public, distinct=True),
            production_count=Count(
                "adoption_records__organisation",
                filter=public & Q(adoption_records__status="in_production"),
                distinct=True,
            ),
        )
        .filter(adopter_count__gt=0)
        .order_by("standard__name", "-major", "-minor", "-patch")
    )


def register_component_summary(*, version: StandardVersion) -> list[ComponentVersion]:
    """The version's components, each with ``adopter_count``: organisations that use it."""
    public = Q(
        component__adoption_records__version=version,
        component__adoption_records__withdrawn_at__isnull=True,
        component__adoption_records__hidden_at__isnull=True,
    )
    return list(
        ComponentVersion.objects.filter(version=version)
        .select_related("component")
        .annotate(
            adopter_count=Count(
                "component__adoption_records__organisation", filter=public, distinct=True
            )
        )
        .order_by("-adopter_count", "sort_order", "name")
    )


def organisation_records(*, organisation) -> list[AdoptionRecord]:
    """An organisation's current declarations, hidden ones included, for its own members."""
    if organisation is None:
        return []
    return component_names_attach(
        _records()
        .filter(organisation=organisation, withdrawn_at__isnull=True)
        .order_by("version__standard__name", "-version__major", "-version__minor", "system_name")
    )


def record_get(*, pk: int) -> AdoptionRecord:
    return _records().select_related("declared_by", "hidden_by", "withdrawn_by").get(pk=pk)


def record_events(*, record: AdoptionRecord) -> QuerySet[AdoptionEvent]:
    return record.events.select_related("actor").order_by("at", "pk")


def version_adopters(*, version: StandardVersion) -> list[AdoptionRecord]:
    return component_names_attach(records_public().filter(version=version))


def component_adopters(*, version: StandardVersion, component: Component) -> list[AdoptionRecord]:
    return list(records_public().filter(version=version, components=component))


@dataclass
class AffectedOrganisation:
    name: str
    components: list[str] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)


def proposal_affected(*, standard_id: int, component_keys) -> list[AffectedOrganisation]:
    """Organisations that declare a version of the standard (not a withdrawn one) with any of
    the components a change set touches. One query."""
    keys = sorted(set(component_keys))
    if not keys:
        return []
    rows = (
        AdoptionRecord.objects.filter(
            PUBLIC,
            version__standard_id=standard_id,
            version__status__in=(VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED),
            components__key__in=keys,
            components__standard_id=standard_id,
        )
        .values_list("organisation_id", "organisation__name", "components__key", "system_name")
        .order_by("organisation__name", "components__key")
    )
    affected: dict[int, AffectedOrganisation] = {}
    for organisation_id, name, key, system in rows:
        entry = affected.setdefault(organisation_id, AffectedOrganisation(name=name))
        if key not in entry.components:
            entry.components.append(key)
        if system not in entry.systems:
            entry.systems.append(system)
    return list(affected.values())


def versions_adoptable() -> QuerySet[StandardVersion]:
    """Versions a member can declare: published ones first, then superseded ones."""
    return (
        StandardVersion.objects.filter(
            status__in=(VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)
        )
        .select_related("standard")
        .order_by("standard__name", "-major", "-minor", "-patch")
    )


def version_components(*, version: StandardVersion) -> QuerySet[Component]:
    """The components of a version in the version's order, each with ``version_name``."""
    in_version = ComponentVersion.objects.filter(version=version, component=OuterRef("pk"))
    return (
        Component.objects.filter(versions__version=version)
        .annotate(
            version_name=Subquery(in_version.values("name")[:1]),
            version_order=Subquery(in_version.values("sort_order")[:1]),
        )
        .order_by("version_order", "version_name", "key")
    )
