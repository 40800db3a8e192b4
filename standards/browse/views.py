"""Browsing: the list of standards, a standard, a version's components and a component."""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from portal.caching import forbid_page_cache
from portal.forms import TextHygieneMixin
from standards import permissions
from standards.catalogue import selectors
from standards.catalogue.lookups import (
    can_see_drafts,
    standard_or_404,
    standards_crumbs,
    version_or_404,
)
from standards.choices import ComponentKind, VersionStatus
from standards.interchange import exporters
from standards.models import ComponentVersion, ProposalOperation, Standard, StandardVersion
from standards.proposals.selectors import component_open_proposals, conflicting_paths

PAGE_SIZE = 50
# The files offered for every version, in the order the pages list them.
VERSION_DOWNLOADS = (
    (exporters.BUNDLE, "JSON Schema (2020-12), every component in one file"),
    (exporters.OPENAPI, "OpenAPI 3.1 components"),
    (exporters.DICTIONARY, "Data dictionary (CSV), one row per attribute and per code"),
    (exporters.VERSION_JSON, "The whole version as JSON"),
)


class CompareForm(TextHygieneMixin, forms.Form):
    """Two versions of one standard. Choices are set per standard by the view."""

    old = forms.ChoiceField(label="Compare version")
    new = forms.ChoiceField(label="With version")

    def __init__(self, *args, versions: list[StandardVersion], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(version.number, _version_label(version)) for version in versions]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices
        # Default to "what changed in the newest release".
        if len(versions) > 1:
            self.fields["old"].initial = versions[1].number
            self.fields["new"].initial = versions[0].number

    def clean(self):
        data = super().clean()
        if data.get("old") and data.get("old") == data.get("new"):
            self.add_error("new", "Choose a different version to compare with")
        return data


def _version_label(version: StandardVersion) -> str:
    return f"{version.number} ({version.get_status_display().lower()})"


def standard_list(request: HttpRequest) -> HttpResponse:
    standards = selectors.standards_visible(include_drafts=can_see_drafts(request))
    return render(request, "standards/standard_list.html", {"standards": standards})


def _standard_page(
    request: HttpRequest, standard: Standard, *, form: CompareForm | None = None, status=200
) -> HttpResponse:
    versions = selectors.versions_visible(standard=standard, include_drafts=can_see_drafts(request))
    if any(version.is_draft for version in versions):
        forbid_page_cache(request)
    context = {
        "standard": standard,
        "versions": versions,
        "current": selectors.published_among(versions),
        "compare_form": form or CompareForm(versions=versions),
        "downloads": VERSION_DOWNLOADS,
        "crumbs": standards_crumbs(),
    }
    return render(request, "standards/standard_detail.html", context, status=status)


def standard_detail(request: HttpRequest, standard: str) -> HttpResponse:
    return _standard_page(request, standard_or_404(standard))


def version_compare(request: HttpRequest, standard: str) -> HttpResponse:
    """The compare form's target: on to the diff page, or back to the form with the problem."""
    standard = standard_or_404(standard)
    versions = selectors.versions_visible(standard=standard, include_drafts=can_see_drafts(request))
    form = CompareForm(request.GET, versions=versions)
    if not form.is_valid():
        return _standard_page(request, standard, form=form, status=400)
    return redirect(
        "standards:version_diff",
        standard=standard.slug,
        old=form.cleaned_data["old"],
        new=form.cleaned_data["new"],
    )


def latest_redirect(request: HttpRequest, standard: str, rest: str = "") -> HttpResponse:
    """``/standards/<standard>/latest/...`` to the same path under the published version."""
    version = version_or_404(request, standard_slug=standard, number=selectors.LATEST)
    target = f"{version.get_absolute_url()}{rest}"
    if request.META.get("QUERY_STRING"):
        target = f"{target}?{request.META['QUERY_STRING']}"
    return redirect(target)


