"""Writes for webhooks and for watching a standard.

Endpoints: registering (the secret is made here and shown once), disabling, enabling,
deleting and sending a test event. Deliveries: one row per event per endpoint, sent by
``delivery_attempt`` with retries and backoff, every attempt logged. An endpoint that answers
``410 Gone``, or fails ``DISABLE_AFTER_FAILURES`` attempts in a row, is disabled and its creator
emailed. Nothing is sent inside a transaction, and no row is locked while the network is used.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.tasks import default_task_backend, task
from django.utils import timezone

from community.models import Organisation, User
from portal.ratelimits import rate_limit_consume, wait_words
from standards.exceptions import InvalidState, NotAllowed, RateLimited, StandardsError
from standards.limits import DESCRIPTION_MAX_LENGTH
from standards.models import (
    DeliveryStatus,
    Standard,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEventType,
)
from standards.permissions import can_manage_endpoint, can_register_endpoint
from standards.webhooks import http as webhooks
from standards.webhooks import services as webhooks_services
from standards.webhooks import tasks as webhooks_tasks

TEST_EVENT = "webhook.test"
# Failed attempts in a row, across deliveries, after which an endpoint is disabled: with the
# retry schedule, about two and a half days of an endpoint failing every event.
DISABLE_AFTER_FAILURES = 20
# How long an attempt holds its delivery, so the worker and the command never send it twice.
LEASE = timedelta(minutes=2)
FINISHED = frozenset({DeliveryStatus.SUCCEEDED, DeliveryStatus.GAVE_UP})


# Permissions ----------------------------------------------------------------------------------


def _require(allowed: bool, message: str = "You do not have permission to do that") -> None:
    if not allowed:
        raise NotAllowed(message)


def _lock(endpoint: WebhookEndpoint) -> WebhookEndpoint:
    return WebhookEndpoint.objects.select_for_update(of=("self",)).get(pk=endpoint.pk)


# Endpoints ------------------------------------------------------------------------------------


def endpoint_create(
    *,
    actor: User,
    url: str,
    description: str,
    event_types: list[str],
    organisation: Organisation | None = None,
    standard: Standard | None = None,
) -> WebhookEndpoint:
    """Register an endpoint. Its ``secret`` is shown to the actor once, then never again."""
    _require(
        can_register_endpoint(actor, organisation),
        "Only stewards can register endpoints for the whole site"
        if organisation is None
        else "You can register endpoints only for your own organisation",
    )
    chosen = list(dict.fromkeys(event_types))
    if not chosen:
        raise StandardsError("Select at least one event to send")
    unknown = set(chosen) - set(WebhookEventType.values)
    if unknown:
        raise StandardsError("Select events from the list")
    description = description.strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise StandardsError(f"Enter a description of {DESCRIPTION_MAX_LENGTH} characters or fewer")
    url = url.strip()
    webhooks.address_check(url)
    endpoint = WebhookEndpoint(
        url=url,
        description=description,
        organisation=organisation,
        standard=standard,
        event_types=chosen,
        secret=webhooks.secret_generate(),
        created_by=actor,
    )
    endpoint._history_user = actor
    endpoint.save()
    return endpoint


def endpoint_disable(*, actor: User | None, endpoint: WebhookEndpoint, reason: str) -> bool:
    """Stop sending to an endpoint. Returns False if it was already disabled."""
    if actor is not None:
        _require(can_manage_endpoint(actor, endpoint))
    with transaction.atomic():
        endpoint = _lock(endpoint)
        if not endpoint.is_active:
            return False
        _disable(endpoint, reason=reason, actor=actor)
    return True


def _disable(endpoint: WebhookEndpoint, *, reason: str, actor: User | None) -> None:
    endpoint.is_active = False
    endpoint.disabled_at = timezone.now()
    endpoint.disabled_reason = reason
    if actor is not None:
        endpoint._history_user = actor
    endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason"])


def endpoint_enable(*, actor: User, endpoint: WebhookEndpoint) -> bool:
    """Send to the endpoint again. Its address is checked again first. Deliveries still due
    are retried; those that gave up stay given up."""
    _require(can_manage_endpoint(actor, endpoint))
    webhooks.address_check(endpoint.url)
    with transaction.atomic():
        endpoint = _lock(endpoint)
        if endpoint.is_active:
            return False
        endpoint.is_active = True
        endpoint.disabled_at = None
        endpoint.disabled_reason = ""
        endpoint.consecutive_failures = 0
        endpoint._history_user = actor
        endpoint.save(
            update_fields=["is_active", "disabled_at", "disabled_reason", "consecutive_failures"]
        )
    return True


def endpoint_delete(*, actor: User, endpoint: WebhookEndpoint) -> None:
    """Delete an endpoint and its delivery log."""
    _require(can_manage_endpoint(actor, endpoint))
    with transaction.atomic():
        endpoint = _lock(endpoint)
        endpoint._history_user = actor
        endpoint.delete()


def endpoint_send_test(*, actor: User, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Send a ``webhook.test`` event to one endpoint, through the same pipeline as the rest."""
    _require(can_manage_endpoint(actor, endpoint))
    now = timezone.now()
    with transaction.atomic():
        endpoint = _lock(endpoint)
        if not endpoint.is_active:
            raise InvalidState("Enable the endpoint before sending it a test event")
        # Each test event holds a worker for up to a delivery's deadline, so however many
        # people can press the button, an endpoint gets only a few.
        wait = rate_limit_consume(action="webhook_test_event", key=f"endpoint:{endpoint.pk}")
        if wait is not None:
            raise RateLimited(
                "You have sent this endpoint several test events in a short time. "
                f"Try again in {wait_words(wait)}"
            )
        body = {
            "type": TEST_EVENT,
            "timestamp": now.isoformat(),
            "data": {"endpoint": endpoint.url, "sent_by": actor.get_full_name() or "Someone"},
        }
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint,
            message_id=f"msg_test_{endpoint.pk}_{now:%Y%m%d%H%M%S%f}",
            event_type=TEST_EVENT,
            payload=body,
        )
        transaction.on_commit(lambda: webhooks_services.deliver_webhook.enqueue(delivery.pk))
    return delivery


