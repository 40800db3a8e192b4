"""Files generated from a version when it is published, stored once and served for ever."""

from typing import ClassVar

from django.db import models

from ..exceptions import InvalidState


class VersionArtefactQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        raise InvalidState(VersionArtefact.IMMUTABLE_MESSAGE)


class VersionArtefact(models.Model):
    """One download of a published version: a JSON Schema, the OpenAPI document, the CSV..."""

    IMMUTABLE_MESSAGE: ClassVar[str] = "A published version's downloads cannot be changed"

    version = models.ForeignKey(
        "standards.StandardVersion", on_delete=models.CASCADE, related_name="artefacts"
    )
    name = models.CharField(max_length=200, help_text="File name, for example openapi.json.")
    content_type = models.CharField(max_length=100)
    content = models.TextField()
    etag = models.CharField(max_length=64, help_text="SHA-256 of the content, in hex.")
    size = models.PositiveBigIntegerField(help_text="Size of the content in bytes (UTF-8).")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VersionArtefactQuerySet.as_manager()

    class Meta:
        ordering = ["version", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "name"], name="standards_versionartefact_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version_id}/{self.name}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise InvalidState(self.IMMUTABLE_MESSAGE)
        super().save(*args, **kwargs)