class ComponentFilters:
    """The version page's search and filters, read leniently from the query string.

    A filter link someone has edited by hand should narrow the list or be ignored, never
    produce an error page, so unknown values are dropped rather than reported.
    """

    STATUSES = (("current", "Current"), ("deprecated", "Deprecated"))

    def __init__(self, params):
        self.query = params.get("q", "").strip()[:200]
        self.kinds = [kind for kind in params.getlist("kind") if kind in ComponentKind.values]
        self.statuses = [
            status for status in params.getlist("status") if status in dict(self.STATUSES)
        ]

    @property
    def deprecated(self) -> bool | None:
        if len(self.statuses) == 1:
            return self.statuses[0] == "deprecated"
        return None

    @property
    def active(self) -> bool:
        return bool(self.query or self.kinds or self.statuses)

    def query_prefix(self) -> str:
        pairs = [("q", self.query)] if self.query else []
        pairs += [("kind", kind) for kind in self.kinds]
        pairs += [("status", status) for status in self.statuses]
        return f"{urlencode(pairs)}&" if pairs else ""

    def kind_options(self):
        return [(value, label, value in self.kinds) for value, label in ComponentKind.choices]

    def status_options(self):
        return [(value, label, value in self.statuses) for value, label in self.STATUSES]


def _version_page_or_404(request: HttpRequest, standard: str, number: str) -> StandardVersion:
    """The version for a page; a draft's page is never cached, whoever asks for it."""
    version = version_or_404(request, standard_slug=standard, number=number)
    if version.is_draft:
        forbid_page_cache(request)
    return version


def version_detail(request: HttpRequest, standard: str, version: str) -> HttpResponse:
    version = _version_page_or_404(request, standard, version)
    filters = ComponentFilters(request.GET)
    rows = selectors.component_versions_search(
        version=version, query=filters.query, kinds=filters.kinds, deprecated=filters.deprecated
    )
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "standard": version.standard,
        "version": version,
        "counts": selectors.version_component_counts(version=version),
        "filters": filters,
        "page_obj": page_obj,
        "query_prefix": filters.query_prefix(),
        "downloads": VERSION_DOWNLOADS,
        "crumbs": standards_crumbs(version.standard),
    }
    return render(request, "standards/version_detail.html", context)


def component_detail(
    request: HttpRequest, standard: str, version: str, component: str
) -> HttpResponse:
    version = _version_page_or_404(request, standard, version)
    try:
        row = selectors.component_version_get(version=version, key=component)
    except ComponentVersion.DoesNotExist as error:
        raise Http404("No such component in this version") from error
    tables = selectors.component_tables(version=version, row=row)
    context = {
        **_component_proposals(request, version, row),
        "standard": version.standard,
        "version": version,
        "component": row,
        **tables,
        "references": [attribute for attribute in tables["attributes"] if attribute.references_id],
        "referenced_by": list(
            selectors.component_referenced_by(version=version, component=row.component)
        ),
        "history": selectors.component_history_visible(
            component=row.component, include_drafts=can_see_drafts(request)
        ),
        "downloads": VERSION_DOWNLOADS,
        "crumbs": standards_crumbs(version.standard, version),
    }
    return render(request, "standards/component_detail.html", context)


def _component_proposals(request: HttpRequest, version: StandardVersion, row) -> dict:
    """Open proposals that touch the component, each with the paths it shares with another.

    One query, plus two only when two or more proposals are open on the component. None for a
    draft version: proposals change published versions.
    """
    if version.is_draft:
        return {"open_proposals": [], "can_propose": False}
    open_proposals = component_open_proposals(component=row.component)
    paths = conflicting_paths(component=row.component) if len(open_proposals) > 1 else set()
    shared: dict[int, list[str]] = {}
    if paths:
        for proposal_id, path in (
            ProposalOperation.objects.filter(proposal__in=open_proposals, path__in=paths)
            .order_by("path")
            .values_list("proposal_id", "path")
        ):
            shared.setdefault(proposal_id, []).append(path)
    for proposal in open_proposals:
        proposal.conflict_paths = shared.get(proposal.pk, [])
    return {
        "open_proposals": open_proposals,
        "can_propose": version.status == VersionStatus.PUBLISHED
        and permissions.can_draft_proposal(request.user),
    }


def component_latest(request: HttpRequest, standard: str, component: str) -> HttpResponse:
    """A component's permanent address: its page in the current published version."""
    version = version_or_404(request, standard_slug=standard, number=selectors.LATEST)
    if not selectors.component_in_version(version=version, key=component):
        raise Http404("This component is not in the current version")
    return redirect(
        reverse(
            "standards:component_detail",
            kwargs={"standard": standard, "version": version.number, "component": component},
        )
    )
