"""Releases: stewards build a version from accepted proposals, a second steward approves it;
and a proposal's author rebases it once a newer version is out.

Thin views over ``standards.releases.services`` and ``services_proposals.proposal_rebase``. The
builder previews first: nothing is written until "Request approval". A second steward approves
or rejects with a reason; the requester may withdraw, and ask again. Every release page is for
stewards only; anyone else gets a 403.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from community.permissions import is_steward
from standards.catalogue import selectors
from standards.catalogue.lookups import standard_or_404, standards_crumbs
from standards.engine.markdown import render_release_notes
from standards.exceptions import ReleaseRefused, StandardsError
from standards.interchange.importers import draft_fingerprint
from standards.models import Release, ReleaseStatus, Standard
from standards.releases import selectors as selectors_releases
from standards.releases.forms import (
    ConfirmForm,
    DecisionReasonForm,
    RejectForm,
    ReleaseChooseForm,
    ReleaseDetailsForm,
)
from standards.releases.selectors import release_preview
from standards.releases.services import (
    approval_refusal,
    draft_writers,
    release_approve,
    release_build,
    release_reject,
    release_withdraw,
)
from standards.releases.tasks import release_url

GET_AND_POST = require_http_methods(["GET", "POST"])


def _steward_only(view):
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not is_steward(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _list_url(standard: Standard) -> str:
    return reverse("standards:release_list", kwargs={"standard": standard.slug})


def _crumbs(standard: Standard, release: Release | None = None):
    crumbs = [*standards_crumbs(standard), ("Releases", _list_url(standard))]
    if release is not None:
        crumbs.append((f"Version {release.version.number}", release_url(release)))
    return crumbs


def _release_or_404(standard: Standard, pk: int) -> Release:
    try:
        return Release.objects.select_related(
            "standard", "version__standard", "base_version", "built_by", "decided_by"
        ).get(standard=standard, pk=pk)
    except Release.DoesNotExist as error:
        raise Http404("No such release") from error


# The list ---------------------------------------------------------------------------------------


@_steward_only
def release_list(request: HttpRequest, standard: str) -> HttpResponse:
    standard = standard_or_404(standard)
    releases = list(
        Release.objects.filter(standard=standard)
        .select_related("version", "base_version", "built_by", "decided_by")
        .order_by("-requested_at", "-pk")
    )
    return render(
        request,
        "standards/releases/list.html",
        {
            "standard": standard,
            "releases": releases,
            "accepted_count": selectors_releases.proposals_releasable(standard=standard).count(),
            "crumbs": standards_crumbs(standard),
        },
    )


# Building ---------------------------------------------------------------------------------------


@_steward_only
@GET_AND_POST
def release_new(request: HttpRequest, standard: str) -> HttpResponse:
    """Step 1: choose accepted proposals. Posting previews; nothing is written."""
    standard = standard_or_404(standard)
    accepted = selectors_releases.proposals_releasable(standard=standard)
    form = ReleaseChooseForm(request.POST or None, proposals=accepted)
    if request.method == "POST" and form.is_valid():
        preview = release_preview(standard=standard, proposals=form.chosen())
        details = ReleaseDetailsForm(
            initial={
                "proposals": [proposal.pk for proposal in preview.proposals],
                "number": str(preview.suggested_number or ""),
                "notes": preview.notes,
            },
            proposals=accepted,
        )
        return _preview_page(request, standard, preview, details)
    return render(
        request,
        "standards/releases/new.html",
        {
            "standard": standard,
            "current": selectors.version_latest_published(standard=standard),
            "form": form,
            "has_accepted": accepted.exists(),
            "crumbs": [*standards_crumbs(standard), ("Releases", _list_url(standard))],
        },
    )


@_steward_only
@require_POST
def release_preview_view(request: HttpRequest, standard: str) -> HttpResponse:
    """Step 2: the preview, with the number and notes to edit. "Update preview" shows it again
    with what was typed; "Request approval" builds the release."""
    standard = standard_or_404(standard)
    form = ReleaseDetailsForm(
        request.POST, proposals=selectors_releases.proposals_releasable(standard=standard)
    )
    if not form.is_valid():
        if form.has_error("proposals"):
            messages.error(request, form.errors["proposals"][0])
            return redirect("standards:release_new", standard=standard.slug)
        return _preview_page(request, standard, None, form, status=400)
    data = form.cleaned_data
    preview = release_preview(
        standard=standard,
        proposals=form.chosen(),
        number=data["number"],
        number_reason=data["number_reason"],
    )
    if request.POST.get("action") != "request":
        if not data["notes"].strip():
            form = _with_notes(form, preview.notes)
        return _preview_page(request, standard, preview, form)
    try:
        release = release_build(
            actor=request.user,
            standard=standard,
            proposals=preview.proposals,
            number=data["number"],
            number_reason=data["number_reason"],
            # The notes are optional: left empty, the release has the ones generated from
            # its proposals, as the preview shows.
            notes=data["notes"].strip() or preview.notes,
        )
    except ReleaseRefused as error:
        for message in error.errors:
            field = "notes" if message == "Enter the release notes" else None
            if message in preview.number_errors:
                field = "number_reason" if message.startswith("Enter why") else "number"
            form.add_error(field, message)
        return _preview_page(request, standard, preview, form, status=400)
    except StandardsError as error:
        form.add_error(None, error.message)
        return _preview_page(request, standard, preview, form, status=400)
    messages.success(
        request,
        f"Version {release.version.number} is waiting for another steward to approve it. "
        "We have emailed the other stewards",
    )
    return redirect(release_url(release))


def _with_notes(form: ReleaseDetailsForm, notes: str) -> ReleaseDetailsForm:
    data = form.data.copy()
    data["notes"] = notes
    rebound = ReleaseDetailsForm(data, proposals=form.fields["proposals"].queryset)
    rebound.is_valid()
    return rebound


def _preview_page(request, standard, preview, form, *, status: int = 200) -> HttpResponse:
    if preview is not None and form.is_bound:
        for message in preview.number_errors:
            field = "number_reason" if message.startswith("Enter why") else "number"
            if message not in form.errors.get(field, []):
                form.add_error(field, message)
    return render(
        request,
        "standards/releases/preview.html",
        {
            "standard": standard,
            "preview": preview,
            "form": form,
            "component_diffs": preview.component_diffs if preview else [],
            "blocking": [
                error
                for error in (preview.errors if preview else [])
                if error not in preview.number_errors
            ],
            "crumbs": [
                *standards_crumbs(standard),
                ("Releases", _list_url(standard)),
                ("New release", reverse("standards:release_new", args=[standard.slug])),
            ],
        },
        status=status,
    )


# A release --------------------------------------------------------------------------------------


def _release_context(request: HttpRequest, release: Release) -> dict:
    entries = list(
        release.entries.select_related("proposal__standard", "proposal__author").order_by(
            "position"
        )
    )
    proposals = [entry.proposal for entry in entries]
    changes = selectors.version_diff(old=release.base_version, new=release.version)
    waiting = release.status == ReleaseStatus.AWAITING_APPROVAL
    refusal = (
        approval_refusal(
            actor=request.user,
            release=release,
            authors={p.author_id for p in proposals},
            writers=draft_writers(version=release.version),
        )
        if waiting
        else None
    )
    return {
        "standard": release.standard,
        "release": release,
        "proposals": proposals,
        "component_diffs": list(changes.components),
        "impact": changes.impact,
        "notes_html": render_release_notes(release.notes),
        "history": list(selectors_releases.release_history(release=release)),
        "draft_changed": waiting
        and draft_fingerprint(version=release.version) != release.draft_fingerprint,
        "can_decide": waiting and refusal is None,
        "approval_refusal": refusal,
        "can_withdraw": waiting and release.built_by_id == request.user.pk,
        "can_request_again": release.status in (ReleaseStatus.REJECTED, ReleaseStatus.WITHDRAWN)
        and release.version.is_draft,
        "crumbs": _crumbs(release.standard),
    }


@_steward_only
def release_detail(request: HttpRequest, standard: str, release: int) -> HttpResponse:
    standard = standard_or_404(standard)
    release = _release_or_404(standard, release)
    return render(request, "standards/releases/detail.html", _release_context(request, release))


def _decision_page(request, standard, release, *, form, action, template, success):
    """The approve and reject pages: four eyes first (a 403 that says why), then the form; a
    refusal from the service (a changed draft, a decision taken meanwhile) in the error
    summary."""
    context = _release_context(request, release)
    if release.status != ReleaseStatus.AWAITING_APPROVAL:
        messages.info(request, f"Version {release.version.number} is not awaiting approval")
        return redirect(release_url(release))
    if not context["can_decide"]:
        raise PermissionDenied(context["approval_refusal"])
    if request.method == "POST" and form.is_valid():
        try:
            next_url = action(**form.cleaned_data)
        except StandardsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success)
            return redirect(next_url)
    return render(
        request,
        template,
        {**context, "form": form, "crumbs": _crumbs(standard, release)},
        status=400 if form.errors else 200,
    )


@_steward_only
@GET_AND_POST
def release_approve_view(request: HttpRequest, standard: str, release: int) -> HttpResponse:
    standard = standard_or_404(standard)
    release = _release_or_404(standard, release)

    def action():
        release_approve(actor=request.user, release=release)
        return release.version.get_absolute_url()

    return _decision_page(
        request,
        standard,
        release,
        form=ConfirmForm(request.POST if request.method == "POST" else None),
        action=action,
        template="standards/releases/approve.html",
        success=(
            f"Version {release.version.number} of {standard} is published. Any proposals in it "
            "are marked released"
        ),
    )


@_steward_only
@GET_AND_POST
def release_reject_view(request: HttpRequest, standard: str, release: int) -> HttpResponse:
    standard = standard_or_404(standard)
    release = _release_or_404(standard, release)

    def action(*, reason: str):
        release_reject(actor=request.user, release=release, reason=reason)
        return release_url(release)

    return _decision_page(
        request,
        standard,
        release,
        form=RejectForm(request.POST if request.method == "POST" else None),
        action=action,
        template="standards/releases/reject.html",
        success=(
            f"You rejected the request to publish version {release.version.number}. We have "
            f"emailed {release.built_by.get_full_name() or release.built_by.email}"
        ),
    )


@_steward_only
@GET_AND_POST
def release_withdraw_view(request: HttpRequest, standard: str, release: int) -> HttpResponse:
    standard = standard_or_404(standard)
    release = _release_or_404(standard, release)
    if release.built_by_id != request.user.pk:
        raise PermissionDenied("Only the steward who asked for approval can withdraw the request")
    if release.status != ReleaseStatus.AWAITING_APPROVAL:
        messages.info(request, f"Version {release.version.number} is not awaiting approval")
        return redirect(release_url(release))
    form = DecisionReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            release_withdraw(
                actor=request.user, release=release, reason=form.cleaned_data["reason"]
            )
        except StandardsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                f"You withdrew the request to publish version {release.version.number}. The "
                "draft is still there to edit",
            )
            return redirect(release_url(release))
    return render(
        request,
        "standards/releases/withdraw.html",
        {
            "standard": standard,
            "release": release,
            "form": form,
            "crumbs": _crumbs(standard, release),
        },
        status=400 if form.errors else 200,
    )


# On a proposal's page ---------------------------------------------------------------------------
