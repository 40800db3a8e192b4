"""Reading the standard: standards, versions, components, code lists, diffs and the changelog.

Only versions that have been published are served (published, superseded or withdrawn); a
draft version is never in the API, for anyone. Everything about a published version is
``immutable``: the same address always gives the same bytes.
"""

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router

from portal.api import schemas
from portal.api.core import READ_AUTH, mark_immutable, mark_mutable
from portal.api.lookups import standard_or_404
from portal.api.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, page
from portal.api.problems import Problem
from portal.links import absolute_url
from standards.addresses import (
    component_api_url,
    proposal_api_url,
    standard_api_url,
    version_api_url,
)
from standards.catalogue import selectors
from standards.changelog.selectors import changelog
from standards.engine import diff
from standards.engine.versioning import version_number_parse
from standards.exceptions import InvalidVersionNumber
from standards.interchange.artefacts import artefact_names
from standards.interchange.exporters import schema_url
from standards.models import ComponentVersion, Standard, StandardVersion

router = Router(tags=["The standard"], auth=READ_AUTH)

NUMBER = "a version number such as 1.1.0, or latest for the published version"


def _version(request: HttpRequest, slug: str, number: str) -> StandardVersion:
    """A version that has been published; a draft, like a missing one, is 404."""
    missing = Http404(f"Version {number[:50]} of {slug[:100]} has not been published")
    try:
        version = selectors.version_get(standard_slug=slug, number=number)
    except StandardVersion.DoesNotExist as error:
        standard_or_404(slug)
        raise missing from error
    if version.is_draft:
        raise missing
    if number == selectors.LATEST:
        mark_mutable(request)
    return version


def _version_ref(version: StandardVersion) -> dict:
    return {
        "number": version.number,
        "status": version.status,
        "published_at": version.published_at,
        "url": absolute_url(version.get_absolute_url()),
        "api_url": version_api_url(version.standard.slug, version.number),
    }


def _standard_out(standard: Standard, current: StandardVersion | None) -> dict:
    return {
        "slug": standard.slug,
        "name": standard.name,
        "description": standard.description,
        "current_version": current.number if current else None,
        "url": absolute_url(standard.get_absolute_url()),
        "api_url": standard_api_url(standard.slug),
    }


