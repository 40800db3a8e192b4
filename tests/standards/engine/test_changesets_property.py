"""GOVERNANCE.md section 1: classifying a change set's operations and diffing the base with
"base + change set" give the same answer. Random small bases, random valid change sets.

Operations are drawn from pools biased towards the base's own keys, names and values, then
applied; the ones the engine accepts form the valid change set under test. Re-applying that
subset must succeed as a whole, since a refused operation changes nothing.
"""

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from standards.choices import OperationKind
from standards.engine.changesets import ATTRIBUTE_OPERATIONS, BaseState, Operation, changeset_apply
from standards.engine.diff import ADDED, REMOVED, attribute_added_rule, diff_versions
from tests.standards.changeset_snapshots import CODE_LIST, ENTITY, attribute, code, component

K = OperationKind

TYPES = ["string", "integer", "number", "date", "boolean"]
PATTERNS = ["", "^[A-Z]+$", "^[0-9]{4}$"]
FORMATS = ["", "email", "uri"]
ENUMS = [[], ["a"], ["a", "b"], ["a", "b", "c"]]
EXAMPLES = [None, "x", "2024-01-31"]
DEFINITIONS = ["", "A thing.", "Another thing."]
NOTES = ["", "Use something else."]
PROPERTIES = [{}, {"p": 1}, {"p": 2}, {"p": 1, "q": True}]
COMPONENT_NAMES = ["Entity 0", "Entity 1", "List 0", "New thing", "Other thing"]
ATTRIBUTE_NAMES = ["n0", "n1", "n2", "n3", "fresh", "other"]
CODE_VALUES = ["V0", "V1", "V2", "V3", "NEW", "OTHER"]
NEW_COMPONENT_KEYS = ["new-0", "new-1"]
NEW_MEMBER_KEYS = ["m0", "m1"]

PROPERTY_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _attribute_fields(draw, keys: list[str]) -> dict:
    data_type = draw(st.sampled_from([*TYPES, "reference"]))
    return {
        "data_type": data_type,
        "references": draw(st.sampled_from(keys)) if data_type == "reference" else None,
        "required": draw(st.booleans()),
        "nullable": draw(st.booleans()),
        "cardinality": draw(st.sampled_from(["one", "many"])),
        "pattern": draw(st.sampled_from(PATTERNS)),
        "format": draw(st.sampled_from(FORMATS)),
        "enum_values": draw(st.sampled_from(ENUMS)),
        "example": draw(st.sampled_from(EXAMPLES)),
        "definition": draw(st.sampled_from(DEFINITIONS)),
    }


@st.composite
def bases(draw) -> dict[str, dict]:
    """One to three entities and one or two code lists, some deprecated, some referring."""
    entity_keys = [f"entity-{n}" for n in range(draw(st.integers(1, 3)))]
    list_keys = [f"list-{n}" for n in range(draw(st.integers(1, 2)))]
    keys = entity_keys + list_keys
    snapshot = {}
    for n, key in enumerate(entity_keys):
        attributes = [
            attribute(
                f"a{i}",
                name=f"n{i}",
                deprecated=draw(st.booleans()),
                **_attribute_fields(draw, keys),
            )
            for i in range(draw(st.integers(0, 3)))
        ]
        snapshot[key] = component(
            key, f"Entity {n}", attributes=attributes, deprecated=draw(st.booleans())
        )
    for n, key in enumerate(list_keys):
        codes = []
        for i in range(draw(st.integers(0, 3))):
            parents = ["", *(existing["value"] for existing in codes)]
            codes.append(
                code(
                    f"c{i}",
                    value=f"V{i}",
                    label=draw(st.sampled_from(["", "Label", "Other label"])),
                    parent_value=draw(st.sampled_from(parents)),
                    properties=draw(st.sampled_from(PROPERTIES)),
                    deprecated=draw(st.booleans()),
                )
            )
        snapshot[key] = component(
            key, f"List {n}", kind=CODE_LIST, codes=codes, deprecated=draw(st.booleans())
        )
    return snapshot


def _optional(draw, pools: dict) -> dict:
    """A random subset of ``pools``, each with a value drawn from its strategy."""
    return {name: draw(strategy) for name, strategy in pools.items() if draw(st.booleans())}


