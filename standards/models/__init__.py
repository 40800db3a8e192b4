from .catalogue import (
    Attribute,
    Code,
    Component,
    ComponentVersion,
    Standard,
    StandardVersion,
    VersionEvent,
)

__all__ = [
    "Attribute",
    "Code",
    "Component",
    "ComponentVersion",
    "Standard",
    "StandardVersion",
    "VersionEvent",
]
