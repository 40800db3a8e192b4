"""The change engine: apply a change set to a base version's snapshot, and classify it.

A change set is an ordered list of typed ``Operation``s against one published base version
(GOVERNANCE.md section 1). Everything here is pure: callers load a ``BaseState`` once
(``selectors.changeset_base``) and the engine works on plain dicts shaped like
``diff.snapshot_component``, so the same code serves the redline preview, the proposal's
validation, and (later) building a release, without writing to any version.

Each operation is validated against the state left by the operations before it, so a change
set can add an attribute and then name it as another's replacement. Each is classified by the
impact rules in ``diff.RULES``, the same table the version diff uses: an operation's impact is
that of the field changes it makes to its element. A change set touches each element path at
most once, so classifying the operations and diffing base with "base + change set" agree (a
property test holds this).
"""

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from portal.text import text_problem
from standards.choices import Cardinality, ComponentKind, DataType, OperationKind
from standards.engine import diff, keys
from standards.engine.diff import RULES, Impact, ImpactRule
from standards.engine.patterns import pattern_problem

K = OperationKind

COMPONENT_OPERATIONS = frozenset(
    {K.ADD_COMPONENT, K.CHANGE_COMPONENT, K.DEPRECATE_COMPONENT, K.REMOVE_COMPONENT}
)
ATTRIBUTE_OPERATIONS = frozenset(
    {K.ADD_ATTRIBUTE, K.CHANGE_ATTRIBUTE, K.DEPRECATE_ATTRIBUTE, K.REMOVE_ATTRIBUTE}
)
CODE_OPERATIONS = frozenset({K.ADD_CODE, K.CHANGE_CODE, K.DEPRECATE_CODE, K.REMOVE_CODE})
ADDS = frozenset({K.ADD_COMPONENT, K.ADD_ATTRIBUTE, K.ADD_CODE})
CHANGES = frozenset({K.CHANGE_COMPONENT, K.CHANGE_ATTRIBUTE, K.CHANGE_CODE})
DEPRECATIONS = frozenset({K.DEPRECATE_COMPONENT, K.DEPRECATE_ATTRIBUTE, K.DEPRECATE_CODE})
REMOVALS = frozenset({K.REMOVE_COMPONENT, K.REMOVE_ATTRIBUTE, K.REMOVE_CODE})

# The fields each kind of element may be given by an add or a change operation.
COMPONENT_FIELDS = ("name", "definition")
ATTRIBUTE_FIELDS = (
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
CODE_FIELDS = ("value", "label", "definition", "parent_value", "properties")
DEPRECATION_FIELDS = ("deprecation_note", "replaced_by")

_TEXT_LIMITS = {"name": 200, "value": 200, "label": 500, "format": 100, "pattern": 1000}


@dataclass(frozen=True)
class Operation:
    """One typed change, addressing elements by stable key.

    ``component`` is the component key; ``member`` the attribute or code key (empty for
    component operations). ``values`` holds, for an add, the new element's fields (and for
    ``add_component`` its ``kind``); for a change, only the fields that change; for a
    deprecation, ``deprecation_note`` and ``replaced_by`` (a key). ``changes_meaning`` is the
    proposer's statement that a new definition changes what the element means.
    """

    kind: str
    component: str
    member: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)
    changes_meaning: bool = False

    @property
    def path(self) -> str:
        """The element path: ``component`` or ``component/member``. Conflicts are found by it."""
        return f"{self.component}/{self.member}" if self.member else self.component

    @property
    def label(self) -> str:
        return OperationKind(self.kind).label

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "path": self.path,
            "component": self.component,
            "member": self.member,
            "values": dict(self.values),
            "changes_meaning": self.changes_meaning,
        }


@dataclass(frozen=True)
class Tombstones:
    """Names and values that published versions had and the base no longer has: reserved."""

    components: frozenset[str] = frozenset()
    # (component key, attribute name) and (component key, code value).
    attribute_names: frozenset[tuple[str, str]] = frozenset()
    code_values: frozenset[tuple[str, str]] = frozenset()