def _attribute_values(draw, keys: list[str], *, adding: bool) -> dict:
    """Fields for an add or a change; a type and its ``references`` are drawn together."""
    values = _optional(
        draw,
        {
            "name": st.sampled_from(ATTRIBUTE_NAMES),
            "definition": st.sampled_from(DEFINITIONS),
            "required": st.booleans(),
            "nullable": st.booleans(),
            "cardinality": st.sampled_from(["one", "many"]),
            "pattern": st.sampled_from(PATTERNS),
            "format": st.sampled_from(FORMATS),
            "enum_values": st.sampled_from(ENUMS),
            "example": st.sampled_from(EXAMPLES),
        },
    )
    if adding:
        values["name"] = draw(st.sampled_from(ATTRIBUTE_NAMES))
    type_change = draw(st.sampled_from(["none", "plain", "reference"]))
    if type_change == "plain":
        values.update(data_type=draw(st.sampled_from(TYPES)), references=None)
    elif type_change == "reference":
        values.update(data_type="reference", references=draw(st.sampled_from(keys)))
    return values


def _code_values(draw, current: dict | None, *, adding: bool) -> dict:
    existing = [item["value"] for item in (current or {}).get("codes", {}).values()]
    values = _optional(
        draw,
        {
            "value": st.sampled_from(CODE_VALUES),
            "label": st.sampled_from(["", "Label", "New label"]),
            "definition": st.sampled_from(DEFINITIONS),
            "parent_value": st.sampled_from(["", *existing]),
            "properties": st.sampled_from(PROPERTIES),
        },
    )
    if adding:
        values["value"] = draw(st.sampled_from(CODE_VALUES))
    return values


def _deprecation_values(draw, replacements: list[str]) -> dict:
    pools = {"deprecation_note": st.sampled_from(NOTES)}
    if replacements:
        pools["replaced_by"] = st.sampled_from(replacements)
    return _optional(draw, pools)


@st.composite
def operations_on(draw, snapshot: dict) -> Operation:
    """One operation, aimed at things that exist (or, for an add, that do not yet)."""
    entities = [key for key, item in snapshot.items() if item["kind"] == ENTITY]
    lists = [key for key, item in snapshot.items() if item["kind"] == CODE_LIST]
    keys = [*snapshot, *NEW_COMPONENT_KEYS]
    kind = draw(st.sampled_from(list(OperationKind)))
    if kind == K.ADD_COMPONENT:
        values = {
            "kind": draw(st.sampled_from([ENTITY, CODE_LIST])),
            "name": draw(st.sampled_from(COMPONENT_NAMES)),
            **_optional(draw, {"definition": st.sampled_from(DEFINITIONS)}),
        }
        return Operation(kind, draw(st.sampled_from(NEW_COMPONENT_KEYS)), values=values)
    if kind in {K.CHANGE_COMPONENT, K.DEPRECATE_COMPONENT, K.REMOVE_COMPONENT}:
        values = {}
        if kind == K.CHANGE_COMPONENT:
            values = _optional(
                draw,
                {
                    "name": st.sampled_from(COMPONENT_NAMES),
                    "definition": st.sampled_from(DEFINITIONS),
                },
            )
        elif kind == K.DEPRECATE_COMPONENT:
            values = _deprecation_values(draw, keys)
        targets = list(snapshot)
        if kind == K.REMOVE_COMPONENT:
            # Only what the base deprecates can go, so aim there.
            targets = [key for key in targets if snapshot[key]["deprecated"]] or targets
        return Operation(kind, draw(st.sampled_from(targets)), values=values)
    is_attribute = kind in ATTRIBUTE_OPERATIONS
    # Mostly components of the right kind, sometimes a new one added earlier in the set.
    component_key = draw(st.sampled_from([*(entities if is_attribute else lists)] * 3 + keys))
    current = snapshot.get(component_key)
    existing = list((current or {}).get("attributes" if is_attribute else "codes", {}))
    adding = kind in {K.ADD_ATTRIBUTE, K.ADD_CODE}
    if kind in {K.REMOVE_ATTRIBUTE, K.REMOVE_CODE}:
        members = (current or {}).get("attributes" if is_attribute else "codes", {})
        existing = [key for key in existing if members[key]["deprecated"]] or existing
    member = draw(st.sampled_from(NEW_MEMBER_KEYS if adding or not existing else existing))
    if kind in {K.DEPRECATE_ATTRIBUTE, K.DEPRECATE_CODE}:
        values = _deprecation_values(draw, [*existing, *NEW_MEMBER_KEYS])
    elif kind in {K.REMOVE_ATTRIBUTE, K.REMOVE_CODE}:
        values = {}
    elif is_attribute:
        values = _attribute_values(draw, keys, adding=adding)
    else:
        values = _code_values(draw, current, adding=adding)
    return Operation(kind, component_key, member, values)


