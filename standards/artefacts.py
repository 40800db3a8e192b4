"""Artefacts generated when a version is published: JSON Schema, OpenAPI, CSV and JSON.

The exporters work fills this in. ``version_publish`` calls ``artefacts_generate`` inside its
transaction, after the version is marked published, so a failure here rolls the whole
publication back and a published version never lacks its artefacts.
"""

from .models import StandardVersion


def artefacts_generate(*, version: StandardVersion) -> None:
    """Generate and store every artefact of a version that has just been published."""
