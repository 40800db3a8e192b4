"""Steward-only import pages: upload a file, read the report, then confirm.

The upload is stored as an ``ImportRun`` with the report and a fingerprint of the draft.
Confirming re-parses the stored file and refuses if the draft has changed since, showing the
fresh report instead, so a steward never applies something they have not seen.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from community.permissions import is_steward

from .. import services
from ..exceptions import StandardsError
from ..forms import ImportUploadForm
from ..importers import ImportRefused, ImportReport, ImportStale
from ..models import ImportRun, ImportRunStatus, Standard


def _require_steward(request: HttpRequest) -> None:
    if not is_steward(request.user):
        raise PermissionDenied


def _crumbs() -> list[tuple[str, str]]:
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
            "crumbs": _crumbs(),
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
            "crumbs": [*_crumbs(), ("Import a file", reverse("standards:import_upload"))],
        },
    )