@router.get(
    "/standards",
    response={200: schemas.StandardPage, **schemas.READ_ERRORS},
    summary="List the standards",
    description="Every standard, by name, with its current published version.",
)
def standard_list(
    request,
    response: HttpResponse,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    standards = [
        _standard_out(standard, standard.current)
        for standard in selectors.standards_visible(include_drafts=False)
    ]
    return page(request, standards, limit=limit, offset=offset, response=response)


@router.get(
    "/standards/{standard}",
    response={200: schemas.StandardDetail, **schemas.READ_ERRORS},
    summary="Get a standard and its versions",
)
def standard_detail(request, standard: str):
    found = standard_or_404(standard)
    versions = selectors.versions_visible(standard=found, include_drafts=False)
    return {
        **_standard_out(found, selectors.published_among(versions)),
        "versions": [_version_ref(version) for version in versions],
    }


@router.get(
    "/standards/{standard}/versions/{version}",
    response={200: schemas.VersionOut, **schemas.READ_ERRORS},
    summary="Get a version and its components",
    description=(
        "A version's content never changes once published, but its status does (a newer "
        "version supersedes it), so this answer is cached briefly; its components are "
        "immutable."
    ),
)
def version_detail(request, standard: str, version: str):
    found = _version(request, standard, version)
    components = selectors.component_versions_for(version=found)
    downloads = {
        name: absolute_url(
            reverse(
                "standards:download",
                kwargs={"standard": standard, "version": found.number, "name": name},
            )
        )
        for name, _content_type in artefact_names(version=found)
    }
    return {
        "standard": found.standard.slug,
        "number": found.number,
        "status": found.status,
        "based_on": found.based_on.number if found.based_on_id else None,
        "published_at": found.published_at,
        "release_notes": found.release_notes,
        "url": absolute_url(found.get_absolute_url()),
        "api_url": version_api_url(found.standard.slug, found.number),
        "downloads": downloads,
        "components": [
            {
                "key": row.component.key,
                "kind": row.component.kind,
                "name": row.name,
                "deprecated": row.deprecated,
                "api_url": component_api_url(found.standard.slug, found.number, row.component.key),
            }
            for row in components
        ],
    }


@router.get(
    "/standards/{standard}/versions/{version}/components/{component}",
    response={200: schemas.ComponentOut, **schemas.READ_ERRORS},
    summary="Get a component with its attributes and codes",
)
def component_detail(request, standard: str, version: str, component: str):
    found = _version(request, standard, version)
    mark_immutable(request)
    try:
        row = selectors.component_version_get(version=found, key=component)
    except ComponentVersion.DoesNotExist as error:
        raise Http404(
            f"Version {found.number} of {standard} has no component '{component[:100]}'"
        ) from error
    snapshot = diff.snapshot_component(row)
    return {
        "standard": found.standard.slug,
        "version": found.number,
        **{name: snapshot[name] for name in ("key", "kind", "name", "definition")},
        "deprecated": snapshot["deprecated"],
        "deprecation_note": snapshot["deprecation_note"],
        "replaced_by": snapshot["replaced_by"],
        "url": absolute_url(row.get_absolute_url()),
        "api_url": component_api_url(found.standard.slug, found.number, component),
        "schema_url": schema_url(found, component),
        "attributes": list(snapshot["attributes"].values()),
        "codes": list(snapshot["codes"].values()),
    }


@router.get(
    "/standards/{standard}/code-lists/{component}",
    response={200: schemas.CodeListOut, **schemas.READ_ERRORS},
    summary="Look up a code list as of a version or a date",
    description=(
        "Each code with its status: active, deprecated (with the code to use instead) or "
        "removed (with the version that dropped it). Give `version`, or `date` for the version "
        "that was current that day; with neither, the current published version."
    ),
)
def code_list(
    request,
    standard: str,
    component: str,
    version: str | None = Query(None, description=NUMBER, max_length=50),
    on: date | None = Query(None, alias="date", description="A day, such as 2026-06-30"),
):
    found_standard = standard_or_404(standard)
    if version and on:
        raise Problem(
            400,
            "Give either a version or a date, not both",
            errors=[{"parameter": "date", "detail": "Give either a version or a date"}],
        )
    if on is not None:
        try:
            found = selectors.version_in_force(standard=found_standard, on=on)
        except StandardVersion.DoesNotExist as error:
            raise Http404(
                f"No version of {standard} had been published by {on:%-d %B %Y}"
            ) from error
    else:
        found = _version(request, standard, version or selectors.LATEST)
        mark_immutable(request)
    try:
        row, states = selectors.code_list_as_of(version=found, key=component)
    except ComponentVersion.DoesNotExist as error:
        raise Http404(
            f"Version {found.number} of {standard} has no code list '{component[:100]}'"
        ) from error
    return {
        "standard": standard,
        "version": found.number,
        "as_of": on,
        "key": row.component.key,
        "name": row.name,
        "definition": row.definition,
        "codes": [
            {
                "value": state.code["value"],
                "label": state.code["label"],
                "definition": state.code["definition"],
                "status": state.status,
                "replaced_by": state.code["replaced_by"] or None
                if state.status == "deprecated"
                else None,
                "deprecation_note": state.code["deprecation_note"],
                "removed_in": state.removed_in,
            }
            for state in states
        ],
    }


@router.get(
    "/standards/{standard}/compare/{old}/{new}",
    response={200: schemas.DiffOut, **schemas.READ_ERRORS},
    summary="Compare two versions",
    description=(
        "Every component, attribute and code added, removed or changed, each change with its "
        "impact, the rule that set it, whom it breaks and why."
    ),
    by_alias=True,
)
def version_diff(request, standard: str, old: str, new: str):
    old_version = _version(request, standard, old)
    new_version = _version(request, standard, new)
    mark_immutable(request)
    changes = selectors.version_diff(old=old_version, new=new_version).as_json()
    url = reverse(
        "standards:version_diff",
        kwargs={"standard": standard, "old": old_version.number, "new": new_version.number},
    )
    return {"standard": standard, **changes, "url": absolute_url(url)}


def _since(since: str | None):
    """``since`` as a version number tuple or a date; None keeps every release."""
    if not since:
        return None
    try:
        return version_number_parse(since)
    except InvalidVersionNumber:
        pass
    try:
        return date.fromisoformat(since)
    except ValueError as error:
        raise Problem(
            400,
            "Enter a version number, like 1.1.0, or a date, like 2026-06-30",
            errors=[{"parameter": "since", "detail": "Enter a version number or a date"}],
        ) from error


@router.get(
    "/standards/{standard}/changelog",
    response={200: schemas.ChangelogOut, **schemas.READ_ERRORS},
    summary="List the releases since a version or a date",
    description="Newest first. `since` leaves out that version and older ones, or those "
    "published before that day.",
)
def changelog_since(
    request,
    standard: str,
    since: str | None = Query(None, description="1.0.0 or 2026-06-30", max_length=50),
):
    found = standard_or_404(standard)
    after = _since(since)
    releases = []
    for entry in changelog(standard=found):
        version = entry.version
        if isinstance(after, date) and (
            version.published_at is None or timezone.localdate(version.published_at) < after
        ):
            continue
        if after is not None and not isinstance(after, date) and version.number_tuple <= after:
            continue
        releases.append(
            {
                "version": version.number,
                "status": version.status,
                "published_at": version.published_at,
                "impact": entry.impact,
                "notes": entry.notes,
                "proposals": [_proposal_ref(proposal) for proposal in entry.proposals],
                "url": absolute_url(version.get_absolute_url()),
                "api_url": version_api_url(found.slug, version.number),
                "withdrawn_at": version.withdrawn_at,
                "withdrawn_reason": version.withdrawn_reason if version.withdrawn_at else None,
            }
        )
    return {"standard": found.slug, "since": since, "releases": releases}


def _proposal_ref(proposal) -> dict:
    return {
        "reference": proposal.reference,
        "title": proposal.title,
        "url": absolute_url(proposal.get_absolute_url()),
        "api_url": proposal_api_url(proposal.standard.slug, proposal.reference),
    }