@dataclass
class BaseState:
    """What the engine needs of a base version, loaded in a fixed number of queries.

    ``components``: full snapshots (``diff.snapshot_component``) of the components the change
    set touches. ``index``: every component of the base by key, as ``{"kind", "name",
    "deprecated"}``, for existence, kind and name checks. ``referrers``: for each component
    key, the keys of other components whose attributes refer to it (loaded for removals).
    """

    components: dict[str, dict]
    index: dict[str, dict]
    tombstones: Tombstones = field(default_factory=Tombstones)
    referrers: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_snapshot(cls, snapshot: Mapping[str, dict], **kwargs) -> "BaseState":
        """A whole version's snapshot as a base; for tests and small versions."""
        referrers: dict[str, set[str]] = {}
        for key, component in snapshot.items():
            for attribute in component["attributes"].values():
                if attribute["references"]:
                    referrers.setdefault(attribute["references"], set()).add(key)
        return cls(
            components=copy.deepcopy(dict(snapshot)),
            index={key: _index_entry(component) for key, component in snapshot.items()},
            referrers=referrers,
            **kwargs,
        )


@dataclass(frozen=True)
class Problem:
    """Why one operation cannot apply. ``index`` is its position (0-based) in the change set."""

    index: int
    field: str
    message: str


@dataclass(frozen=True)
class Classified:
    """An operation with the impact rules its changes fall under."""

    operation: Operation
    rules: tuple[ImpactRule, ...]

    @property
    def impact(self) -> Impact:
        return max((rule.impact for rule in self.rules), default=Impact.NONE)

    @property
    def main_rule(self) -> ImpactRule | None:
        """The rule that sets the impact: the one to show as the reason."""
        return max(self.rules, key=lambda rule: rule.impact, default=None)


@dataclass
class Outcome:
    """The result of applying a change set: the after-state, problems and classifications."""

    before: dict[str, dict]
    after: dict[str, dict]
    problems: list[Problem]
    classified: list[Classified]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def impact(self) -> Impact:
        return max((item.impact for item in self.classified), default=Impact.NONE)

    def touched_keys(self) -> list[str]:
        """Component keys the change set touches, in the order they are first touched."""
        return list(dict.fromkeys(item.operation.component for item in self.classified))

    def component_diffs(self) -> list[diff.ComponentChange]:
        """Each touched component, before against after: the redline's content."""
        changes = (
            diff.diff_component(self.before.get(key), self.after.get(key))
            for key in self.touched_keys()
        )
        return [change for change in changes if change is not None and not change.is_empty]

    def problems_for(self, index: int) -> list[Problem]:
        return [problem for problem in self.problems if problem.index == index]


class _OperationError(Exception):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message


def _index_entry(component: dict) -> dict:
    return {
        "kind": component["kind"],
        "name": component["name"],
        "deprecated": component["deprecated"],
    }


def changeset_apply(base: BaseState, operations: Sequence[Operation]) -> Outcome:
    """Apply ``operations`` in order to ``base``, validating and classifying each.

    An operation that cannot apply is recorded as a ``Problem`` and skipped; the rest still
    apply, so a proposer sees every problem at once. Never raises for bad input.
    """
    state = _State(base)
    problems: list[Problem] = []
    classified: list[Classified] = []
    seen_paths: dict[str, int] = {}
    for index, operation in enumerate(operations):
        try:
            if operation.path in seen_paths:
                raise _OperationError(
                    "member" if operation.member else "component",
                    f"Change {seen_paths[operation.path] + 1} already changes "
                    f"{operation.path}. Edit that change instead of adding another",
                )
            rules = state.apply(operation)
        except _OperationError as refusal:
            problems.append(Problem(index, refusal.field, refusal.message))
            continue
        seen_paths[operation.path] = index
        classified.append(Classified(operation, rules))
    return Outcome(
        before={key: base.components[key] for key in state.touched if key in base.components},
        after={key: state.components[key] for key in state.touched if key in state.components},
        problems=problems,
        classified=classified,
    )


