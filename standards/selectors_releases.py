"""Reads for releases: the request to publish a draft, the proposals in it, and its history."""

from django.db.models import QuerySet

from .models import Proposal, Release, ReleaseStatus, StandardVersion, VersionEvent


def release_for_version(*, version: StandardVersion) -> Release | None:
    """The request to publish ``version``, in whatever state, or None. One query."""
    return (
        Release.objects.select_related("standard", "version", "built_by", "decided_by")
        .filter(version=version)
        .first()
    )


def release_of_proposal(*, proposal: Proposal) -> Release | None:
    """The published release that included ``proposal``, or None. One query."""
    return (
        Release.objects.filter(entries__proposal=proposal, status=ReleaseStatus.PUBLISHED)
        .select_related("standard", "version__standard", "base_version")
        .first()
    )


def release_history(*, release: Release) -> QuerySet[VersionEvent]:
    """Every event of the release's draft, oldest first: each request and each decision."""
    return release.version.events.select_related("actor").order_by("at", "pk")
