"""The changelog: every release of a standard, as a page and as JSON, and watching a standard.

The Atom feeds are in ``standards.changelog.feeds``. Drafts never appear: the changelog lists
versions that have been published, including those since superseded or withdrawn.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal.links import absolute_url
from standards.catalogue.lookups import standard_or_404, standards_crumbs
from standards.changelog import services as changelog_services
from standards.changelog.selectors import changelog
from standards.exceptions import StandardsError
from standards.models import StandardWatch


def changelog_url(standard) -> str:
    return reverse("standards:changelog", kwargs={"standard": standard.slug})


def changelog_view(request: HttpRequest, standard: str) -> HttpResponse:
    standard = standard_or_404(standard)
    entries = changelog(standard=standard)
    watching = (
        request.user.is_authenticated
        and StandardWatch.objects.filter(standard=standard, user=request.user).exists()
    )
    return render(
        request,
        "standards/changelog/changelog.html",
        {
            "standard": standard,
            "entries": entries,
            "watching": watching,
            "crumbs": standards_crumbs(standard),
        },
    )


def changelog_json(request: HttpRequest, standard: str) -> JsonResponse:
    standard = standard_or_404(standard)
    releases = [
        {
            "version": entry.number,
            "published_at": entry.published_at.isoformat() if entry.published_at else None,
            "status": entry.version.status,
            "impact": entry.impact,
            "notes": entry.notes,
            "proposals": [
                {
                    "reference": proposal.reference,
                    "title": proposal.title,
                    "url": absolute_url(proposal.get_absolute_url()),
                }
                for proposal in entry.proposals
            ],
            "url": absolute_url(entry.version.get_absolute_url()),
            **(
                {
                    "withdrawn_at": entry.version.withdrawn_at.isoformat(),
                    "withdrawn_reason": entry.version.withdrawn_reason,
                }
                if entry.version.withdrawn_at
                else {}
            ),
        }
        for entry in changelog(standard=standard)
    ]
    return JsonResponse(
        {
            "standard": {
                "slug": standard.slug,
                "name": standard.name,
                "url": absolute_url(standard.get_absolute_url()),
            },
            "releases": releases,
        },
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


@login_required
@require_POST
def standard_watch(request: HttpRequest, standard: str) -> HttpResponse:
    """Watch, or stop watching: the button says which, and the form says which it meant."""
    standard = standard_or_404(standard)
    watch = request.POST.get("watch") != "0"
    service = changelog_services.standard_watch if watch else changelog_services.standard_unwatch
    try:
        service(actor=request.user, standard=standard)
    except StandardsError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"You are watching {standard.name}. We will email you when a version is published "
            "or withdrawn"
            if watch
            else f"You are no longer watching {standard.name}",
        )
    return redirect(changelog_url(standard))