# Events and deliveries ------------------------------------------------------------------------


def endpoints_for_event(*, event_type: str, standard_id: int | None) -> list[WebhookEndpoint]:
    """Active endpoints subscribed to ``event_type``, for this standard or for all standards."""
    scope = Q(standard__isnull=True)
    if standard_id is not None:
        scope |= Q(standard_id=standard_id)
    rows = WebhookEndpoint.objects.filter(scope, is_active=True)
    # The event types are a JSON list, which not every database can search, so filter here.
    return [endpoint for endpoint in rows.order_by("pk") if event_type in endpoint.event_types]


def event_queue(
    *, event_type: str, body: dict, standard_id: int | None, message_id: str
) -> list[WebhookDelivery]:
    """One delivery for each subscribed endpoint, each sent by a task after commit.

    ``message_id`` names the event, so queueing the same event again adds nothing.
    """
    created = []
    with transaction.atomic():
        for endpoint in endpoints_for_event(event_type=event_type, standard_id=standard_id):
            delivery, is_new = WebhookDelivery.objects.get_or_create(
                endpoint=endpoint,
                message_id=message_id,
                defaults={"event_type": event_type, "payload": body},
            )
            if is_new:
                created.append(delivery)
        ids = [delivery.pk for delivery in created]
        transaction.on_commit(lambda: [webhooks_services.deliver_webhook.enqueue(pk) for pk in ids])
    return created


