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
from enum import IntEnum, StrEnum
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


# What an empty value reads as: never Python's "None", which looks like a value someone typed.
EMPTY_DISPLAY = "None given"
# Text longer than this is shown as a word-level redline rather than whole, side by side.
LONG_TEXT = 60


def display_value(value: Any) -> str:
    """A field value as a person reads it, for the HTML diff. The JSON keeps the raw value."""
    if value is None or value in ("", [], {}):
        return EMPTY_DISPLAY
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
    rule: str

    @property
    def impact(self) -> Impact:
        return RULES[self.rule].impact

    @property
    def impact_rule(self) -> "ImpactRule":
        return RULES[self.rule]

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field.replace("_", " ").capitalize())

    @property
    def old_display(self) -> str:
        return display_value(self.old)

    @property
    def new_display(self) -> str:
        return display_value(self.new)

    @property
    def is_long_text(self) -> bool:
        """Whether both sides are text (or empty) and one is long enough to redline."""
        texts = [value for value in (self.old, self.new) if value is not None]
        return all(isinstance(value, str) for value in texts) and any(
            len(value) > LONG_TEXT for value in texts
        )

    def as_json(self) -> dict:
        return {
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "impact": self.impact.label,
            **rule_json(self.rule),
        }


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
    # The impact rule of an addition or a removal; a change has one per field instead.
    rule: str | None = None

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "change": self.change,
            "impact": self.impact.label,
            **rule_json(self.rule),
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
    rule: str | None = None

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
            **rule_json(self.rule),
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


# Impact rules: one table, for the version diff and for change sets alike ---------------------


class Breaks(StrEnum):
    """Whose systems a change breaks: those that write extracts, those that read them, or both."""

    NOBODY = "nobody"
    PRODUCERS = "producers"
    CONSUMERS = "consumers"
    BOTH = "both"

    @property
    def label(self) -> str:
        return {
            Breaks.NOBODY: "Breaks nobody",
            Breaks.PRODUCERS: "Breaks systems that produce data",
            Breaks.CONSUMERS: "May affect systems that consume data",
            Breaks.BOTH: "Breaks systems that produce and consume data",
        }[self]


@dataclass(frozen=True)
class ImpactRule:
    """One row of GOVERNANCE.md's impact table: an id, its impact, whom it breaks and why."""

    id: str
    impact: Impact
    breaks: Breaks
    reason: str


def _rules(*rows: tuple[str, Impact, Breaks, str]) -> Mapping[str, ImpactRule]:
    return {row[0]: ImpactRule(*row) for row in rows}


