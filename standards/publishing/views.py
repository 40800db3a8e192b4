"""Stewards' pages for standards and drafts: create a standard, open a draft version, edit its
release notes, delete it, ask a second steward to publish it, and withdraw a published version.

Thin views: each validates a form, calls one service (``standards.versions.services`` or
``standards.releases.services``), puts a refusal (a ``StandardsError``) back on the form with
what the steward typed, and otherwise redirects
with a success message. Changes that are hard to undo have a confirmation page. Only stewards
may use them: anyone else signed in gets 403, and anyone signed out the sign-in page.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from community.permissions import is_steward
from standards import exceptions as standards_exceptions
from standards.catalogue import selectors
from standards.catalogue.lookups import standard_or_404, standards_crumbs, version_or_404
from standards.choices import ReleaseStatus, VersionStatus
from standards.engine.versioning import VersionNumber
from standards.engine.workflow import transition_allowed
from standards.exceptions import InvalidVersionNumber, StandardsError
from standards.interchange.forms import ImportUploadForm
from standards.interchange.importers import ImportRefused, ImportReport, ImportStale
from standards.models import ImportRun, ImportRunStatus, Standard, StandardVersion
from standards.publishing.forms import (
    ConfirmForm,
    DraftOpenForm,
    PublicationRequestForm,
    ReleaseNotesForm,
    StandardCreateForm,
    WithdrawForm,
)
from standards.releases import selectors as selectors_releases
from standards.releases import services as services_releases
from standards.releases.tasks import release_url
from standards.versions import services


def steward_required(view):
    """Signed out: the sign-in page. Signed in but not a steward: 403."""

    @login_required
    @require_http_methods(["GET", "POST"])
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_steward(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def manage_url(standard: Standard) -> str:
    return reverse("standards:standard_manage", kwargs={"standard": standard.slug})


def _crumbs(standard: Standard, version: StandardVersion | None = None):
    return [*standards_crumbs(standard, version), ("Manage", manage_url(standard))]


def next_minor(versions) -> str:
    """The number to suggest for a new draft: the next minor after the highest number used."""
    numbers = [version.number_tuple for version in versions]
    if not numbers:
        return str(VersionNumber(0, 1, 0))
    highest = max(numbers)
    return str(VersionNumber(highest.major, highest.minor + 1, 0))


# Standards ---------------------------------------------------------------------------------------


def _standard_error_field(error: StandardsError) -> str | None:
    """The field a refusal of ``standard_create`` is about, so it shows next to it."""
    message = error.message.lower()
    if "prefix" in message:
        return "proposal_prefix"
    if "short name" in message:
        return "slug"
    return None


@steward_required
def standard_create(request: HttpRequest) -> HttpResponse:
    form = StandardCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            standard = services.standard_create(actor=request.user, **form.cleaned_data)
        except StandardsError as error:
            form.add_error(_standard_error_field(error), error.message)
        else:
            messages.success(
                request, f"{standard.name} was created. Now open its first draft version"
            )
            return redirect(manage_url(standard))
    return render(
        request,
        "standards/steward/standard_create.html",
        {"form": form, "crumbs": standards_crumbs()},
    )


@steward_required
def standard_manage(request: HttpRequest, standard: str) -> HttpResponse:
    standard = standard_or_404(standard)
    versions = selectors.versions_visible(standard=standard, include_drafts=True)
    return render(
        request,
        "standards/steward/manage.html",
        {
            "standard": standard,
            "drafts": [version for version in versions if version.is_draft],
            "released": [version for version in versions if not version.is_draft],
            "current": selectors.published_among(versions),
            "crumbs": standards_crumbs(standard),
        },
    )


# Drafts ------------------------------------------------------------------------------------------


@steward_required
def draft_open(request: HttpRequest, standard: str) -> HttpResponse:
    standard = standard_or_404(standard)
    versions = selectors.versions_visible(standard=standard, include_drafts=True)
    current = selectors.published_among(versions)
    form = DraftOpenForm(request.POST or None, current=current, suggested=next_minor(versions))
    if request.method == "POST" and form.is_valid():
        base = current if form.copies_current() else None
        try:
            draft = services.version_draft_create(
                actor=request.user, standard=standard, number=form.cleaned_data["number"], base=base
            )
        except StandardsError as error:
            field = "number" if isinstance(error, InvalidVersionNumber) else None
            form.add_error(field, error.message)
        else:
            start = f", copied from version {base.number}" if base else ", empty"
            messages.success(request, f"Draft version {draft.number} was opened{start}")
            return redirect(draft)
    return render(
        request,
        "standards/steward/draft_open.html",
        {"standard": standard, "current": current, "form": form, "crumbs": _crumbs(standard)},
    )


def _posted(request: HttpRequest):
    """The form data for a POST, even an empty one: a confirmation form has no fields."""
    return request.POST if request.method == "POST" else None


def _version(request: HttpRequest, standard: str, version: str) -> StandardVersion:
    return version_or_404(request, standard_slug=standard, number=version)


def _refusal(request: HttpRequest, version: StandardVersion, message: str) -> HttpResponse:
    """For a page that cannot apply to the version as it is now: back to it, saying why."""
    messages.error(request, message)
    return redirect(version)


def _confirm(
    request: HttpRequest,
    *,
    version: StandardVersion,
    form,
    action,
    success: str,
    next_url: str,
    template: str,
    context: dict | None = None,
) -> HttpResponse:
    """Ask before a change that is hard to undo, then run ``action`` with the form's data."""
    if request.method == "POST" and form.is_valid():
        try:
            action(**form.cleaned_data)
        except StandardsError as error:
            # About the version's state, not about anything typed (the form checks that).
            form.add_error(None, error.message)
        else:
            messages.success(request, success)
            return redirect(next_url)
    return render(
        request,
        template,
        {
            "standard": version.standard,
            "version": version,
            "form": form,
            "crumbs": _crumbs(version.standard, version),
            **(context or {}),
        },
    )


