"""The portal's own ``version.json`` download, read back into a plan with every field it holds.

``exporters.version_json`` writes each component with all its attributes and codes as the
catalogue stores them, so reading it back loses nothing: re-importing it into a draft copied
from that version changes nothing. Members come in the file's order, which is their display
order. A file that looks like this download but is not well formed is refused by pointer.
"""

from typing import Any

from standards.choices import Cardinality, ComponentKind, DataType
from standards.interchange.importers.plan import AttributePlan, CodePlan, ComponentPlan, ImportPlan
from standards.interchange.strict_json import json_pointer

FORMAT = "version_json"
ATTRIBUTE_FIELDS = tuple(
    name
    for name in AttributePlan.__dataclass_fields__
    if name not in {"key", "sort_order", "external_ref", "external_ref_pointer", "pointer"}
)
CODE_FIELDS = tuple(
    name
    for name in CodePlan.__dataclass_fields__
    if name not in {"key", "sort_order", "pointer", "line"}
)
COMPONENT_FIELDS = ("key", "kind", "name", "definition", "deprecated", "deprecation_note", "extra")
BOOLEANS = frozenset({"required", "nullable", "deprecated"})
OBJECTS = frozenset({"extra", "properties"})
CHOICES = {"data_type": DataType.values, "cardinality": Cardinality.values}
ANY = frozenset({"example", "enum_values", "references"})


def is_version_json(document: Any) -> bool:
    """Whether a JSON document has the shape of the portal's ``version.json``."""
    return (
        isinstance(document, dict)
        and "$schema" not in document
        and isinstance(document.get("standard"), dict)
        and isinstance(document.get("version"), dict)
        and isinstance(document.get("components"), list)
    )


def version_json_read(document: dict, plan: ImportPlan) -> None:
    """Fill ``plan`` from a ``version.json`` document; report what does not fit, by pointer."""
    plan.format = FORMAT
    plan.note(
        "version_json",
        "The file is a version download (version.json) from this portal, so every field of "
        "each component was read as it is",
        pointer="",
    )
    for index, item in enumerate(document["components"]):
        pointer = json_pointer("components", index)
        if not isinstance(item, dict) or not all(name in item for name in COMPONENT_FIELDS):
            plan.error(
                "not_a_component",
                "This entry is not a component as the portal writes it: it needs "
                + ", ".join(COMPONENT_FIELDS),
                pointer=pointer,
            )
            continue
        if item["kind"] not in ComponentKind.values:
            plan.error("bad_kind", f"“{item['kind']}” is not a kind of component", pointer=pointer)
            continue
        component = ComponentPlan(
            key=str(item["key"]),
            name=str(item["name"]),
            kind=item["kind"],
            definition=str(item["definition"] or ""),
            deprecated=bool(item["deprecated"]),
            deprecation_note=str(item["deprecation_note"] or ""),
            extra=item["extra"] if isinstance(item["extra"], dict) else {},
            pointer=pointer,
        )
        component.attributes = _members(
            item.get("attributes", []), AttributePlan, ATTRIBUTE_FIELDS, pointer, plan
        )
        component.codes = _members(item.get("codes", []), CodePlan, CODE_FIELDS, pointer, plan)
        plan.components.append(component)


def _members(rows: Any, row_class, fields: tuple[str, ...], pointer: str, plan: ImportPlan):
    member = "attributes" if row_class is AttributePlan else "codes"
    if not isinstance(rows, list):
        plan.error("not_a_list", f"{member} must be a list", pointer=f"{pointer}/{member}")
        return []
    members = []
    for index, row in enumerate(rows):
        here = f"{pointer}/{member}/{index}"
        if not isinstance(row, dict) or not isinstance(row.get("key"), str):
            plan.error("not_a_member", f"This entry of {member} has no key", pointer=here)
            continue
        values = {name: row[name] for name in fields if name in row}
        problems = [name for name, value in values.items() if not _fits(name, value)]
        for name in problems:
            plan.error(
                "bad_value",
                f"“{name}” holds a value of the wrong kind for this field",
                pointer=f"{here}/{name}",
            )
        if problems:
            continue
        if row_class is AttributePlan:
            values["references"] = values.get("references") or ""
            values["enum_values"] = values.get("enum_values") or []
        members.append(row_class(key=row["key"], sort_order=index, pointer=here, **values))
    return members


def _fits(name: str, value: Any) -> bool:
    if name in CHOICES:
        return value in CHOICES[name]
    if name in BOOLEANS:
        return isinstance(value, bool)
    if name in OBJECTS:
        return isinstance(value, dict)
    if name == "enum_values":
        return value is None or isinstance(value, list)
    if name == "references":
        return value is None or isinstance(value, str)
    return name in ANY or isinstance(value, str)
