"""Files generated from a version when it is published, stored once and served for ever."""

import gzip
from typing import ClassVar

import brotli
from django.db import models

from ..exceptions import InvalidState

# Compressed once, at publication, inside its transaction. Brotli's top quality (11) is about
# twenty times slower than 9 for some 12% smaller files: seconds per version for a large
# standard, with the version's rows locked, so 9. mtime=0 keeps gzip's bytes reproducible.
GZIP_LEVEL = 9
BROTLI_QUALITY = 9


def compress_gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def compress_brotli(data: bytes) -> bytes:
    return brotli.compress(data, quality=BROTLI_QUALITY)


class VersionArtefactQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        raise InvalidState(VersionArtefact.IMMUTABLE_MESSAGE)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for artefact in objs:
            artefact.fill_compressed()
        return super().bulk_create(objs, *args, **kwargs)


class VersionArtefact(models.Model):
    """One download of a published version: a JSON Schema, the OpenAPI document, the CSV...

    Stored with gzip and brotli forms of the content, made when it is saved, so downloads are
    served compressed without compressing anything per request.
    """

    IMMUTABLE_MESSAGE: ClassVar[str] = "A published version's downloads cannot be changed"
    # Each encoding a client may accept, and the field that holds the content in it.
    ENCODED_FIELDS: ClassVar[dict[str, str]] = {"br": "content_br", "gzip": "content_gzip"}

    version = models.ForeignKey(
        "standards.StandardVersion", on_delete=models.CASCADE, related_name="artefacts"
    )
    name = models.CharField(max_length=200, help_text="File name, for example openapi.json.")
    content_type = models.CharField(max_length=100)
    content = models.TextField()
    content_gzip = models.BinaryField(
        default=b"", editable=False, help_text="The content, gzip-compressed."
    )
    content_br = models.BinaryField(
        default=b"", editable=False, help_text="The content, brotli-compressed."
    )
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
        self.fill_compressed()
        super().save(*args, **kwargs)

    def fill_compressed(self) -> None:
        """Make the gzip and brotli forms of the content, if they are not made yet."""
        if not self.content_gzip or not self.content_br:
            data = self.content.encode("utf-8")
            self.content_gzip = compress_gzip(data)
            self.content_br = compress_brotli(data)
