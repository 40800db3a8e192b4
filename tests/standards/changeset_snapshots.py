"""Hand-built snapshots, shaped like ``diff.snapshot_component``, for the change engine's tests."""

from standards.engine.changesets import BaseState, Operation, Tombstones

ENTITY = "entity"
CODE_LIST = "code_list"


def attribute(key: str, **fields) -> dict:
    return {
        "key": key,
        "name": key,
        "definition": "",
        "data_type": "string",
        "format": "",
        "pattern": "",
        "required": False,
        "nullable": False,
        "cardinality": "one",
        "references": None,
        "enum_values": [],
        "example": None,
        "deprecated": False,
        "deprecation_note": "",
        "replaced_by": "",
        "extra": {},
        **fields,
    }


def code(key: str, **fields) -> dict:
    return {
        "key": key,
        "value": key,
        "label": "",
        "definition": "",
        "parent_value": "",
        "properties": {},
        "deprecated": False,
        "deprecation_note": "",
        "replaced_by": "",
        **fields,
    }


def component(key: str, name: str, *, kind: str = ENTITY, attributes=(), codes=(), **fields):
    return {
        "key": key,
        "kind": kind,
        "name": name,
        "definition": "",
        "deprecated": False,
        "deprecation_note": "",
        "replaced_by": None,
        "extra": {},
        "attributes": {item["key"]: item for item in attributes},
        "codes": {item["key"]: item for item in codes},
        **fields,
    }


def housing_snapshot() -> dict[str, dict]:
    """A small published version: two entities, two code lists and two deprecated components."""
    components = [
        component(
            "work-order",
            "Work order",
            definition="A job to be done at a property.",
            attributes=[
                attribute("work_order_id", name="id", required=True),
                attribute("description", definition="What to do."),
                attribute("legacy_ref", name="legacyRef", deprecated=True),
                attribute(
                    "priority",
                    data_type="reference",
                    references="work-priority-codes",
                ),
                attribute("quantity", data_type="integer"),
                attribute("cost", data_type="number", nullable=True),
                attribute("reference_code", pattern="^[A-Z]{2}[0-9]+$", format="uri"),
                attribute("status", enum_values=["open", "closed"], required=True),
                attribute("reported_at", data_type="date-time", example="2024-01-31T09:00:00Z"),
            ],
        ),
        component(
            "property",
            "Property",
            definition="A home or other building.",
            attributes=[
                attribute("uprn", required=True),
                attribute(
                    "survey",
                    data_type="reference",
                    references="old-survey",
                    deprecated=True,
                ),
            ],
        ),
        component(
            "work-priority-codes",
            "Work priority codes",
            kind=CODE_LIST,
            codes=[code("EMG", label="Emergency"), code("URG", label="Urgent", deprecated=True)],
        ),
        component(
            "person-alert-codes",
            "Person alert codes",
            kind=CODE_LIST,
            codes=[
                code("MED", label="Medical"),
                code(
                    "MED1",
                    label="Uses a wheelchair",
                    parent_value="MED",
                    properties={"is_critical": True},
                ),
                code("COM", label="Communication", deprecated=True),
                code("COM1", label="Hearing", parent_value="COM"),
            ],
        ),
        # Deprecated, and an attribute of Property refers to it.
        component("old-survey", "Old survey", deprecated=True),
        # Deprecated, and nothing refers to it.
        component("old-notes", "Old notes", deprecated=True),
    ]
    return {item["key"]: item for item in components}


HOUSING_TOMBSTONES = Tombstones(
    components=frozenset({"retired-component"}),
    attribute_names=frozenset({("work-order", "oldName"), ("work-order", "id")}),
    code_values=frozenset({("person-alert-codes", "OLD"), ("person-alert-codes", "MED")}),
)


def housing_base() -> BaseState:
    return BaseState.from_snapshot(housing_snapshot(), tombstones=HOUSING_TOMBSTONES)


def op(kind: str, path: str, /, *, changes_meaning: bool = False, **values) -> Operation:
    """An operation from its element path: ``op("add_code", "person-alert-codes/SOC", ...)``.

    ``kind`` and ``path`` are positional only, so ``values`` may hold a ``kind`` of its own.
    """
    component_key, _, member = path.partition("/")
    return Operation(
        kind=kind,
        component=component_key,
        member=member,
        values=values,
        changes_meaning=changes_meaning,
    )
