"""The diff functions: every kind of change, matched by key, with its semver impact."""

import pytest

from standards.catalogue.selectors import component_versions_for
from standards.engine.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    Impact,
    diff_component,
    diff_versions,
    display_value,
    snapshot_version,
)


def attribute(key="uprn", **fields) -> dict:
    return {
        "key": key,
        "name": key,
        "definition": "A definition.",
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


def code(key="MED1", **fields) -> dict:
    return {
        "key": key,
        "value": key,
        "label": "Medical",
        "definition": "",
        "parent_value": "",
        "properties": {},
        "deprecated": False,
        "deprecation_note": "",
        "replaced_by": "",
        **fields,
    }


def component(key="work-order", *, attributes=(), codes=(), **fields) -> dict:
    return {
        "key": key,
        "kind": "code_list" if codes else "entity",
        "name": "Work order",
        "definition": "A job.",
        "deprecated": False,
        "deprecation_note": "",
        "replaced_by": None,
        "extra": {},
        "attributes": {item["key"]: item for item in attributes},
        "codes": {item["key"]: item for item in codes},
        **fields,
    }


def attribute_change(old: dict, new: dict):
    change = diff_component(component(attributes=[old]), component(attributes=[new]))
    (item,) = change.attributes
    return item


def code_change(old: dict, new: dict):
    change = diff_component(component(codes=[old]), component(codes=[new]))
    (item,) = change.codes
    return item


@pytest.mark.parametrize(
    ("old", "new", "impact"),
    [
        # Renaming the property that appears in data breaks every consumer.
        ({"name": "uprn"}, {"name": "UPRN"}, Impact.MAJOR),
        ({"definition": "Old."}, {"definition": "New."}, Impact.PATCH),
        ({"required": False}, {"required": True}, Impact.MAJOR),
        ({"required": True}, {"required": False}, Impact.MINOR),
        ({"nullable": True}, {"nullable": False}, Impact.MAJOR),
        ({"nullable": False}, {"nullable": True}, Impact.MINOR),
        ({"data_type": "string"}, {"data_type": "integer"}, Impact.MAJOR),
        ({"data_type": "integer"}, {"data_type": "number"}, Impact.MINOR),
        ({"data_type": "number"}, {"data_type": "integer"}, Impact.MAJOR),
        ({"format": ""}, {"format": "email"}, Impact.MAJOR),
        ({"format": "email"}, {"format": ""}, Impact.MINOR),
        ({"pattern": "^[A-Z]+$"}, {"pattern": "^[A-Z]{2}$"}, Impact.MAJOR),
        ({"pattern": "^[A-Z]+$"}, {"pattern": ""}, Impact.MINOR),
        ({"cardinality": "one"}, {"cardinality": "many"}, Impact.MAJOR),
        ({"references": "property"}, {"references": "block"}, Impact.MAJOR),
        ({"enum_values": ["a", "b"]}, {"enum_values": ["a", "b", "c"]}, Impact.MINOR),
        ({"enum_values": ["a", "b"]}, {"enum_values": ["a"]}, Impact.MAJOR),
        ({"enum_values": []}, {"enum_values": ["a"]}, Impact.MAJOR),
        ({"enum_values": ["a"]}, {"enum_values": []}, Impact.MINOR),
        ({"example": "1"}, {"example": "2"}, Impact.PATCH),
        ({"deprecated": False}, {"deprecated": True}, Impact.MINOR),
        ({"deprecation_note": ""}, {"deprecation_note": "Use id."}, Impact.PATCH),
        ({"extra": {}}, {"extra": {"maxLength": 10}}, Impact.MAJOR),
    ],
)
def test_attribute_field_changes_and_their_impact(old, new, impact):
    item = attribute_change(attribute(**old), attribute(**new))

    assert item.change == CHANGED
    assert item.impact == impact
    (field,) = item.fields
    assert (field.field, field.old, field.new, field.impact) == (
        next(iter(new)),
        next(iter(old.values())),
        next(iter(new.values())),
        impact,
    )


@pytest.mark.parametrize(
    ("old", "new", "impact"),
    [
        ({"value": "MED1"}, {"value": "MD1"}, Impact.MAJOR),
        ({"label": "Medical"}, {"label": "Medical need"}, Impact.PATCH),
        ({"definition": ""}, {"definition": "Any medical need."}, Impact.PATCH),
        ({"parent_value": ""}, {"parent_value": "MED"}, Impact.MAJOR),
        ({"properties": {}}, {"properties": {"is_critical": True}}, Impact.MINOR),
        (
            {"properties": {"is_critical": True}},
            {"properties": {"is_critical": False}},
            Impact.MAJOR,
        ),
        ({"properties": {"is_critical": True}}, {"properties": {}}, Impact.MAJOR),
        ({"deprecated": False}, {"deprecated": True}, Impact.MINOR),
        ({"replaced_by": ""}, {"replaced_by": "MED"}, Impact.MINOR),
    ],
)
def test_code_field_changes_and_their_impact(old, new, impact):
    item = code_change(code(**old), code(**new))

    assert item.impact == impact
    assert [field.field for field in item.fields] == list(new)


def test_items_are_matched_by_key_so_a_rename_is_a_change_not_a_swap():
    change = diff_component(
        component(attributes=[attribute("id", name="id")]),
        component(attributes=[attribute("id", name="workOrderId")]),
    )

    (item,) = change.attributes
    assert (item.key, item.change, item.name) == ("id", CHANGED, "workOrderId")


def test_added_optional_attribute_is_minor_and_added_required_is_major():
    change = diff_component(
        component(attributes=[attribute("a")]),
        component(
            attributes=[
                attribute("a"),
                attribute("b"),
                attribute("c", required=True),
            ]
        ),
    )

    impacts = {item.key: (item.change, item.impact) for item in change.attributes}
    assert impacts == {"b": (ADDED, Impact.MINOR), "c": (ADDED, Impact.MAJOR)}
    assert change.impact == Impact.MAJOR


def test_removed_attribute_and_code_are_major():
    attributes = diff_component(component(attributes=[attribute("a")]), component())
    codes = diff_component(component(codes=[code("X")]), component(codes=[code("Y")]))

    assert [(i.key, i.change, i.impact) for i in attributes.attributes] == [
        ("a", REMOVED, Impact.MAJOR)
    ]
    assert [(i.key, i.change, i.impact) for i in codes.codes] == [
        ("Y", ADDED, Impact.MINOR),
        ("X", REMOVED, Impact.MAJOR),
    ]
    assert attributes.attributes[0].old["key"] == "a"


@pytest.mark.parametrize(
    ("old", "new", "impact"),
    [
        ({"name": "Work order"}, {"name": "Job"}, Impact.MAJOR),
        ({"definition": "A job."}, {"definition": "A job at a property."}, Impact.PATCH),
        ({"deprecated": False}, {"deprecated": True}, Impact.MINOR),
        ({"replaced_by": None}, {"replaced_by": "job"}, Impact.MINOR),
    ],
)
def test_component_field_changes(old, new, impact):
    change = diff_component(component(**old), component(**new))

    assert change.impact == impact
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        (next(iter(new)), next(iter(old.values())), next(iter(new.values())))
    ]


