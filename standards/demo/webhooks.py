"""A demo webhook endpoint: the data team's, for every event, pointed at a local receiver.

Nothing needs to listen there: ``make run`` works without it, and deliveries to it fail fast
(the connection is refused) and are retried quietly. To watch events arrive, run any server
that accepts POST on http://127.0.0.1:8765/webhooks. Idempotent: a second run changes nothing.
"""

from django.contrib.auth import get_user_model

from standards.demo.catalogue import DEMO_STEWARD_EMAIL
from standards.models import WebhookEndpoint, WebhookEventType
from standards.webhooks import http as webhooks

DEMO_ENDPOINT_URL = "http://127.0.0.1:8765/webhooks"


def load() -> WebhookEndpoint | None:
    """Register the demo endpoint, owned by the demo steward. None if there is no steward."""
    steward = get_user_model().objects.filter(email=DEMO_STEWARD_EMAIL).first()
    if steward is None:
        return None
    endpoint = WebhookEndpoint.objects.filter(
        url=DEMO_ENDPOINT_URL, organisation__isnull=True
    ).first()
    if endpoint is not None:
        return endpoint
    # Written directly rather than through ``endpoint_create``: its address is loopback, which
    # only development settings allow; each delivery checks the address again anyway.
    return WebhookEndpoint.objects.create(
        url=DEMO_ENDPOINT_URL,
        description="Demo: a local receiver on port 8765, which need not be running",
        event_types=list(WebhookEventType.values),
        secret=webhooks.secret_generate(),
        created_by=steward,
    )