# Readers must ignore attributes and codes they do not know (the standard's must-ignore rule),
# which is what makes additions non-breaking.
RULES: Mapping[str, ImpactRule] = _rules(
    ("component.added", Impact.MINOR, Breaks.NOBODY, "A new component adds to the standard"),
    ("component.removed", Impact.MAJOR, Breaks.BOTH, "Data using the component is no longer valid"),
    (
        "component.renamed",
        Impact.MAJOR,
        Breaks.BOTH,
        "The name is the component's title in every artefact",
    ),
    (
        "attribute.added.optional",
        Impact.MINOR,
        Breaks.NOBODY,
        "Readers ignore attributes they do not know",
    ),
    (
        "attribute.added.required",
        Impact.MAJOR,
        Breaks.PRODUCERS,
        "Existing data lacks the new required attribute",
    ),
    (
        "attribute.removed",
        Impact.MAJOR,
        Breaks.BOTH,
        "Data that has the attribute, and systems that read it, lose it",
    ),
    (
        "attribute.renamed",
        Impact.MAJOR,
        Breaks.BOTH,
        "Data under the old name is no longer recognised",
    ),
    (
        "attribute.required.added",
        Impact.MAJOR,
        Breaks.PRODUCERS,
        "Data without a value is no longer valid",
    ),
    (
        "attribute.required.removed",
        Impact.MINOR,
        Breaks.CONSUMERS,
        "Readers may now get data without a value",
    ),
    (
        "attribute.nullable.removed",
        Impact.MAJOR,
        Breaks.PRODUCERS,
        "Data with an empty value is no longer valid",
    ),
    (
        "attribute.nullable.added",
        Impact.MINOR,
        Breaks.CONSUMERS,
        "Readers may now get empty values",
    ),
    (
        "type.widened",
        Impact.MINOR,
        Breaks.CONSUMERS,
        "Every integer is a number, so existing data stays valid",
    ),
    (
        "type.narrowed",
        Impact.MAJOR,
        Breaks.PRODUCERS,
        "Numbers with a fraction are no longer valid",
    ),
    (
        "type.incompatible",
        Impact.MAJOR,
        Breaks.BOTH,
        "Values of the old type are not valid as the new one",
    ),
    (
        "constraint.widened",
        Impact.MINOR,
        Breaks.CONSUMERS,
        "More values are valid, so readers may see new ones",
    ),
    (
        "constraint.narrowed",
        Impact.MAJOR,
        Breaks.PRODUCERS,
        "Some values that were valid no longer are",
    ),
    (
        "cardinality.changed",
        Impact.MAJOR,
        Breaks.BOTH,
        "One value and a list of values are read differently",
    ),
    (
        "reference.changed",
        Impact.MAJOR,
        Breaks.BOTH,
        "The attribute now points at a different component",
    ),
    (
        "code.added",
        Impact.MINOR,
        Breaks.CONSUMERS,
        "Readers of a closed list may meet a code they do not know",
    ),
    ("code.removed", Impact.MAJOR, Breaks.BOTH, "Data using the code is no longer valid"),
    ("code.renamed", Impact.MAJOR, Breaks.BOTH, "Data using the old value is no longer valid"),
    (
        "code.moved",
        Impact.MAJOR,
        Breaks.BOTH,
        "The code now rolls up to a different parent, so it means something else",
    ),
    (
        "code.properties.added",
        Impact.MINOR,
        Breaks.NOBODY,
        "New properties add to what a code says",
    ),
    (
        "code.properties.changed",
        Impact.MAJOR,
        Breaks.BOTH,
        "A property that readers rely on changed or went",
    ),
    (
        "deprecated",
        Impact.MINOR,
        Breaks.NOBODY,
        "Deprecation warns before a later removal; data stays valid",
    ),
    ("editorial", Impact.PATCH, Breaks.NOBODY, "Wording only: labels, definitions and examples"),
    (
        "meaning.changed",
        Impact.MAJOR,
        Breaks.BOTH,
        "The proposer says this changes what the definition means",
    ),
    # An unknown schema keyword might narrow what is valid; overstating costs a reader a check,
    # understating breaks their system.
    (
        "keywords.changed",
        Impact.MAJOR,
        Breaks.BOTH,
        "Other schema keywords changed, which may narrow what is valid",
    ),
)


def _always(rule_id: str):
    return lambda old, new: rule_id


def _flag(name: str):
    """``required`` or ``nullable``: setting one and clearing one are different rules."""
    return lambda old, new: f"attribute.{name}.{'added' if new else 'removed'}"


def _constraint(old, new) -> str:
    """A format or pattern: dropping it widens; adding or changing it may narrow."""
    return "constraint.widened" if not new else "constraint.narrowed"


def _data_type(old, new) -> str:
    # Every integer is a number, so integer -> number is the only widening.
    if (old, new) == ("integer", "number"):
        return "type.widened"
    if (old, new) == ("number", "integer"):
        return "type.narrowed"
    return "type.incompatible"


def _enum(old, new) -> str:
    old_set, new_set = set(map(str, old or [])), set(map(str, new or []))
    if not new_set:
        return "constraint.widened"  # no list at all now: any value allowed
    if not old_set or old_set - new_set:
        return "constraint.narrowed"
    return "constraint.widened"


def _mapping(old, new) -> str:
    """Extra properties: only adding keys is additive; changing or dropping one is not."""
    old, new = old or {}, new or {}
    if any(key not in new or new[key] != value for key, value in old.items()):
        return "code.properties.changed"
    return "code.properties.added"