def test_unchanged_component_is_empty_and_missing_everywhere_is_none():
    assert diff_component(component(), component()).is_empty
    assert diff_component(component(), component()).impact == Impact.NONE
    assert diff_component(None, None) is None


def test_version_diff_lists_added_removed_and_changed_components_only():
    old = {"a": component("a"), "b": component("b"), "c": component("c")}
    new = {
        "a": component("a"),
        "c": component("c", definition="Changed."),
        "d": component("d"),
    }

    diff = diff_versions(old, new, old_number="1.0.0", new_number="2.0.0")

    assert [(c.key, c.change) for c in diff.components] == [
        ("c", CHANGED),
        ("d", ADDED),
        ("b", REMOVED),
    ]
    assert [c.key for c in diff.added] == ["d"]
    assert [c.key for c in diff.removed] == ["b"]
    assert [c.key for c in diff.changed] == ["c"]
    assert diff.impact == Impact.MAJOR


def test_version_diff_impact_is_the_largest_change():
    old = {"a": component("a", attributes=[attribute("x")])}
    new = {"a": component("a", attributes=[attribute("x", definition="Better.")])}

    assert diff_versions(old, new, old_number="1.0.0", new_number="1.0.1").impact == Impact.PATCH
    assert diff_versions(old, old, old_number="1.0.0", new_number="1.0.0").impact == Impact.NONE


def test_json_shape_is_stable():
    old = {"a": component("a", attributes=[attribute("x")]), "b": component("b")}
    new = {"a": component("a", attributes=[attribute("x", required=True)])}

    data = diff_versions(old, new, old_number="1.0.0", new_number="2.0.0").as_json()

    assert data["from"] == "1.0.0"
    assert data["to"] == "2.0.0"
    assert data["impact"] == "major"
    assert data["summary"] == {"added": 0, "removed": 1, "changed": 1}
    changed, removed = data["components"]
    assert set(changed) == {
        "key", "name", "kind", "change", "impact", "rule", "breaks", "reason",
        "old", "new", "fields", "attributes", "codes",
    }  # fmt: skip
    # A changed component's rules are on its field changes; it has none of its own.
    assert (changed["rule"], changed["breaks"], changed["reason"]) == (None, None, None)
    assert "attributes" not in changed["new"]
    assert changed["attributes"] == [
        {
            "key": "x",
            "name": "x",
            "change": "changed",
            "impact": "major",
            "rule": None,
            "breaks": None,
            "reason": None,
            "old": attribute("x"),
            "new": attribute("x", required=True),
            "fields": [
                {
                    "field": "required",
                    "old": False,
                    "new": True,
                    "impact": "major",
                    "rule": "attribute.required.added",
                    "breaks": "producers",
                    "reason": "Data without a value is no longer valid",
                }
            ],
        }
    ]
    # A removed component keeps its whole snapshot, members included.
    assert removed["change"] == "removed"
    assert (removed["rule"], removed["breaks"]) == ("component.removed", "both")
    assert removed["new"] is None
    assert removed["old"]["attributes"] == {}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "None given"),
        ("", "None given"),
        (True, "Yes"),
        (["a", "b"], "a, b"),
        ({"x": 1}, "x: 1"),
    ],
)
def test_display_value(value, text):
    assert display_value(value) == text


def test_snapshots_come_from_prefetched_rows_in_fixed_queries(
    published_version, django_assert_num_queries
):
    with django_assert_num_queries(3):
        snapshot = snapshot_version(
            component_versions_for(version=published_version, with_members=True)
        )

    assert {item["kind"] for item in snapshot.values()} == {"entity", "code_list"}
    entity = next(item for item in snapshot.values() if item["kind"] == "entity")
    assert list(entity["attributes"]) == ["work_order_id"]
