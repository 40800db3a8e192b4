"""Turn an importer's plan (a revised JSON Schema or CSV code list) into change set operations.

Pure: it compares the plan's components, matched by key, with the state a draft's change set has
reached so far, and proposes the operations that would get from one to the other. Members are
matched by key too. Something the file no longer has is proposed for deprecation, or for removal
if it is already deprecated in the base version, as the guard rails require. The proposer then
reviews the operations like any others; the change engine validates them all.
"""

from standards.choices import DataType, OperationKind
from standards.engine.changesets import Operation
from standards.interchange.importers import AttributePlan, CodePlan, ComponentPlan, ImportPlan
from standards.models import ImportFormat

CSV_FORMAT = ImportFormat.CSV_CODE_LIST

K = OperationKind
ATTRIBUTE_NAMES = (
    "name",
    "definition",
    "data_type",
    "format",
    "pattern",
    "required",
    "nullable",
    "cardinality",
    "references",
    "enum_values",
    "example",
)
CODE_NAMES = ("value", "label", "definition", "parent_value", "properties")
MISSING_NOTE = "Not in the revised file"
ROOT_SUFFIX = "-component"
SCHEMA_SUFFIX = ".schema.json"


def _attribute_values(attribute: AttributePlan, index) -> dict:
    values = {name: getattr(attribute, name) for name in ATTRIBUTE_NAMES}
    values["references"] = values["references"] or None
    # The portal's own per-component downloads refer to each other by file, which the importer
    # keeps as a string; a reference to another component's schema file means that component.
    ref = (attribute.extra or {}).get("unmapped", {}).get("$ref")
    if values["references"] is None and isinstance(ref, str) and ref.endswith(SCHEMA_SUFFIX):
        target = ref.rsplit("/", 1)[-1].removesuffix(SCHEMA_SUFFIX)
        if target in index:
            values["data_type"] = DataType.REFERENCE
            values["references"] = target
    values["enum_values"] = list(values["enum_values"] or [])
    return values


def _code_values(code: CodePlan, index) -> dict:
    values = {name: getattr(code, name) for name in CODE_NAMES}
    values["properties"] = dict(values["properties"] or {})
    return values


def _changed(current: dict, wanted: dict) -> dict:
    return {name: value for name, value in wanted.items() if current.get(name) != value}


def _members(
    key: str,
    planned: ComponentPlan,
    current: dict,
    base: dict | None,
    notes: list[str],
    index,
) -> list[Operation]:
    operations: list[Operation] = []
    for collection, rows, values_of, add, change, deprecate, remove in (
        (
            "attributes",
            planned.attributes,
            _attribute_values,
            K.ADD_ATTRIBUTE,
            K.CHANGE_ATTRIBUTE,
            K.DEPRECATE_ATTRIBUTE,
            K.REMOVE_ATTRIBUTE,
        ),
        (
            "codes",
            planned.codes,
            _code_values,
            K.ADD_CODE,
            K.CHANGE_CODE,
            K.DEPRECATE_CODE,
            K.REMOVE_CODE,
        ),
    ):
        existing = current.get(collection, {})
        base_members = (base or {}).get(collection, {})
        # Files name members by their name or value, which is usually, not always, their key.
        label = "name" if collection == "attributes" else "value"
        by_label = {member[label]: member_key for member_key, member in existing.items()}
        planned_keys = set()
        for row in rows:
            wanted = values_of(row, index)
            member_key = row.key if row.key in existing else by_label.get(wanted[label], row.key)
            planned_keys.add(member_key)
            member = existing.get(member_key)
            if member is None:
                operations.append(
                    Operation(kind=add, component=key, member=member_key, values=wanted)
                )
                continue
            changed = _changed(member, wanted)
            if changed:
                operations.append(
                    Operation(kind=change, component=key, member=member_key, values=changed)
                )
                if row.deprecated and not member["deprecated"]:
                    notes.append(
                        f"{key}/{member_key} is deprecated in the file and also changed. Only "
                        "the change was added: deprecate it in a separate proposal"
                    )
            elif row.deprecated and not member["deprecated"]:
                operations.append(Operation(kind=deprecate, component=key, member=member_key))
        for member_key, member in existing.items():
            if member_key in planned_keys:
                continue
            if base_members.get(member_key, {}).get("deprecated"):
                operations.append(Operation(kind=remove, component=key, member=member_key))
            elif not member["deprecated"]:
                operations.append(
                    Operation(
                        kind=deprecate,
                        component=key,
                        member=member_key,
                        values={"deprecation_note": MISSING_NOTE},
                    )
                )
    return operations


def matched_key(key: str, index) -> str:
    """The component a planned key means.

    The importer keys a file's root schema by its file name plus ``-component``; so a revised
    copy of a component's own download (``work-order.schema.json``) means ``work-order``.
    """
    stem = key.removesuffix(ROOT_SUFFIX)
    if key not in index and key != stem and stem in index:
        return stem
    return key


def candidate_keys(plan: ImportPlan) -> list[str]:
    """Every component key the plan might mean, to load before comparing."""
    keys = []
    for planned in plan.components:
        keys += [planned.key, planned.key.removesuffix(ROOT_SUFFIX)]
    return keys


def operations_from_plan(plan: ImportPlan, state) -> tuple[list[Operation], list[str]]:
    """The operations from ``state`` (a ``WorkingState``) to the plan, and notes on what was
    left out. ``state.component(key)`` gives a component as the change set leaves it."""
    operations: list[Operation] = []
    notes: list[str] = []
    for planned in plan.components:
        key = matched_key(planned.key, state.index)
        current = state.component(key)
        if current is None:
            if key in state.index:
                notes.append(f"{planned.key} could not be compared, so it was left out")
                continue
            operations.append(
                Operation(
                    kind=K.ADD_COMPONENT,
                    component=key,
                    values={
                        "kind": planned.kind,
                        "name": planned.name,
                        "definition": planned.definition,
                    },
                )
            )
            operations.extend(
                _members(key, planned, {"attributes": {}, "codes": {}}, None, notes, state.index)
            )
            continue
        if current["kind"] != planned.kind:
            notes.append(f"{key} is a different kind of component in the file, so it was left out")
            continue
        # A CSV file carries codes only: the code list's name and definition stay as they are.
        head = {} if plan.format == CSV_FORMAT else {"name": planned.name}
        if plan.format != CSV_FORMAT and planned.definition:
            head["definition"] = planned.definition
        changed = _changed(current, head)
        if changed:
            operations.append(Operation(kind=K.CHANGE_COMPONENT, component=key, values=changed))
        elif planned.deprecated and not current["deprecated"]:
            operations.append(Operation(kind=K.DEPRECATE_COMPONENT, component=key))
        operations.extend(
            _members(key, planned, current, state.base_components.get(key), notes, state.index)
        )
    return operations, notes
