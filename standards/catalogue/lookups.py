"""Public pages of the standards catalogue: browsing, diffs and downloads.

Helpers shared by the view modules live here. Draft versions are visible to stewards only;
everyone else gets the same 404 as for a version that does not exist, so drafts do not leak.
"""

from django.http import Http404, HttpRequest
from django.urls import reverse

from community.permissions import is_steward
from standards.catalogue import selectors
from standards.models import Release, Standard, StandardVersion

LATEST = selectors.LATEST


def can_see_drafts(request: HttpRequest) -> bool:
    """Asked once per request: a page may need the answer for several of its parts."""
    if not hasattr(request, "_standards_can_see_drafts"):
        request._standards_can_see_drafts = is_steward(request.user)
    return request._standards_can_see_drafts


def standard_or_404(slug: str) -> Standard:
    try:
        return selectors.standard_get(slug=slug)
    except Standard.DoesNotExist as error:
        raise Http404("No such standard") from error


def version_or_404(request: HttpRequest, *, standard_slug: str, number: str) -> StandardVersion:
    """A version the user may see. ``latest`` gives the current published version."""
    try:
        version = selectors.version_get(standard_slug=standard_slug, number=number)
    except StandardVersion.DoesNotExist as error:
        raise Http404("No such version") from error
    # Asked only for drafts, so pages for published versions run the same queries for everyone.
    if version.is_draft and not can_see_drafts(request):
        raise Http404("No such version")
    return version


def standards_crumbs(standard: Standard | None = None, version: StandardVersion | None = None):
    crumbs = [("Standards", reverse("standards:standard_list"))]
    if standard is not None:
        crumbs.append((standard.name, standard.get_absolute_url()))
    if version is not None:
        crumbs.append((f"Version {version.number}", version.get_absolute_url()))
    return crumbs


def diff_url(release: Release) -> str | None:
    """The version diff that holds a release's changes; None for a standard's first version."""
    if release.base_version is None:
        return None
    return reverse(
        "standards:version_diff",
        kwargs={
            "standard": release.standard.slug,
            "old": release.base_version.number,
            "new": release.version.number,
        },
    )