def _claim(delivery_id: int) -> WebhookDelivery | None:
    """Take the delivery for one attempt, or None if it is finished, not due or taken."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status in FINISHED or not delivery.endpoint.is_active:
            return None
        # A second early: a deferred task may start a moment before the time it was set for.
        if delivery.next_attempt_at and delivery.next_attempt_at > now + timedelta(seconds=1):
            return None
        delivery.next_attempt_at = now + LEASE
        delivery.save(update_fields=["next_attempt_at"])
    return delivery


def _send(delivery: WebhookDelivery) -> webhooks.Outcome:
    endpoint = delivery.endpoint
    try:
        # Checked again at every attempt: the host's DNS may have changed since registration.
        target = webhooks.address_check(endpoint.url)
    except webhooks.UnsafeAddress as error:
        return webhooks.Outcome(status_code=None, error=f"Not sent: {error.message}", duration_ms=0)
    body = webhooks.body_encode(delivery.payload)
    headers = webhooks.signed_headers(
        secret=endpoint.secret,
        message_id=delivery.message_id,
        timestamp=timezone.now(),
        body=body,
    )
    return webhooks.post(target=target, body=body, headers=headers)


def delivery_attempt(*, delivery_id: int) -> WebhookDelivery | None:
    """Try to deliver once, log the attempt and decide what happens next.

    2xx: delivered. ``410 Gone``: the endpoint is disabled. Anything else (an error status, a
    timeout, a refused address): retried after ``webhooks.retry_delay``, up to
    ``webhooks.MAX_ATTEMPTS`` attempts, then given up. Returns the delivery, or None if there
    was nothing to do.
    """
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    outcome = _send(delivery)
    now = timezone.now()
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update(of=("self",)).get(pk=delivery.pk)
        endpoint = WebhookEndpoint.objects.select_for_update(of=("self",)).get(
            pk=delivery.endpoint_id
        )
        WebhookAttempt.objects.create(
            delivery=delivery,
            at=now,
            status_code=outcome.status_code,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
        )
        delivery.attempts += 1
        delivery.next_attempt_at = None
        was_active = endpoint.is_active
        failures = endpoint.consecutive_failures
        if outcome.succeeded:
            delivery.status = DeliveryStatus.SUCCEEDED
            delivery.delivered_at = now
            failures = 0
        elif outcome.status_code == 410:
            delivery.status = DeliveryStatus.GAVE_UP
            failures += 1
            if was_active:
                _disable(
                    endpoint,
                    reason="It answered 410 Gone, which means it no longer wants events",
                    actor=None,
                )
        else:
            failures += 1
            if delivery.attempts >= webhooks.MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.GAVE_UP
            else:
                delivery.status = DeliveryStatus.FAILED
                delivery.next_attempt_at = now + webhooks.retry_delay(delivery.attempts)
            if endpoint.is_active and failures >= DISABLE_AFTER_FAILURES:
                _disable(
                    endpoint,
                    reason=f"{failures} attempts in a row failed",
                    actor=None,
                )
        delivery.save(update_fields=["status", "attempts", "next_attempt_at", "delivered_at"])
        if failures != endpoint.consecutive_failures:
            # ``update`` rather than ``save``: a counter is not worth a history row per attempt.
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=failures)
        disabled_now = was_active and not endpoint.is_active
        retry_at = delivery.next_attempt_at if endpoint.is_active else None
        transaction.on_commit(
            lambda: _after_attempt(
                delivery_id=delivery.pk,
                endpoint_id=endpoint.pk,
                disabled_now=disabled_now,
                retry_at=retry_at,
            )
        )
    return delivery


def _after_attempt(*, delivery_id: int, endpoint_id: int, disabled_now: bool, retry_at) -> None:
    if disabled_now:
        webhooks_tasks.send_webhook_endpoint_disabled.enqueue(endpoint_id)
    # Where the task backend can run work later, the worker retries at the time set. Everywhere,
    # the ``deliver_webhooks`` command retries whatever is due.
    if retry_at is not None and default_task_backend.supports_defer:
        webhooks_services.deliver_webhook.using(run_after=retry_at).enqueue(delivery_id)


def deliveries_due(*, now=None) -> list[int]:
    """Deliveries waiting to be sent or retried now, oldest first, to active endpoints."""
    now = now or timezone.now()
    rows = WebhookDelivery.objects.filter(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED], endpoint__is_active=True
    )
    due = rows.filter(Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True))
    return list(due.order_by("created_at", "pk").values_list("pk", flat=True))


def deliveries_retry_due() -> int:
    """Attempt every delivery that is due: for the ``deliver_webhooks`` command."""
    attempted = 0
    for delivery_id in deliveries_due():
        if delivery_attempt(delivery_id=delivery_id) is not None:
            attempted += 1
    return attempted


# Watching a standard ------------------------------------------------------------------------


@task
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at one delivery; a failure schedules the next (``delivery_attempt``)."""

    delivery = delivery_attempt(delivery_id=delivery_id)
    return delivery.status if delivery else "nothing to do"
