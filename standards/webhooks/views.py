"""Webhook endpoints: the list, registering one (its secret shown once), its delivery log, a
test event, disabling, enabling and deleting.

Stewards manage every endpoint and register site endpoints; people who act for an organisation
(proven, not just chosen: ADR 0016) manage and register their organisation's. Anyone else gets a
404 for an endpoint, so its address does not leak, and a 403 for the list.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from community.permissions import is_steward
from standards import permissions as standards_permissions
from standards.exceptions import StandardsError
from standards.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from standards.webhooks import http as webhooks
from standards.webhooks import services as services_webhooks
from standards.webhooks.forms import EndpointForm

PAGE_SIZE = 20
GET_AND_POST = require_http_methods(["GET", "POST"])
SECRET_SESSION_KEY = "webhook_secret_{pk}"  # noqa: S105 - a session key, not a secret


def _list_url() -> str:
    return reverse("standards:webhook_list")


def _detail_url(endpoint: WebhookEndpoint) -> str:
    return reverse("standards:webhook_detail", kwargs={"pk": endpoint.pk})


def _crumbs(endpoint: WebhookEndpoint | None = None):
    crumbs = [("Standards", reverse("standards:standard_list")), ("Webhooks", _list_url())]
    if endpoint is not None:
        crumbs.append((endpoint.url, _detail_url(endpoint)))
    return crumbs


def _registers_for(request: HttpRequest):
    """(allowed, organisation): where the person's new endpoints belong."""
    user = request.user
    if is_steward(user):
        return True, None
    organisation = user.organisation
    if organisation is None:
        return False, None
    return standards_permissions.can_register_endpoint(user, organisation), organisation


def _endpoint_or_404(request: HttpRequest, pk: int) -> WebhookEndpoint:
    endpoint = (
        WebhookEndpoint.objects.select_related("organisation", "standard", "created_by")
        .filter(pk=pk)
        .first()
    )
    if endpoint is None or not standards_permissions.can_manage_endpoint(request.user, endpoint):
        raise Http404("No such endpoint")
    return endpoint


@login_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    steward = is_steward(request.user)
    allowed, organisation = _registers_for(request)
    if not allowed:
        raise PermissionDenied("Only stewards and members of an organisation manage webhooks")
    endpoints = WebhookEndpoint.objects.select_related("organisation", "standard")
    if not steward:
        endpoints = endpoints.filter(organisation=organisation)
    endpoints = list(endpoints.order_by("-created_at", "-pk"))
    for endpoint in endpoints:
        endpoint.secret_hint = webhooks.secret_hint(endpoint.secret)
    return render(
        request,
        "standards/webhooks/list.html",
        {
            "endpoints": endpoints,
            "is_steward": steward,
            "organisation": organisation,
            "crumbs": _crumbs()[:1],
        },
    )


@login_required
@GET_AND_POST
def webhook_create(request: HttpRequest) -> HttpResponse:
    allowed, organisation = _registers_for(request)
    if not allowed:
        raise PermissionDenied("Only stewards and members of an organisation register webhooks")
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            endpoint = services_webhooks.endpoint_create(
                actor=request.user,
                url=data["url"],
                description=data["description"],
                event_types=data["event_types"],
                organisation=organisation,
                standard=data["standard"],
            )
        except webhooks.UnsafeAddress as error:
            form.add_error("url", error.message)
        except StandardsError as error:
            form.add_error(None, error.message)
        else:
            # Kept only until the next page shows it, once.
            request.session[SECRET_SESSION_KEY.format(pk=endpoint.pk)] = endpoint.secret
            return redirect("standards:webhook_created", pk=endpoint.pk)
    return render(
        request,
        "standards/webhooks/form.html",
        {"form": form, "organisation": organisation, "crumbs": _crumbs()},
    )


@login_required
def webhook_created(request: HttpRequest, pk: int) -> HttpResponse:
    """The secret, once: it leaves the session as this page is shown."""
    endpoint = _endpoint_or_404(request, pk)
    secret = request.session.pop(SECRET_SESSION_KEY.format(pk=endpoint.pk), None)
    if secret is None:
        messages.info(request, "The secret is shown only once, when the endpoint is registered")
        return redirect(_detail_url(endpoint))
    response = render(
        request,
        "standards/webhooks/created.html",
        {"endpoint": endpoint, "secret": secret, "crumbs": _crumbs()},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint_or_404(request, pk)
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint).prefetch_related(
        Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("at", "pk"))
    )
    page = Paginator(deliveries.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "standards/webhooks/detail.html",
        {
            "endpoint": endpoint,
            "secret_hint": webhooks.secret_hint(endpoint.secret),
            "page_obj": page,
            "deliveries": page.object_list,
            "crumbs": _crumbs(),
        },
    )


def _act(request: HttpRequest, pk: int, action, success: str, unchanged: str) -> HttpResponse:
    endpoint = _endpoint_or_404(request, pk)
    try:
        changed = action(endpoint)
    except StandardsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success if changed else unchanged)
    return redirect(_detail_url(endpoint))


@login_required
@require_POST
def webhook_test(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda endpoint: services_webhooks.endpoint_send_test(
            actor=request.user, endpoint=endpoint
        ),
        "We have sent a test event. Its delivery is listed below",
        "",
    )


@login_required
@require_POST
def webhook_disable(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda endpoint: services_webhooks.endpoint_disable(
            actor=request.user, endpoint=endpoint, reason="Disabled by its owner"
        ),
        "The endpoint is disabled. We will send it nothing until you enable it",
        "The endpoint was already disabled",
    )


@login_required
@require_POST
def webhook_enable(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda endpoint: services_webhooks.endpoint_enable(actor=request.user, endpoint=endpoint),
        "The endpoint is enabled. Deliveries still due will be retried",
        "The endpoint was already enabled",
    )


@login_required
@GET_AND_POST
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint_or_404(request, pk)
    if request.method == "POST":
        try:
            services_webhooks.endpoint_delete(actor=request.user, endpoint=endpoint)
        except StandardsError as error:
            messages.error(request, error.message)
            return redirect(_detail_url(endpoint))
        messages.success(request, f"The endpoint {endpoint.url} is deleted")
        return redirect(_list_url())
    return render(
        request,
        "standards/webhooks/delete.html",
        {"endpoint": endpoint, "crumbs": _crumbs(endpoint)},
    )
