from .artefacts import VersionArtefact
from .catalogue import (
    Attribute,
    Code,
    Component,
    ComponentVersion,
    Standard,
    StandardVersion,
    VersionEvent,
)
from .imports import ImportFormat, ImportRun, ImportRunStatus

__all__ = [
    "Attribute",
    "Code",
    "Component",
    "ComponentVersion",
    "ImportFormat",
    "ImportRun",
    "ImportRunStatus",
    "Standard",
    "StandardVersion",
    "VersionArtefact",
    "VersionEvent",
]