@steward_required
def draft_notes(request: HttpRequest, standard: str, version: str) -> HttpResponse:
    version = _version(request, standard, version)
    if request.method == "GET" and not version.is_draft:
        return _refusal(request, version, version.immutable_message())
    form = ReleaseNotesForm(request.POST or None, initial={"release_notes": version.release_notes})
    if request.method == "POST" and form.is_valid():
        try:
            services.version_draft_update(actor=request.user, version=version, **form.cleaned_data)
        except StandardsError as error:
            form.add_error("release_notes", error.message)
        else:
            messages.success(request, f"The release notes of version {version.number} were saved")
            return redirect(version)
    return render(
        request,
        "standards/steward/draft_notes.html",
        {
            "standard": version.standard,
            "version": version,
            "form": form,
            "crumbs": _crumbs(version.standard, version),
        },
    )


@steward_required
def draft_delete(request: HttpRequest, standard: str, version: str) -> HttpResponse:
    version = _version(request, standard, version)
    if request.method == "GET" and not version.is_draft:
        return _refusal(
            request,
            version,
            f"Version {version.number} is {version.get_status_display().lower()}, so it cannot "
            "be deleted. You can withdraw it instead",
        )

    def action():
        services.version_draft_delete(actor=request.user, version=version)

    return _confirm(
        request,
        version=version,
        form=ConfirmForm(_posted(request)),
        action=action,
        success=f"Draft version {version.number} of {version.standard} was deleted",
        next_url=manage_url(version.standard),
        template="standards/steward/draft_delete.html",
        context={"counts": selectors.version_component_counts(version=version)},
    )


