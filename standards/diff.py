"""What changed between two versions of a standard, or of one component.

Everything here is a pure function. Callers load the rows once (``component_versions_for`` with
``with_members=True``, or ``component_version_get``); ``snapshot_*`` turns them into plain dicts
and ``diff_*`` compares the dicts. Working on dicts lets the proposals work diff a component
against its state *after* a change set, without writing that state to the database.

Items are matched by stable key (component key, attribute key, code key), never by name or
position, so a rename shows as a change of ``name`` rather than a removal plus an addition.

Each change carries a semantic-versioning impact following DOMAIN.md: removing, renaming or
narrowing is major; adding or deprecating is minor; editorial text is patch. When a rule cannot
tell whether a change narrows (for example an unknown schema keyword in ``extra``), it says
major: a version number that overstates a change costs a reader a check, one that understates
it breaks their system.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"


class Impact(IntEnum):
    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


FIELD_LABELS = {
    "data_type": "Type",
    "enum_values": "Allowed values",
    "parent_value": "Parent code",
    "replaced_by": "Replaced by",
    "deprecation_note": "Deprecation note",
    "extra": "Other schema keywords",
}


def display_value(value: Any) -> str:
    """A field value as a person reads it, for the HTML diff. The JSON keeps the raw value."""
    if value is None or value in ("", [], {}):
        return "None"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any
    impact: Impact

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field.replace("_", " ").capitalize())

    @property
    def old_display(self) -> str:
        return display_value(self.old)

    @property
    def new_display(self) -> str:
        return display_value(self.new)

    def as_json(self) -> dict:
        return {"field": self.field, "old": self.old, "new": self.new, "impact": self.impact.label}


@dataclass(frozen=True)
class ItemChange:
    """An attribute or a code that was added, removed or changed."""

    key: str
    name: str
    change: str
    impact: Impact
    old: dict | None = None
    new: dict | None = None
    fields: tuple[FieldChange, ...] = ()

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "change": self.change,
            "impact": self.impact.label,
            "old": self.old,
            "new": self.new,
            "fields": [change.as_json() for change in self.fields],
        }


@dataclass(frozen=True)
class ComponentChange:
    key: str
    name: str
    kind: str
    change: str
    impact: Impact
    old: dict | None = None
    new: dict | None = None
    fields: tuple[FieldChange, ...] = ()
    attributes: tuple[ItemChange, ...] = ()
    codes: tuple[ItemChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self.change == CHANGED and not (self.fields or self.attributes or self.codes)

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "change": self.change,
            "impact": self.impact.label,
            # A changed component lists its member changes below; an added or removed one
            # carries its whole snapshot, members included.
            "old": _without_members(self.old) if self.change == CHANGED else self.old,
            "new": _without_members(self.new) if self.change == CHANGED else self.new,
            "fields": [change.as_json() for change in self.fields],
            "attributes": [change.as_json() for change in self.attributes],
            "codes": [change.as_json() for change in self.codes],
        }


@dataclass(frozen=True)
class VersionDiff:
    old_number: str
    new_number: str
    components: tuple[ComponentChange, ...] = field(default_factory=tuple)

    @property
    def impact(self) -> Impact:
        return max((change.impact for change in self.components), default=Impact.NONE)

    @property
    def added(self) -> list[ComponentChange]:
        return [change for change in self.components if change.change == ADDED]

    @property
    def removed(self) -> list[ComponentChange]:
        return [change for change in self.components if change.change == REMOVED]

    @property
    def changed(self) -> list[ComponentChange]:
        return [change for change in self.components if change.change == CHANGED]

    def as_json(self) -> dict:
        return {
            "from": self.old_number,
            "to": self.new_number,
            "impact": self.impact.label,
            "summary": {
                "added": len(self.added),
                "removed": len(self.removed),
                "changed": len(self.changed),
            },
            "components": [change.as_json() for change in self.components],
        }


# Snapshots: rows to plain, JSON-ready dicts. Foreign keys become component keys.
# ``exporters.version_json`` writes members with these too, so a download and a diff always
# describe an attribute or a code with the same fields.


def snapshot_attribute(attribute) -> dict:
    return {
        "key": attribute.key,
        "name": attribute.name,
        "definition": attribute.definition,
        "data_type": attribute.data_type,
        "format": attribute.format,
        "pattern": attribute.pattern,
        "required": attribute.required,
        "nullable": attribute.nullable,
        "cardinality": attribute.cardinality,
        "references": attribute.references.key if attribute.references_id else None,
        "enum_values": list(attribute.enum_values or []),
        "example": attribute.example,
        "deprecated": attribute.deprecated,
        "deprecation_note": attribute.deprecation_note,
        "replaced_by": attribute.replaced_by,
        "extra": dict(attribute.extra or {}),
    }


def snapshot_code(code) -> dict:
    return {
        "key": code.key,
        "value": code.value,
        "label": code.label,
        "definition": code.definition,
        "parent_value": code.parent_value,
        "properties": dict(code.properties or {}),
        "deprecated": code.deprecated,
        "deprecation_note": code.deprecation_note,
        "replaced_by": code.replaced_by,
    }


def snapshot_component(component_version) -> dict:
    """A component version with its members. Expects attributes and codes prefetched."""
    return {
        "key": component_version.component.key,
        "kind": component_version.component.kind,
        "name": component_version.name,
        "definition": component_version.definition,
        "deprecated": component_version.deprecated,
        "deprecation_note": component_version.deprecation_note,
        "replaced_by": (
            component_version.replaced_by.key if component_version.replaced_by_id else None
        ),
        "extra": dict(component_version.extra or {}),
        "attributes": {a.key: snapshot_attribute(a) for a in component_version.attributes.all()},
        "codes": {c.key: snapshot_code(c) for c in component_version.codes.all()},
    }


def snapshot_version(component_versions: Iterable) -> dict[str, dict]:
    """Every component of a version by key, in the order given."""
    return {row.component.key: snapshot_component(row) for row in component_versions}


def fingerprint_snapshot(snapshot: dict) -> str:
    """SHA-256 of a component snapshot in canonical JSON: equal snapshots, equal fingerprints.

    Keys are sorted, so neither the order of fields nor of members (their ``sort_order``)
    counts, just as ``diff_component`` ignores them. The snapshot is everything the diff
    compares, so two components with the same fingerprint have no changes between them.
    Changing what a snapshot holds therefore needs a migration that recomputes the stored
    ``ComponentVersion.fingerprint`` of every version that is not a draft.
    """
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def fingerprint_component(component_version) -> str:
    """The fingerprint of a component version. Expects attributes and codes prefetched.

    Works on historical models in migrations too: it reads only fields and related names.
    """
    return fingerprint_snapshot(snapshot_component(component_version))


# Impact rules, one function per field that needs more than a fixed answer.


def _always(impact: Impact):
    return lambda old, new: impact


def _deprecation(old, new) -> Impact:
    return Impact.MINOR


def _set_flag_is(breaking_value: bool):
    """A boolean whose change *to* ``breaking_value`` narrows what data is valid."""
    return lambda old, new: Impact.MAJOR if new == breaking_value else Impact.MINOR


def _constraint(old, new) -> Impact:
    """A format or pattern: dropping it widens (minor); adding or changing it may narrow."""
    return Impact.MINOR if not new else Impact.MAJOR


def _data_type(old, new) -> Impact:
    # Every integer is a number, so this one direction is the only widening.
    return Impact.MINOR if (old, new) == ("integer", "number") else Impact.MAJOR


def _enum(old, new) -> Impact:
    old_set, new_set = set(map(str, old or [])), set(map(str, new or []))
    if not new_set:
        return Impact.MINOR  # no list at all now: any value allowed
    if not old_set or old_set - new_set:
        return Impact.MAJOR
    return Impact.MINOR


def _mapping(old, new) -> Impact:
    """Extra properties: only adding keys is additive; changing or dropping one is not."""
    old, new = old or {}, new or {}
    if any(key not in new or new[key] != value for key, value in old.items()):
        return Impact.MAJOR
    return Impact.MINOR


COMPONENT_RULES: Mapping[str, Any] = {
    # The name is the component's title in every artefact, so a new one is a rename.
    "name": _always(Impact.MAJOR),
    "definition": _always(Impact.PATCH),
    "deprecated": _deprecation,
    "deprecation_note": _always(Impact.PATCH),
    "replaced_by": _deprecation,
    "extra": _always(Impact.MAJOR),
}

ATTRIBUTE_RULES: Mapping[str, Any] = {
    "name": _always(Impact.MAJOR),
    "definition": _always(Impact.PATCH),
    "data_type": _data_type,
    "format": _constraint,
    "pattern": _constraint,
    "required": _set_flag_is(True),
    "nullable": _set_flag_is(False),
    "cardinality": _always(Impact.MAJOR),
    "references": _always(Impact.MAJOR),
    "enum_values": _enum,
    "example": _always(Impact.PATCH),
    "deprecated": _deprecation,
    "deprecation_note": _always(Impact.PATCH),
    "replaced_by": _deprecation,
    "extra": _always(Impact.MAJOR),
}

CODE_RULES: Mapping[str, Any] = {
    "value": _always(Impact.MAJOR),
    "label": _always(Impact.PATCH),
    "definition": _always(Impact.PATCH),
    # Moving a code in the hierarchy changes what it rolls up to, and so what it means.
    "parent_value": _always(Impact.MAJOR),
    "properties": _mapping,
    "deprecated": _deprecation,
    "deprecation_note": _always(Impact.PATCH),
    "replaced_by": _deprecation,
}


def _field_changes(old: dict, new: dict, rules: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(
            field=name,
            old=old.get(name),
            new=new.get(name),
            impact=rule(old.get(name), new.get(name)),
        )
        for name, rule in rules.items()
        if old.get(name) != new.get(name)
    )


def _items_diff(
    old_items: dict[str, dict],
    new_items: dict[str, dict],
    *,
    rules: Mapping[str, Any],
    name_field: str,
    added_impact,
) -> tuple[ItemChange, ...]:
    changes = []
    for key, new in new_items.items():
        old = old_items.get(key)
        if old is None:
            changes.append(ItemChange(key, new[name_field], ADDED, added_impact(new), new=new))
            continue
        fields = _field_changes(old, new, rules)
        if fields:
            impact = max(change.impact for change in fields)
            changes.append(
                ItemChange(key, new[name_field], CHANGED, impact, old=old, new=new, fields=fields)
            )
    changes.extend(
        ItemChange(key, old[name_field], REMOVED, Impact.MAJOR, old=old)
        for key, old in old_items.items()
        if key not in new_items
    )
    return tuple(changes)


def _attribute_added_impact(attribute: dict) -> Impact:
    # Existing data lacks a new required attribute, so adding one breaks it.
    return Impact.MAJOR if attribute["required"] else Impact.MINOR


def diff_component(old: dict | None, new: dict | None) -> ComponentChange | None:
    """Compare two snapshots of one component. None if neither exists.

    An unchanged component gives a ``ComponentChange`` whose ``is_empty`` is true.
    """
    if old is None and new is None:
        return None
    if old is None:
        return ComponentChange(new["key"], new["name"], new["kind"], ADDED, Impact.MINOR, new=new)
    if new is None:
        return ComponentChange(old["key"], old["name"], old["kind"], REMOVED, Impact.MAJOR, old=old)
    fields = _field_changes(old, new, COMPONENT_RULES)
    attributes = _items_diff(
        old["attributes"],
        new["attributes"],
        rules=ATTRIBUTE_RULES,
        name_field="name",
        added_impact=_attribute_added_impact,
    )
    codes = _items_diff(
        old["codes"],
        new["codes"],
        rules=CODE_RULES,
        name_field="value",
        added_impact=lambda code: Impact.MINOR,
    )
    impact = max((change.impact for change in (*fields, *attributes, *codes)), default=Impact.NONE)
    return ComponentChange(
        new["key"],
        new["name"],
        new["kind"],
        CHANGED,
        impact,
        old=old,
        new=new,
        fields=fields,
        attributes=attributes,
        codes=codes,
    )


def diff_versions(
    old: Mapping[str, dict], new: Mapping[str, dict], *, old_number: str, new_number: str
) -> VersionDiff:
    """Compare two version snapshots (``snapshot_version``). Unchanged components are left out.

    Components come in the new version's order, then removed ones in the old version's order.
    """
    changes = [diff_component(old.get(key), component) for key, component in new.items()]
    changes.extend(
        diff_component(component, None) for key, component in old.items() if key not in new
    )
    return VersionDiff(
        old_number=old_number,
        new_number=new_number,
        components=tuple(change for change in changes if not change.is_empty),
    )


def _without_members(snapshot: dict | None) -> dict | None:
    """A component snapshot without its members, which the JSON lists as changes instead."""
    if snapshot is None:
        return None
    return {name: value for name, value in snapshot.items() if name not in {"attributes", "codes"}}