class _State:
    """The running after-state while a change set is applied."""

    def __init__(self, base: BaseState) -> None:
        self.base = base
        self.components = copy.deepcopy(base.components)
        self.index = copy.deepcopy(base.index)
        self.added_components: set[str] = set()
        self.touched: list[str] = []
        # Removed earlier in this change set: reserved from then on, as after publication.
        self.removed_components: set[str] = set()
        self.removed_names: set[tuple[str, str, str]] = set()

    # Lookups -------------------------------------------------------------------------------

    def component(self, key: str, *, kind: str | None = None) -> dict:
        if key not in self.index:
            raise _OperationError("component", f"There is no component with the key “{key}”")
        entry = self.index[key]
        if kind is not None and entry["kind"] != kind:
            noun = "an entity" if kind == ComponentKind.ENTITY else "a code list"
            raise _OperationError("component", f"{entry['name']} is not {noun}")
        if key not in self.components:
            # The loader gives full snapshots of every component a change set names.
            raise _OperationError("component", f"{entry['name']} could not be loaded")
        return self.components[key]

    def member(self, component: dict, collection: str, key: str) -> dict:
        members = component[collection]
        if key not in members:
            noun = "attribute" if collection == "attributes" else "code"
            raise _OperationError(
                "member", f"{component['name']} has no {noun} with the key “{key}”"
            )
        return members[key]

    def touch(self, key: str) -> None:
        if key not in self.touched:
            self.touched.append(key)

    # Dispatch ------------------------------------------------------------------------------

    def apply(self, op: Operation) -> tuple[ImpactRule, ...]:
        if op.kind not in OperationKind.values:
            raise _OperationError("kind", "Choose a kind of change")
        if op.kind in COMPONENT_OPERATIONS:
            if op.member:
                raise _OperationError(
                    "member", "A change to a component names no attribute or code"
                )
            return self._component(op)
        if not op.member:
            raise _OperationError("member", "Enter the key of the attribute or code")
        collection, kind, fields, rules = (
            ("attributes", ComponentKind.ENTITY, ATTRIBUTE_FIELDS, diff.ATTRIBUTE_RULES)
            if op.kind in ATTRIBUTE_OPERATIONS
            else ("codes", ComponentKind.CODE_LIST, CODE_FIELDS, diff.CODE_RULES)
        )
        component = self.component(op.component, kind=kind)
        new_component = op.component in self.added_components
        if op.kind in ADDS:
            return self._member_add(op, component, collection, fields, new_component)
        before = self.member(component, collection, op.member)
        if op.kind in REMOVALS:
            _only_fields(op, ())
            self._removable(op, collection, before)
            del component[collection][op.member]
            name = before["name"] if collection == "attributes" else before["value"]
            self.removed_names.add((op.component, collection, name))
            self.touch(op.component)
            return (RULES["attribute.removed" if collection == "attributes" else "code.removed"],)
        after = copy.deepcopy(before)
        if op.kind in DEPRECATIONS:
            self._deprecate(op, after, siblings=component[collection])
        else:
            _only_fields(op, fields)
            after.update(copy.deepcopy(dict(op.values)))
        self._check_member(op, component, collection, after)
        component[collection][op.member] = after
        self.touch(op.component)
        if new_component:
            return (RULES["component.added"],)
        return _rules_between(before, after, rules, op)

    # Components ----------------------------------------------------------------------------

    def _component(self, op: Operation) -> tuple[ImpactRule, ...]:
        if op.kind == K.ADD_COMPONENT:
            return self._component_add(op)
        component = self.component(op.component)
        before = copy.deepcopy(component)
        if op.kind == K.REMOVE_COMPONENT:
            _only_fields(op, ())
            self._component_removable(op)
            del self.components[op.component]
            del self.index[op.component]
            self.removed_components.add(op.component)
            self.touch(op.component)
            return (RULES["component.removed"],)
        if op.kind == K.DEPRECATE_COMPONENT:
            self._deprecate(op, component, siblings=self.index)
        else:
            _only_fields(op, COMPONENT_FIELDS)
            values = dict(op.values)
            if "name" in values:
                values["name"] = self._component_name(op, values["name"])
            if "definition" in values:
                values["definition"] = _text(values["definition"], "definition")
            if all(component.get(name) == value for name, value in values.items()):
                raise _OperationError("values", "Change at least one thing about the component")
            component.update(values)
        self.index[op.component] = _index_entry(component)
        self.touch(op.component)
        if op.component in self.added_components:
            return (RULES["component.added"],)
        return _rules_between(_head(before), _head(component), diff.COMPONENT_RULES, op)

    def _component_add(self, op: Operation) -> tuple[ImpactRule, ...]:
        key = op.component
        problem = keys.component_key_problem(key)
        if problem:
            raise _OperationError("component", problem)
        if key in self.index:
            raise _OperationError("component", f"There is already a component with the key “{key}”")
        if key in self.base.tombstones.components or key in self.removed_components:
            raise _OperationError(
                "component",
                f"The key “{key}” belonged to a component that was removed, so it is reserved. "
                "Choose a different key",
            )
        _only_fields(op, (*COMPONENT_FIELDS, "kind"))
        kind = op.values.get("kind")
        if kind not in ComponentKind.values:
            raise _OperationError(
                "kind", "Choose whether the component is an entity or a code list"
            )
        name = self._component_name(op, op.values.get("name", ""))
        self.components[key] = {
            "key": key,
            "kind": kind,
            "name": name,
            "definition": _text(op.values.get("definition", ""), "definition"),
            "deprecated": False,
            "deprecation_note": "",
            "replaced_by": None,
            "extra": {},
            "attributes": {},
            "codes": {},
        }
        self.index[key] = _index_entry(self.components[key])
        self.added_components.add(key)
        self.touch(key)
        return (RULES["component.added"],)

    def _component_name(self, op: Operation, name) -> str:
        name = _required_text(name, "name", "Enter a name for the component")
        clash = next(
            (
                key
                for key, entry in self.index.items()
                if key != op.component and entry["name"].casefold() == name.casefold()
            ),
            None,
        )
        if clash is not None:
            raise _OperationError("name", f"There is already a component called “{name}”")
        return name

    def _component_removable(self, op: Operation) -> None:
        base = self.base.components.get(op.component)
        if base is None or not base["deprecated"]:
            raise _OperationError(
                "component",
                "You can only remove a component that is deprecated in a published version. "
                "Deprecate it first, then remove it in a later version",
            )
        if op.component in self.touched:
            raise _OperationError(
                "component",
                f"An earlier change in this change set changes {base['name']}. "
                "Remove the component in a change set of its own",
            )
        # Components the change set has touched are judged as they are now; the rest as in
        # the base version.
        referrers = {
            key
            for key in self.base.referrers.get(op.component, set())
            if key in self.index and key not in self.touched
        }
        referrers |= {
            key
            for key in self.touched
            if key in self.components
            and any(
                attribute["references"] == op.component
                for attribute in self.components[key]["attributes"].values()
            )
        }
        referrers.discard(op.component)
        if referrers:
            referrers = sorted(referrers)
            raise _OperationError(
                "component",
                f"Other components refer to {base['name']}: {', '.join(referrers)}. "
                "Change or remove those attributes first",
            )

    # Members -------------------------------------------------------------------------------

    def _member_add(
        self, op: Operation, component: dict, collection: str, fields, new_component: bool
    ) -> tuple[ImpactRule, ...]:
        problem = (
            keys.attribute_name_problem(op.member)
            if collection == "attributes"
            else keys.code_value_problem(op.member)
        )
        if problem:
            raise _OperationError("member", problem)
        if op.member in component[collection]:
            noun = "an attribute" if collection == "attributes" else "a code"
            raise _OperationError(
                "member", f"{component['name']} already has {noun} with the key “{op.member}”"
            )
        _only_fields(op, fields)
        template = _EMPTY_ATTRIBUTE if collection == "attributes" else _EMPTY_CODE
        member = {**copy.deepcopy(template), **copy.deepcopy(dict(op.values)), "key": op.member}
        self._check_member(op, component, collection, member)
        component[collection][op.member] = member
        self.touch(op.component)
        if new_component:
            return (RULES["component.added"],)
        if collection == "attributes":
            return (RULES[diff.attribute_added_rule(member)],)
        return (RULES["code.added"],)

    def _removable(self, op: Operation, collection: str, member: dict) -> None:
        base_component = self.base.components.get(op.component) or {}
        base_member = base_component.get(collection, {}).get(op.member)
        if base_member is None or not base_member["deprecated"]:
            raise _OperationError(
                "member",
                "You can only remove something that is deprecated in a published version. "
                "Deprecate it first, then remove it in a later version",
            )
        if collection == "codes":
            component = self.components[op.component]
            children = sorted(
                code["value"]
                for code in component["codes"].values()
                if code["parent_value"] == member["value"]
            )
            if children:
                raise _OperationError(
                    "member",
                    f"Codes {', '.join(children)} have {member['value']} as their parent. "
                    "Move or remove them first",
                )

    def _deprecate(self, op: Operation, element: dict, *, siblings: Mapping) -> None:
        _only_fields(op, DEPRECATION_FIELDS)
        if element["deprecated"]:
            raise _OperationError("kind", "This is already deprecated")
        replaced_by = op.values.get("replaced_by") or ""
        if replaced_by:
            if replaced_by == (op.member or op.component):
                raise _OperationError(
                    "replaced_by", "Choose a replacement other than the thing itself"
                )
            if replaced_by not in siblings:
                raise _OperationError(
                    "replaced_by", f"There is no “{replaced_by}” to replace it with"
                )
        note = _text(op.values.get("deprecation_note", ""), "deprecation_note")
        element["deprecated"] = True
        element["deprecation_note"] = note
        # A component's replacement is a component key or None, as in its snapshot.
        element["replaced_by"] = replaced_by or (None if not op.member else "")

    def _check_member(self, op: Operation, component: dict, collection: str, member: dict):
        if collection == "attributes":
            self._check_attribute(op, component, member)
        else:
            self._check_code(op, component, member)

    def _check_attribute(self, op: Operation, component: dict, attribute: dict) -> None:
        name = _required_text(attribute.get("name"), "name", "Enter the attribute’s name")
        stored = component["attributes"].get(attribute["key"])
        if stored is None or stored["name"] != name:
            problem = keys.attribute_name_problem(name)
            if problem:
                raise _OperationError("name", problem)
        attribute["name"] = name
        attribute["definition"] = _text(attribute.get("definition", ""), "definition")
        for other in component["attributes"].values():
            if other["key"] != attribute["key"] and other["name"] == name:
                raise _OperationError(
                    "name", f"{component['name']} already has an attribute “{name}”"
                )
        base_names = {
            other["name"]
            for other in self.base.components.get(op.component, {}).get("attributes", {}).values()
        }
        reserved = (op.component, name) in self.base.tombstones.attribute_names
        if (reserved and name not in base_names) or (
            (op.component, "attributes", name) in self.removed_names
        ):
            raise _OperationError(
                "name",
                f"“{name}” was an attribute of {component['name']} in an earlier version, so the "
                "name is reserved. Choose a different name",
            )
        if attribute.get("data_type") not in DataType.values:
            raise _OperationError("data_type", "Choose a data type")
        if attribute.get("cardinality") not in Cardinality.values:
            raise _OperationError("cardinality", "Choose one value or many")
        for flag in ("required", "nullable"):
            if not isinstance(attribute.get(flag), bool):
                raise _OperationError(flag, f"Choose whether the attribute is {flag}")
        attribute["format"] = _text(attribute.get("format", ""), "format")
        pattern = _text(attribute.get("pattern", ""), "pattern")
        if pattern and (problem := pattern_problem(pattern)):
            raise _OperationError("pattern", problem)
        attribute["pattern"] = pattern
        references = attribute.get("references") or None
        if attribute["data_type"] == DataType.REFERENCE:
            if not references:
                raise _OperationError("references", "Choose the component this attribute refers to")
            if references not in self.index:
                raise _OperationError(
                    "references", f"There is no component “{references}” in this standard"
                )
        elif references:
            raise _OperationError(
                "references", "Only a reference attribute can refer to a component"
            )
        attribute["references"] = references
        if not isinstance(attribute.get("enum_values"), list):
            raise _OperationError("enum_values", "Allowed values must be a list")

    def _check_code(self, op: Operation, component: dict, code: dict) -> None:
        value = _required_text(code.get("value"), "value", "Enter the code")
        current = component["codes"].get(code["key"])
        if current is None or current["value"] != value:
            problem = keys.code_value_problem(value)
            if problem:
                raise _OperationError("value", problem)
        code["value"] = value
        code["label"] = _text(code.get("label", ""), "label")
        code["definition"] = _text(code.get("definition", ""), "definition")
        for other in component["codes"].values():
            if other["key"] != code["key"] and other["value"] == value:
                raise _OperationError(
                    "value", f"{component['name']} already has the code “{value}”"
                )
        base_values = {
            other["value"]
            for other in self.base.components.get(op.component, {}).get("codes", {}).values()
        }
        reserved = (op.component, value) in self.base.tombstones.code_values
        if (reserved and value not in base_values) or (
            (op.component, "codes", value) in self.removed_names
        ):
            raise _OperationError(
                "value",
                f"The code “{value}” was in {component['name']} in an earlier version, so it is "
                "reserved. Choose a different code",
            )
        stored = component["codes"].get(code["key"])
        if stored is not None and stored["value"] != value:
            children = sorted(
                other["value"]
                for other in component["codes"].values()
                if other["parent_value"] == stored["value"] and other["key"] != code["key"]
            )
            if children:
                raise _OperationError(
                    "value",
                    f"Codes {', '.join(children)} have {stored['value']} as their parent. "
                    "Move them first, or keep this code's value",
                )
        parent = _text(code.get("parent_value", ""), "parent_value")
        if parent:
            if parent == value:
                raise _OperationError("parent_value", "A code cannot be its own parent")
            by_value = {
                other["value"]: other
                for other in component["codes"].values()
                if other["key"] != code["key"]
            }
            if parent not in by_value:
                raise _OperationError(
                    "parent_value", f"There is no code “{parent}” in this code list"
                )
            ancestor, seen = parent, set()
            while ancestor and ancestor not in seen:
                if ancestor == value:
                    raise _OperationError(
                        "parent_value",
                        f"{parent} is below {value} in the hierarchy, so it cannot be its parent",
                    )
                seen.add(ancestor)
                ancestor = by_value.get(ancestor, {}).get("parent_value", "")
        code["parent_value"] = parent
        if not isinstance(code.get("properties"), dict):
            raise _OperationError("properties", "Properties must be a set of names and values")


