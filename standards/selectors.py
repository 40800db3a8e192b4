"""Reads for pages, exporters and the API. Each runs a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from .choices import VersionStatus
from .exceptions import InvalidVersionNumber
from .models import (
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


def _members_prefetches() -> tuple[Prefetch, Prefetch]:
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
        rows = rows.prefetch_related(*_members_prefetches())
    return rows


def component_version_get(*, version: StandardVersion, key: str) -> ComponentVersion:
    """One component of a version with its attributes and codes. Raises ``DoesNotExist``."""
    return (
        ComponentVersion.objects.select_related("component", "replaced_by", "version__standard")
        .prefetch_related(*_members_prefetches())
        .get(version=version, component__key=key)
    )


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
