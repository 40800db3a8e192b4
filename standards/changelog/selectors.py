"""Reads for the changelog, its feeds and the events that publication sends.

A changelog entry is a version that has left draft: its number, dates, impact, notes and the
proposals its release included. Each read runs a fixed number of queries, however many
versions there are: impacts are worked out for all versions at once, loading only the
components whose stored fingerprints differ from the version before.
"""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from django.db.models import Prefetch, QuerySet

from standards.catalogue.selectors import members_prefetches
from standards.choices import VersionStatus
from standards.engine import diff
from standards.models import ComponentVersion, Proposal, ReleaseProposal, Standard, StandardVersion

FEED_SIZE = 50


@dataclass
class ChangelogEntry:
    version: StandardVersion
    impact: str | None
    proposals: list[Proposal] = field(default_factory=list)

    @property
    def number(self) -> str:
        return self.version.number

    @property
    def published_at(self) -> datetime | None:
        return self.version.published_at

    @property
    def notes(self) -> str:
        """The version's release notes, or its release's if the version has none."""
        release = getattr(self.version, "release", None)
        return self.version.release_notes or (release.notes if release else "")


def _released_versions() -> QuerySet[StandardVersion]:
    entries = ReleaseProposal.objects.select_related("proposal__standard").order_by("position")
    return (
        StandardVersion.objects.exclude(status=VersionStatus.DRAFT)
        .select_related("standard", "release")
        .prefetch_related(Prefetch("release__entries", queryset=entries))
    )


def _proposals_of(version: StandardVersion) -> list[Proposal]:
    try:
        release = version.release
    except StandardVersion.release.RelatedObjectDoesNotExist:
        return []
    return [entry.proposal for entry in release.entries.all()]


def _release_impact(version: StandardVersion) -> str | None:
    try:
        return version.release.impact or None
    except StandardVersion.release.RelatedObjectDoesNotExist:
        return None


def impacts_between(pairs: list[tuple[StandardVersion, StandardVersion]]) -> dict[int, str]:
    """The impact of each ``(older, newer)`` pair of locked versions, by the newer's pk.

    At most four queries for all the pairs together. A pair with no changes gets ``none``.
    """
    if not pairs:
        return {}
    version_ids = {version.pk for pair in pairs for version in pair}
    prints: dict[int, dict[int, tuple[int, str]]] = {}
    for pk, version_id, component_id, fingerprint in ComponentVersion.objects.filter(
        version_id__in=version_ids
    ).values_list("pk", "version_id", "component_id", "fingerprint"):
        prints.setdefault(version_id, {})[component_id] = (pk, fingerprint)
    needed: dict[int, tuple[set[int], set[int]]] = {}
    for older, newer in pairs:
        old_rows, new_rows = prints.get(older.pk, {}), prints.get(newer.pk, {})
        old_pks, new_pks = set(), set()
        for component_id in old_rows.keys() | new_rows.keys():
            old_row, new_row = old_rows.get(component_id), new_rows.get(component_id)
            if old_row and new_row and old_row[1] and old_row[1] == new_row[1]:
                continue
            if old_row:
                old_pks.add(old_row[0])
            if new_row:
                new_pks.add(new_row[0])
        needed[newer.pk] = (old_pks, new_pks)
    all_pks = {pk for old_pks, new_pks in needed.values() for pk in old_pks | new_pks}
    rows = {
        row.pk: row
        for row in ComponentVersion.objects.filter(pk__in=all_pks)
        .select_related("component", "replaced_by")
        .prefetch_related(*members_prefetches())
    }
    impacts = {}
    for older, newer in pairs:
        old_pks, new_pks = needed[newer.pk]
        result = diff.diff_versions(
            diff.snapshot_version(rows[pk] for pk in sorted(old_pks)),
            diff.snapshot_version(rows[pk] for pk in sorted(new_pks)),
            old_number=older.number,
            new_number=newer.number,
        )
        impacts[newer.pk] = result.impact.label
    return impacts


def _entries(versions: list[StandardVersion], predecessors: dict[int, StandardVersion]):
    """Entries for ``versions``; the impact is the release's, or else the diff's with the
    version's predecessor (None for a first version)."""
    pairs = [
        (predecessors[version.pk], version)
        for version in versions
        if version.pk in predecessors and _release_impact(version) is None
    ]
    computed = impacts_between(pairs)
    return [
        ChangelogEntry(
            version=version,
            impact=_release_impact(version) or computed.get(version.pk),
            proposals=_proposals_of(version),
        )
        for version in versions
    ]


def _predecessors(versions: list[StandardVersion]) -> dict[int, StandardVersion]:
    """Each version's next older released version of the same standard, by pk."""
    by_standard: dict[int, list[StandardVersion]] = {}
    for version in versions:
        by_standard.setdefault(version.standard_id, []).append(version)
    predecessors = {}
    for rows in by_standard.values():
        rows.sort(key=lambda version: version.number_tuple, reverse=True)
        for newer, older in pairwise(rows):
            predecessors[newer.pk] = older
    return predecessors


def changelog(*, standard: Standard) -> list[ChangelogEntry]:
    """Every released version of ``standard``, newest first."""
    versions = list(_released_versions().filter(standard=standard).newest_first())
    return _entries(versions, _predecessors(versions))


def changelog_recent(*, limit: int = FEED_SIZE) -> list[ChangelogEntry]:
    """The most recently published versions of every standard, newest first, for the feed."""
    versions = list(_released_versions().order_by("-published_at", "-pk")[:limit])
    # Predecessors may be outside the slice, so fetch the released numbers of those standards.
    released = list(
        StandardVersion.objects.exclude(status=VersionStatus.DRAFT)
        .filter(standard_id__in={version.standard_id for version in versions})
        .select_related("standard")
    )
    wanted = {version.pk for version in versions}
    predecessors = {pk: older for pk, older in _predecessors(released).items() if pk in wanted}
    return _entries(versions, predecessors)


def changelog_entry(*, version: StandardVersion) -> ChangelogEntry:
    """One version's entry, for the events and emails about it."""
    version = _released_versions().get(pk=version.pk)
    predecessor = (
        StandardVersion.objects.exclude(status=VersionStatus.DRAFT)
        .filter(standard_id=version.standard_id)
        .exclude(pk=version.pk)
        .newest_first()
    )
    older = [row for row in predecessor if row.number_tuple < version.number_tuple][:1]
    return _entries([version], {version.pk: older[0]} if older else {})[0]