COMPONENT_RULES: Mapping[str, Any] = {
    "name": _always("component.renamed"),
    "definition": _always("editorial"),
    "deprecated": _always("deprecated"),
    "deprecation_note": _always("editorial"),
    "replaced_by": _always("deprecated"),
    "extra": _always("keywords.changed"),
}

ATTRIBUTE_RULES: Mapping[str, Any] = {
    "name": _always("attribute.renamed"),
    "definition": _always("editorial"),
    "data_type": _data_type,
    "format": _constraint,
    "pattern": _constraint,
    "required": _flag("required"),
    "nullable": _flag("nullable"),
    "cardinality": _always("cardinality.changed"),
    "references": _always("reference.changed"),
    "enum_values": _enum,
    "example": _always("editorial"),
    "deprecated": _always("deprecated"),
    "deprecation_note": _always("editorial"),
    "replaced_by": _always("deprecated"),
    "extra": _always("keywords.changed"),
}

CODE_RULES: Mapping[str, Any] = {
    "value": _always("code.renamed"),
    "label": _always("editorial"),
    "definition": _always("editorial"),
    # Moving a code in the hierarchy changes what it rolls up to, and so what it means.
    "parent_value": _always("code.moved"),
    "properties": _mapping,
    "deprecated": _always("deprecated"),
    "deprecation_note": _always("editorial"),
    "replaced_by": _always("deprecated"),
}


def field_changes(old: dict, new: dict, rules: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(
            field=name,
            old=old.get(name),
            new=new.get(name),
            rule=rule(old.get(name), new.get(name)),
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
    added_rule,
    removed_rule: str,
) -> tuple[ItemChange, ...]:
    changes = []
    for key, new in new_items.items():
        old = old_items.get(key)
        if old is None:
            rule = RULES[added_rule(new)]
            changes.append(
                ItemChange(key, new[name_field], ADDED, rule.impact, new=new, rule=rule.id)
            )
            continue
        fields = field_changes(old, new, rules)
        if fields:
            impact = max(change.impact for change in fields)
            changes.append(
                ItemChange(key, new[name_field], CHANGED, impact, old=old, new=new, fields=fields)
            )
    changes.extend(
        ItemChange(
            key, old[name_field], REMOVED, RULES[removed_rule].impact, old=old, rule=removed_rule
        )
        for key, old in old_items.items()
        if key not in new_items
    )
    return tuple(changes)


def rule_json(rule_id: str | None) -> dict:
    """The rule's id, whom it breaks and why, for a change's JSON; nulls when there is none."""
    rule = RULES[rule_id] if rule_id else None
    return {
        "rule": rule_id,
        "breaks": rule.breaks.value if rule else None,
        "reason": rule.reason if rule else None,
    }


def attribute_added_rule(attribute: dict) -> str:
    return "attribute.added.required" if attribute["required"] else "attribute.added.optional"


def diff_component(old: dict | None, new: dict | None) -> ComponentChange | None:
    """Compare two snapshots of one component. None if neither exists.

    An unchanged component gives a ``ComponentChange`` whose ``is_empty`` is true.
    """
    if old is None and new is None:
        return None
    if old is None:
        impact = RULES["component.added"].impact
        return ComponentChange(
            new["key"], new["name"], new["kind"], ADDED, impact, new=new, rule="component.added"
        )
    if new is None:
        impact = RULES["component.removed"].impact
        return ComponentChange(
            old["key"], old["name"], old["kind"], REMOVED, impact, old=old, rule="component.removed"
        )
    fields = field_changes(old, new, COMPONENT_RULES)
    attributes = _items_diff(
        old["attributes"],
        new["attributes"],
        rules=ATTRIBUTE_RULES,
        name_field="name",
        added_rule=attribute_added_rule,
        removed_rule="attribute.removed",
    )
    codes = _items_diff(
        old["codes"],
        new["codes"],
        rules=CODE_RULES,
        name_field="value",
        added_rule=lambda code: "code.added",
        removed_rule="code.removed",
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
