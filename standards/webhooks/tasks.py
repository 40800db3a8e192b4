"""Emails about webhook endpoints."""

from django.tasks import task
from django.urls import reverse

from portal.links import absolute_url
from portal.mail import send_email
from standards.models import (
    WebhookEndpoint,
)


@task
def send_webhook_endpoint_disabled(endpoint_id: int) -> int:
    """To whoever registered the endpoint: it was disabled, why, and where to enable it."""
    endpoint = WebhookEndpoint.objects.select_related("created_by").get(pk=endpoint_id)
    if not endpoint.created_by.is_active:
        return 0
    return send_email(
        to=[endpoint.created_by.email],
        template="standards/email/webhook_disabled",
        context={
            "endpoint": endpoint,
            "endpoint_url": absolute_url(
                reverse("standards:webhook_detail", kwargs={"pk": endpoint.pk})
            ),
        },
    )