@st.composite
def change_sets(draw) -> tuple[dict, list[Operation]]:
    snapshot = draw(bases())
    operations = draw(st.lists(operations_on(snapshot), min_size=1, max_size=10))
    return snapshot, operations


def _after_snapshot(snapshot: dict, outcome) -> dict:
    """The whole version after the change set: the base with touched components replaced."""
    after = dict(snapshot)
    for key in outcome.touched_keys():
        if key in outcome.after:
            after[key] = outcome.after[key]
        else:
            after.pop(key, None)
    return after


def _item_rules(item, *, added: str, removed: str) -> set[str]:
    if item.change == ADDED:
        return {added}
    if item.change == REMOVED:
        return {removed}
    return {field.rule for field in item.fields}


def _diff_rules_by_path(version_diff) -> dict[str, set[str]]:
    """Rule ids per element path, as the version diff reports them; added components left out."""
    found: dict[str, set[str]] = {}
    for change in version_diff.components:
        if change.change == ADDED:
            continue
        if change.change == REMOVED:
            found[change.key] = {"component.removed"}
            continue
        if change.fields:
            found[change.key] = {field.rule for field in change.fields}
        for item in change.attributes:
            added = attribute_added_rule(item.new) if item.change == ADDED else ""
            found[f"{change.key}/{item.key}"] = _item_rules(
                item, added=added, removed="attribute.removed"
            )
        for item in change.codes:
            found[f"{change.key}/{item.key}"] = _item_rules(
                item, added="code.added", removed="code.removed"
            )
    return found


def _valid(snapshot: dict, operations: list[Operation]):
    """The accepted operations, re-applied on their own: a valid change set and its outcome."""
    accepted = [
        item.operation
        for item in changeset_apply(BaseState.from_snapshot(snapshot), operations).classified
    ]
    assume(accepted)
    outcome = changeset_apply(BaseState.from_snapshot(snapshot), accepted)
    assert outcome.ok, outcome.problems
    return accepted, outcome


@PROPERTY_SETTINGS
@given(change_sets())
def test_change_set_impact_equals_the_impact_of_the_version_diff(change_set):
    snapshot, operations = change_set
    _accepted, outcome = _valid(snapshot, operations)

    version_diff = diff_versions(
        snapshot, _after_snapshot(snapshot, outcome), old_number="1.0.0", new_number="next"
    )

    assert outcome.impact == version_diff.impact


@PROPERTY_SETTINGS
@given(change_sets())
def test_each_operation_has_the_rules_the_diff_finds_at_its_path(change_set):
    snapshot, operations = change_set
    accepted, outcome = _valid(snapshot, operations)
    added = {operation.component for operation in accepted if operation.kind == K.ADD_COMPONENT}

    version_diff = diff_versions(
        snapshot, _after_snapshot(snapshot, outcome), old_number="1.0.0", new_number="next"
    )

    classified = {
        item.operation.path: {rule.id for rule in item.rules}
        for item in outcome.classified
        if item.operation.component not in added
    }
    assert classified == _diff_rules_by_path(version_diff)


@PROPERTY_SETTINGS
@given(change_sets())
def test_each_touched_component_diff_has_the_impact_of_its_operations(change_set):
    snapshot, operations = change_set
    _accepted, outcome = _valid(snapshot, operations)

    by_component: dict[str, int] = {}
    for item in outcome.classified:
        key = item.operation.component
        by_component[key] = max(by_component.get(key, 0), item.impact)

    assert {change.key: change.impact for change in outcome.component_diffs()} == by_component
