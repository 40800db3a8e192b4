"""The adoption register: which organisations use which version of a standard, and how far.

An ``AdoptionRecord`` is one organisation's declaration for one system. It is mutable (status
and components change as a project goes live), so simple-history keeps its field-level history,
components included, and every change also writes an append-only ``AdoptionEvent``, which is
the timeline people see. Only ``adoption.register.services`` writes them.

Components point at ``standards.Component``, the identity that is the same row in every
version, so "who uses Work order" has one answer across versions.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..choices import AdoptionEventKind, AdoptionStatus
from ..exceptions import InvalidState


class AdoptionRecord(models.Model):
    organisation = models.ForeignKey(
        "community.Organisation", on_delete=models.PROTECT, related_name="adoption_records"
    )
    version = models.ForeignKey(
        "standards.StandardVersion", on_delete=models.PROTECT, related_name="adoption_records"
    )
    components = models.ManyToManyField("standards.Component", related_name="adoption_records")
    status = models.CharField(max_length=20, choices=AdoptionStatus.choices)
    system_name = models.CharField(
        max_length=200, help_text="The product or system that uses the standard."
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Counts changes, so an edit can say which state it saw and a later one is refused.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.TextField(blank=True)

    history = HistoricalRecords(m2m_fields=["components"])

    class Meta:
        ordering = ["organisation__name", "system_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                "version",
                Lower("system_name"),
                condition=Q(withdrawn_at__isnull=True),
                name="adoption_one_current_record_per_system",
                violation_error_message=(
                    "Your organisation has already declared this version for this system"
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=AdoptionStatus.values), name="adoption_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="adoption_hidden_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["version", "withdrawn_at", "hidden_at"])]

    def __str__(self) -> str:
        return f"{self.organisation} uses {self.version} in {self.system_name}"

    def get_absolute_url(self) -> str:
        return reverse("adoption:register_detail", kwargs={"pk": self.pk})

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_public(self) -> bool:
        return not self.is_withdrawn and not self.is_hidden


class AdoptionEventQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        raise InvalidState(AdoptionEvent.APPEND_ONLY_MESSAGE)

    def delete(self):
        raise InvalidState(AdoptionEvent.APPEND_ONLY_MESSAGE)


class AdoptionEvent(models.Model):
    """Append-only: one row per change to a declaration, with old and new values."""

    APPEND_ONLY_MESSAGE: ClassVar[str] = "An event in a declaration's history cannot be changed"

    record = models.ForeignKey(AdoptionRecord, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=AdoptionEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AdoptionEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AdoptionEventKind.values), name="adoption_event_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.record_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise InvalidState(self.APPEND_ONLY_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise InvalidState(self.APPEND_ONLY_MESSAGE)