_EMPTY_ATTRIBUTE = {
    "key": "",
    "name": "",
    "definition": "",
    "data_type": DataType.STRING.value,
    "format": "",
    "pattern": "",
    "required": False,
    "nullable": False,
    "cardinality": Cardinality.ONE.value,
    "references": None,
    "enum_values": [],
    "example": None,
    "deprecated": False,
    "deprecation_note": "",
    "replaced_by": "",
    "extra": {},
}
_EMPTY_CODE = {
    "key": "",
    "value": "",
    "label": "",
    "definition": "",
    "parent_value": "",
    "properties": {},
    "deprecated": False,
    "deprecation_note": "",
    "replaced_by": "",
}


def _only_fields(op: Operation, allowed: Iterable[str]) -> None:
    if not isinstance(op.values, Mapping):
        raise _OperationError("values", "The change is not in the expected form")
    unknown = sorted(set(op.values) - set(allowed))
    if unknown:
        raise _OperationError(unknown[0], f"“{unknown[0]}” cannot be set by this kind of change")
    if op.kind in CHANGES and not op.values:
        raise _OperationError("values", "Change at least one thing")


def _text(value, field_name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _OperationError(field_name, "Enter text")
    if "\x00" in value:
        raise _OperationError(field_name, "Remove the null character from the text")
    if problem := text_problem(value):
        raise _OperationError(field_name, problem)
    limit = _TEXT_LIMITS.get(field_name)
    if limit is not None and len(value) > limit:
        raise _OperationError(field_name, f"Enter {limit} characters or fewer")
    return value.strip()


def _required_text(value, field_name: str, message: str) -> str:
    text = _text(value, field_name)
    if not text:
        raise _OperationError(field_name, message)
    return text


def _head(component: dict) -> dict:
    return {name: value for name, value in component.items() if name not in ("attributes", "codes")}


def _rules_between(before: dict, after: dict, rules, op: Operation) -> tuple[ImpactRule, ...]:
    changes = diff.field_changes(before, after, rules)
    if not changes:
        raise _OperationError("values", "This change would not change anything")
    found = [RULES[change.rule] for change in changes]
    if op.changes_meaning and any(change.field == "definition" for change in changes):
        found.append(RULES["meaning.changed"])
    return tuple(found)
