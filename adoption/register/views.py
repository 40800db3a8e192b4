"""The adoption register: the public list, declaring, changing and withdrawing a declaration,
and stewards hiding false ones.

Thin views: each validates a form, calls one service from ``adoption.register.services``, puts
a refusal (an ``AdoptionError``) back on the form with what the person typed, and otherwise
redirects with a success message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from adoption import permissions
from adoption.exceptions import AdoptionError, EditConflict
from adoption.models import AdoptionRecord
from adoption.register import selectors as selectors_register
from adoption.register import services as services_register
from adoption.register.forms import (
    DeclarationEditForm,
    DeclarationForm,
    HideForm,
    UnhideForm,
    VersionChooseForm,
)
from community.permissions import acts_for_organisation, has_verified_email

GET_AND_POST = require_http_methods(["GET", "POST"])
PAGE_SIZE = 25


def _crumbs(*extra):
    return [("Adoption register", reverse("adoption:register_list")), *extra]


def _record_or_404(request: HttpRequest, pk: int) -> AdoptionRecord:
    try:
        record = selectors_register.record_get(pk=pk)
    except AdoptionRecord.DoesNotExist as error:
        raise Http404("No such declaration") from error
    if not permissions.can_view_adoption(request.user, record):
        raise Http404("No such declaration")
    return record


@require_http_methods(["GET"])
def register_list(request: HttpRequest) -> HttpResponse:
    filters = selectors_register.register_filters(
        version_id=request.GET.get("version"), component_id=request.GET.get("component")
    )
    records = selectors_register.register_records(filters=filters)
    page_obj = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.object_list = selectors_register.component_names_attach(page_obj.object_list)
    user = request.user
    organisation = getattr(user, "organisation", None) if user.is_authenticated else None
    can_declare = permissions.can_declare_adoption(user, organisation)
    return render(
        request,
        "adoption/register/list.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "query_prefix": f"{filters.query()}&" if filters.active else "",
            "versions": selectors_register.register_version_summary(),
            "components": (
                selectors_register.register_component_summary(version=filters.version)
                if filters.version is not None
                else []
            ),
            "organisation": organisation,
            "can_declare": can_declare,
            "own_records": (
                selectors_register.organisation_records(organisation=organisation)
                if can_declare
                else []
            ),
            "crumbs": [],
        },
    )


def _declare_allowed(request: HttpRequest) -> HttpResponse | None:
    """The page that explains why someone cannot declare, or None when they can."""
    user = request.user
    organisation = user.organisation if user.organisation_id else None
    if permissions.can_declare_adoption(user, organisation):
        return None
    return render(
        request,
        "adoption/register/cannot_declare.html",
        {
            "organisation": organisation,
            "email_verified": has_verified_email(user),
            # Chosen but not proven: the page says how to prove it (ADR 0016).
            "self_declared": organisation is not None
            and not acts_for_organisation(user, organisation),
            "crumbs": _crumbs(),
        },
        status=403,
    )


@login_required
@GET_AND_POST
def register_declare(request: HttpRequest) -> HttpResponse:
    """Step 1: which version. The components to offer depend on it."""
    refusal = _declare_allowed(request)
    if refusal is not None:
        return refusal
    form = VersionChooseForm(
        request.POST or None,
        versions=selectors_register.versions_adoptable(),
        initial={"version": request.GET.get("version")},
    )
    if request.method == "POST" and form.is_valid():
        return redirect(
            "adoption:register_declare_details", version=form.cleaned_data["version"].pk
        )
    return render(
        request,
        "adoption/register/declare_version.html",
        {"form": form, "organisation": request.user.organisation, "crumbs": _crumbs()},
    )


@login_required
@GET_AND_POST
def register_declare_details(request: HttpRequest, version: int) -> HttpResponse:
    """Step 2: the components, how far along, and the system's name."""
    refusal = _declare_allowed(request)
    if refusal is not None:
        return refusal
    version_obj = selectors_register.versions_adoptable().filter(pk=version).first()
    if version_obj is None:
        # A draft, a withdrawn version or none at all: back to the choice, saying why.
        messages.error(request, "Choose a published version of the standard")
        return redirect("adoption:register_declare")
    organisation = request.user.organisation
    form = DeclarationForm(
        request.POST or None,
        components=selectors_register.version_components(version=version_obj),
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = services_register.adoption_declare(
                actor=request.user,
                organisation=organisation,
                version=version_obj,
                components=form.cleaned_data["components"],
                status=form.cleaned_data["status"],
                system_name=form.cleaned_data["system_name"],
            )
        except AdoptionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                f"You declared that {organisation.name} uses {version_obj.standard.name} "
                f"{version_obj.number} in {record.system_name}",
            )
            return redirect(record)
    return render(
        request,
        "adoption/register/declare_details.html",
        {
            "form": form,
            "version": version_obj,
            "organisation": organisation,
            "crumbs": _crumbs(("Declare", reverse("adoption:register_declare"))),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
def register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_or_404(request, pk)
    (record,) = selectors_register.component_names_attach([record])
    user = request.user
    return render(
        request,
        "adoption/register/detail.html",
        {
            "record": record,
            "events": list(selectors_register.record_events(record=record)),
            "can_change": not record.is_withdrawn and permissions.can_change_adoption(user, record),
            "can_hide": permissions.can_hide_adoption(user),
            "crumbs": _crumbs(),
        },
    )


def _changeable_or_403(request: HttpRequest, pk: int) -> AdoptionRecord:
    record = _record_or_404(request, pk)
    if not permissions.can_change_adoption(request.user, record):
        raise PermissionDenied
    if record.is_withdrawn:
        raise Http404("This declaration has been withdrawn")
    return record


@login_required
@GET_AND_POST
def register_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = _changeable_or_403(request, pk)
    components = selectors_register.version_components(version=record.version)
    initial = {
        "components": list(record.components.values_list("pk", flat=True)),
        "status": record.status,
        "system_name": record.system_name,
        "revision": record.revision,
    }
    form = DeclarationEditForm(request.POST or None, components=components, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_register.adoption_update(
                actor=request.user,
                record=record,
                revision=form.cleaned_data["revision"],
                components=form.cleaned_data["components"],
                status=form.cleaned_data["status"],
                system_name=form.cleaned_data["system_name"],
            )
        except EditConflict as error:
            # Keep what they typed, but let a second save go through on the newer revision.
            record.refresh_from_db()
            data = form.data.copy()
            data["revision"] = str(record.revision)
            form.data = data
            form.add_error(None, error.message)
        except AdoptionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your declaration has been updated")
            return redirect(record)
    return render(
        request,
        "adoption/register/edit.html",
        {
            "form": form,
            "record": record,
            "crumbs": _crumbs((str(record.system_name), record.get_absolute_url())),
        },
        status=400 if form.errors else 200,
    )


def _confirm(request, record, *, form, action, success, template):
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            action(form.cleaned_data if form is not None else {})
        except AdoptionError as error:
            if form is None:
                messages.error(request, error.message)
                return redirect(record)
            form.add_error("reason" if "reason" in form.fields else None, error.message)
        else:
            messages.success(request, success)
            return redirect(record)
    return render(
        request,
        template,
        {
            "form": form,
            "record": record,
            "crumbs": _crumbs((str(record.system_name), record.get_absolute_url())),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@GET_AND_POST
def register_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    record = _changeable_or_403(request, pk)
    return _confirm(
        request,
        record,
        form=None,
        action=lambda data: services_register.adoption_withdraw(actor=request.user, record=record),
        success=f"Your declaration for {record.system_name} has been withdrawn",
        template="adoption/register/withdraw.html",
    )


@login_required
@GET_AND_POST
def register_hide(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_or_404(request, pk)
    if not permissions.can_hide_adoption(request.user):
        raise PermissionDenied
    if record.is_hidden:
        messages.info(request, "This declaration is already hidden")
        return redirect(record)
    return _confirm(
        request,
        record,
        form=HideForm(request.POST or None),
        action=lambda data: services_register.adoption_hide(
            actor=request.user, record=record, reason=data["reason"]
        ),
        success="The declaration is hidden from the public register",
        template="adoption/register/hide.html",
    )


@login_required
@GET_AND_POST
def register_unhide(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_or_404(request, pk)
    if not permissions.can_hide_adoption(request.user):
        raise PermissionDenied
    if not record.is_hidden:
        messages.info(request, "This declaration is not hidden")
        return redirect(record)
    return _confirm(
        request,
        record,
        form=UnhideForm(request.POST or None),
        action=lambda data: services_register.adoption_unhide(
            actor=request.user, record=record, reason=data["reason"]
        ),
        success="The declaration is shown on the public register again",
        template="adoption/register/unhide.html",
    )
