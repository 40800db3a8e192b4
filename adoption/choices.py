"""Choices for the adoption register."""

from django.db import models


class AdoptionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_DEVELOPMENT = "in_development", "In development"
    IN_PRODUCTION = "in_production", "In production"


class AdoptionEventKind(models.TextChoices):
    DECLARED = "declared", "Declared"
    UPDATED = "updated", "Changed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    HIDDEN = "hidden", "Hidden by a steward"
    UNHIDDEN = "unhidden", "Shown again by a steward"
