"""Webhook endpoints, deliveries and watches of standards."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from standards.models.catalogue import Standard


class WebhookEventType(models.TextChoices):
    VERSION_PUBLISHED = "version.published", "A version is published"
    VERSION_WITHDRAWN = "version.withdrawn", "A version is withdrawn"
    PROPOSAL_ACCEPTED = "proposal.accepted", "A proposal is accepted"
    PROPOSAL_REJECTED = "proposal.rejected", "A proposal is rejected"


class WebhookEndpoint(models.Model):
    """An address that receives signed events. Stewards register site endpoints; members of an
    organisation register endpoints for it."""

    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        "community.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhook_endpoints",
        help_text="Blank for an endpoint the data team registered.",
    )
    standard = models.ForeignKey(
        Standard,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhook_endpoints",
        help_text="Blank for events of every standard.",
    )
    event_types = models.JSONField(default=list)
    # ``whsec_`` and base64 of at least 24 random bytes. Shown once, when created.
    secret = models.CharField(max_length=100, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.TextField(blank=True)
    # Failed deliveries in a row, since the last success.
    consecutive_failures = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["secret"])

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Failed, will retry"
    GAVE_UP = "gave_up", "Failed, no more retries"


class WebhookDelivery(models.Model):
    """One event for one endpoint, with every attempt to deliver it."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    message_id = models.CharField(max_length=64, help_text="The webhook-id header.")
    event_type = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "message_id"], name="standards_delivery_message_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} to {self.endpoint}"

    @property
    def retry_due(self) -> bool:
        """Whether the next attempt's time has come: it waits for the delivery worker's sweep."""
        return self.next_attempt_at is not None and self.next_attempt_at <= timezone.now()


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Attempt at {self.at:%Y-%m-%d %H:%M:%S}: {self.status_code or self.error}"


class StandardWatch(models.Model):
    """Someone who wants an email when a version of the standard is published or withdrawn."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="watches")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="standard_watches"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "user"], name="standards_standard_watch_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} watches {self.standard}"
