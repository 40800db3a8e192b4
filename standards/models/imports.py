"""Uploaded files waiting for a steward's confirmation, and the record of imports applied."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportFormat(models.TextChoices):
    JSON_SCHEMA = "json_schema", "JSON Schema"
    CSV_CODE_LIST = "csv_code_list", "CSV code list"


class ImportRunStatus(models.TextChoices):
    PREVIEWED = "previewed", "Waiting for confirmation"
    APPLIED = "applied", "Imported"


class ImportRun(models.Model):
    """One upload: its content, the report shown, and the draft it was checked against.

    The content is kept here rather than in the session so confirmation re-reads exactly what
    was previewed, and the row stays as the record of who imported what. The UUID is not
    guessable, and only the steward who uploaded a file can confirm it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.ForeignKey(
        "standards.StandardVersion", on_delete=models.CASCADE, related_name="import_runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    format = models.CharField(max_length=20, choices=ImportFormat.choices)
    source_name = models.CharField(max_length=255)
    content = models.TextField()
    content_sha256 = models.CharField(max_length=64)
    options = models.JSONField(default=dict, blank=True)
    # SHA-256 of the draft's contents when the report was made; confirmation needs it unchanged.
    draft_fingerprint = models.CharField(max_length=64)
    report = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=20, choices=ImportRunStatus.choices, default=ImportRunStatus.PREVIEWED
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImportRunStatus.values),
                name="standards_importrun_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_name} into {self.version_id}"