@steward_required
def version_publish(request: HttpRequest, standard: str, version: str) -> HttpResponse:
    """Ask a second steward to publish a draft: nobody publishes alone (ADR 0015)."""
    version = _version(request, standard, version)
    if not version.is_draft:
        return _refusal(
            request,
            version,
            f"Version {version.number} is {version.get_status_display().lower()}, so it cannot "
            "be published again",
        )
    release = selectors_releases.release_for_version(version=version)
    if release is not None and release.status == ReleaseStatus.AWAITING_APPROVAL:
        messages.info(
            request,
            f"Version {version.number} is already waiting for a second steward to approve it",
        )
        return redirect(release_url(release))
    form = PublicationRequestForm(
        request.POST if request.method == "POST" else None,
        initial={"release_notes": version.release_notes},
    )
    if request.method == "POST" and form.is_valid():
        try:
            release = services_releases.release_request(
                actor=request.user, version=version, notes=form.cleaned_data["release_notes"]
            )
        except standards_exceptions.ReleaseRefused as error:
            for message in error.errors:
                form.add_error("release_notes" if "release notes" in message else None, message)
        except StandardsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                f"Version {version.number} is waiting for another steward to approve it. We "
                "have emailed the other stewards",
            )
            return redirect(release_url(release))
    return render(
        request,
        "standards/steward/version_publish.html",
        {
            "standard": version.standard,
            "version": version,
            "form": form,
            "release": release,
            "current": selectors.version_latest_published(standard=version.standard),
            "counts": selectors.version_component_counts(version=version),
            "crumbs": _crumbs(version.standard, version),
        },
        status=400 if form.errors else 200,
    )


@steward_required
def version_withdraw(request: HttpRequest, standard: str, version: str) -> HttpResponse:
    version = _version(request, standard, version)
    if request.method == "GET" and not transition_allowed(version.status, VersionStatus.WITHDRAWN):
        message = (
            f"Version {version.number} is a draft, so it cannot be withdrawn. "
            "You can delete it instead"
            if version.is_draft
            else f"Version {version.number} has already been withdrawn"
        )
        return _refusal(request, version, message)

    def action(*, reason: str):
        services.version_withdraw(actor=request.user, version=version, reason=reason)

    return _confirm(
        request,
        version=version,
        form=WithdrawForm(_posted(request)),
        action=action,
        success=f"Version {version.number} of {version.standard} was withdrawn",
        next_url=version.get_absolute_url(),
        template="standards/steward/version_withdraw.html",
    )


def _require_steward(request: HttpRequest) -> None:
    if not is_steward(request.user):
        raise PermissionDenied


def _import_crumbs() -> list[tuple[str, str]]:
    return [("Standards", reverse("standards:standard_list"))]


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    _require_steward(request)
    # "Import a file" on a draft's page chooses that draft.
    chosen = request.GET.get("version", "")
    form = ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"version": int(chosen)} if chosen.isdigit() else None,
    )
    if request.method == "POST" and form.is_valid():
        source_name, content = form.cleaned_data["file"]
        try:
            run = services.import_run_create(
                actor=request.user,
                version=form.cleaned_data["version"],
                format=form.cleaned_data["format"],
                source_name=source_name,
                content=content,
                options=form.options(),
            )
        except StandardsError as error:
            form.add_error(None, error.message)
        else:
            return redirect("standards:import_preview", run=run.pk)
    return render(
        request,
        "standards/import/upload.html",
        {
            "form": form,
            "has_drafts": form.fields["version"].queryset.exists(),
            # Where to open a draft when the one wanted is not there yet.
            "standards": Standard.objects.order_by("name"),
            "crumbs": _import_crumbs(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, run) -> HttpResponse:
    _require_steward(request)
    run = get_object_or_404(
        ImportRun.objects.select_related("version__standard"), pk=run, created_by=request.user
    )
    report = ImportReport.from_dict(run.report)
    problem = ""
    if request.method == "POST":
        try:
            run = services.import_run_confirm(actor=request.user, run=run)
        except ImportStale as stale:
            run = services.import_run_refresh(actor=request.user, run=run)
            report = ImportReport.from_dict(run.report)
            problem = stale.message
        except ImportRefused as refused:
            report = refused.report
            problem = refused.message
        except StandardsError as error:
            problem = error.message
        else:
            messages.success(request, f"{run.source_name} was imported into {report.version}")
            return redirect("standards:import_preview", run=run.pk)
    return render(
        request,
        "standards/import/preview.html",
        {
            "run": run,
            "report": report,
            "totals": report.totals(),
            "applied": run.status == ImportRunStatus.APPLIED,
            "problem": problem,
            "crumbs": [*_import_crumbs(), ("Import a file", reverse("standards:import_upload"))],
        },
    )
