"""What changed between two versions of a standard, or of one component, as HTML and JSON."""

from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from portal.caching import forbid_page_cache
from standards.catalogue import selectors
from standards.catalogue.lookups import standards_crumbs, version_or_404
from standards.engine import diff
from standards.models import ComponentVersion, StandardVersion


def _between_numbered_versions(url_name: str):
    """Resolve the ``old`` and ``new`` of a diff URL into the versions the user may see.

    A ``latest`` in either is redirected to the same diff under the version's number, so the
    address of a diff always says exactly what it compares. The view is called with the two
    versions in place of their numbers, and any other URL arguments unchanged.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, standard: str, old: str, new: str, **kwargs):
            old_version = version_or_404(request, standard_slug=standard, number=old)
            new_version = version_or_404(request, standard_slug=standard, number=new)
            if old_version.is_draft or new_version.is_draft:
                forbid_page_cache(request)
            if selectors.LATEST in (old, new):
                return redirect(
                    f"standards:{url_name}",
                    standard=standard,
                    old=old_version.number,
                    new=new_version.number,
                    **kwargs,
                )
            return view(request, standard, old_version, new_version, **kwargs)

        return wrapper

    return decorator


@_between_numbered_versions("version_diff")
def version_diff(
    request: HttpRequest, standard: str, old_version: StandardVersion, new_version: StandardVersion
) -> HttpResponse:
    changes = selectors.version_diff(old=old_version, new=new_version)
    context = {
        "standard": old_version.standard,
        "old": old_version,
        "new": new_version,
        "diff": changes,
        "crumbs": standards_crumbs(old_version.standard),
    }
    return render(request, "standards/version_diff.html", context)


@_between_numbered_versions("version_diff_json")
def version_diff_json(
    request: HttpRequest, standard: str, old_version: StandardVersion, new_version: StandardVersion
) -> HttpResponse:
    data = {
        "standard": standard,
        **selectors.version_diff(old=old_version, new=new_version).as_json(),
    }
    return JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})


def _component_snapshot(version: StandardVersion, key: str) -> dict | None:
    try:
        return diff.snapshot_component(selectors.component_version_get(version=version, key=key))
    except ComponentVersion.DoesNotExist:
        return None


def _component_change(old_version, new_version, key: str) -> diff.ComponentChange:
    change = diff.diff_component(
        _component_snapshot(old_version, key), _component_snapshot(new_version, key)
    )
    if change is None:
        raise Http404("This component is in neither version")
    return change


@_between_numbered_versions("component_diff")
def component_diff(
    request: HttpRequest,
    standard: str,
    old_version: StandardVersion,
    new_version: StandardVersion,
    component: str,
) -> HttpResponse:
    change = _component_change(old_version, new_version, component)
    context = {
        "standard": old_version.standard,
        "old": old_version,
        "new": new_version,
        "change": change,
        "crumbs": _component_crumbs(change, old_version, new_version),
    }
    return render(request, "standards/component_diff.html", context)


def _component_crumbs(change: diff.ComponentChange, old_version, new_version):
    """Back to the component: in the second version if it is there, else in the first."""
    holder = new_version if change.new is not None else old_version
    url = reverse(
        "standards:component_detail",
        kwargs={
            "standard": holder.standard.slug,
            "version": holder.number,
            "component": change.key,
        },
    )
    return [*standards_crumbs(holder.standard, holder), (change.name, url)]


@_between_numbered_versions("component_diff_json")
def component_diff_json(
    request: HttpRequest,
    standard: str,
    old_version: StandardVersion,
    new_version: StandardVersion,
    component: str,
) -> HttpResponse:
    change = _component_change(old_version, new_version, component)
    data = {
        "standard": standard,
        "component": component,
        "from": old_version.number,
        "to": new_version.number,
        **change.as_json(),
    }
    return JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
