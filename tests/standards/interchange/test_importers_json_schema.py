import json
from collections import Counter

import pytest

from standards.choices import Cardinality, ComponentKind, DataType
from standards.demo.catalogue import data_dir
from standards.interchange.importers import json_schema_parse

SCHEMAS = data_dir() / "ukhds-damp-and-mould"


def parse_file(name: str):
    return json_schema_parse((SCHEMAS / name).read_bytes(), source=name)


def parse(document: dict, source: str = "example.schema.json"):
    return json_schema_parse(json.dumps(document), source=source)


def component(plan, key):
    return next(c for c in plan.components if c.key == key)


def attribute(plan, key, name):
    return next(a for a in component(plan, key).attributes if a.name == name)


def warning_codes(plan) -> Counter:
    return Counter(issue.code for issue in plan.warnings)


@pytest.mark.parametrize(
    ("name", "components", "attributes", "warnings"),
    [
        (
            "appointments.schema.json",
            8,
            51,
            {"missing_description": 7, "foreign_key_not_inferred": 13},
        ),
        (
            "investigation.schema.json",
            18,
            99,
            {
                "missing_description": 17,
                "code_list_like": 10,
                "required_undefined": 2,
                "keyword_property_name": 1,
                "foreign_key_not_inferred": 21,
            },
        ),
        (
            "property.schema.json",
            17,
            101,
            {
                "missing_description": 17,
                "code_list_like": 7,
                "required_undefined": 1,
                "keyword_property_name": 1,
                "foreign_key_not_inferred": 13,
            },
        ),
        (
            "tenant.schema.json",
            3,
            24,
            {
                "no_dialect": 1,
                "missing_type": 3,
                "non_standard_keyword": 5,
                "primary_key_mismatch": 3,
                "no_root_properties": 1,
                "foreign_key_not_inferred": 4,
            },
        ),
        (
            "work_order.schema.json",
            14,
            87,
            {
                "missing_ref": 2,
                "missing_description": 3,
                "keyword_property_name": 2,
                "foreign_key_not_inferred": 19,
            },
        ),
    ],
)
def test_shared_file_imports_with_its_defects_reported(name, components, attributes, warnings):
    plan = parse_file(name)

    assert plan.errors == []
    assert len(plan.components) == components
    assert sum(len(c.attributes) for c in plan.components) == attributes
    assert warning_codes(plan) == warnings


def test_work_order_missing_refs_are_reported_with_pointers_and_kept_as_strings():
    plan = parse_file("work_order.schema.json")

    missing = {
        issue.pointer: issue.message for issue in plan.warnings if issue.code == "missing_ref"
    }
    assert set(missing) == {
        "/definitions/work_element/properties/trade_code/$ref",
        "/definitions/work_element/properties/depends_on/$ref",
    }
    assert (
        "#/definitions/TradeCode" in missing["/definitions/work_element/properties/trade_code/$ref"]
    )
    assert attribute(plan, "work-element", "trade_code").data_type == DataType.STRING


def test_property_named_type_is_an_attribute_not_the_keyword():
    plan = parse_file("work_order.schema.json")

    field = attribute(plan, "work-element-dependency", "type")

    assert field.data_type == DataType.STRING
    assert field.required is True
    assert field.definition.startswith("Specifies the nature of the dependency")


def test_definition_becomes_component_keyed_with_hyphens():
    plan = parse_file("work_order.schema.json")

    assert component(plan, "work-order").name == "Work order"
    assert component(plan, "work-order-component").kind == ComponentKind.ENTITY


def test_root_ref_property_becomes_reference_attribute():
    plan = parse_file("work_order.schema.json")

    field = attribute(plan, "work-order-component", "work_order")

    assert field.data_type == DataType.REFERENCE
    assert field.references == "work-order"


def test_array_of_refs_is_a_reference_with_cardinality_many():
    plan = parse_file("property.schema.json")

    field = attribute(plan, "property-component", "properties")

    assert (field.data_type, field.references, field.cardinality) == (
        DataType.REFERENCE,
        "property",
        Cardinality.MANY,
    )


def test_type_array_with_null_is_nullable():
    plan = parse_file("appointments.schema.json")

    field = attribute(plan, "request-appointment", "work_order_id")

    assert (field.data_type, field.nullable) == (DataType.INTEGER, True)


def test_date_time_format_becomes_data_type():
    plan = parse_file("appointments.schema.json")

    assert attribute(plan, "request-appointment", "requested_date").data_type == (
        DataType.DATE_TIME
    )


def test_foreign_key_warning_names_declared_target():
    plan = parse_file("tenant.schema.json")

    messages = [i.message for i in plan.warnings if i.code == "foreign_key_not_inferred"]

    assert any("refers to tenant_person" in message for message in messages)
    assert attribute(plan, "tenancy", "tenant_id").data_type == DataType.STRING


def test_own_identifier_is_not_reported_as_foreign_key():
    plan = parse_file("work_order.schema.json")

    pointers = {i.pointer for i in plan.warnings if i.code == "foreign_key_not_inferred"}

    assert "/definitions/work_order/properties/work_order_id" not in pointers
    assert "/definitions/work_order/properties/address_id" in pointers


def test_defs_2020_12_and_enum_only_definition_becomes_code_list():
    plan = parse(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$defs": {
                "priority": {"description": "Urgency.", "enum": ["P1", "P2", "P3"]},
                "job": {
                    "type": "object",
                    "description": "A job.",
                    "properties": {
                        "priority": {"$ref": "#/$defs/priority", "description": "How urgent."}
                    },
                },
            },
        }
    )

    codes = component(plan, "priority")
    assert codes.kind == ComponentKind.CODE_LIST
    assert [c.value for c in codes.codes] == ["P1", "P2", "P3"]
    assert attribute(plan, "job", "priority").references == "priority"
    assert [i.code for i in plan.warnings] == ["no_root_properties"]


def test_enum_pattern_examples_and_items_are_mapped():
    plan = parse(
        {
            "$schema": "https://json-schema.org/draft/2019-09/schema",
            "$defs": {
                "thing": {
                    "type": "object",
                    "description": "A thing.",
                    "required": ["colour"],
                    "properties": {
                        "colour": {"type": "string", "enum": ["red", "blue"], "description": "C"},
                        "ref": {"type": "string", "pattern": "^[A-Z]{2}$", "description": "R"},
                        "tags": {
                            "type": "array",
                            "items": {"type": "string", "maxLength": 5},
                            "description": "T",
                            "examples": [["a"]],
                        },
                    },
                }
            },
        }
    )

    colour = attribute(plan, "thing", "colour")
    tags = attribute(plan, "thing", "tags")
    assert (colour.enum_values, colour.required) == (["red", "blue"], True)
    assert attribute(plan, "thing", "ref").pattern == "^[A-Z]{2}$"
    assert (tags.cardinality, tags.example) == (Cardinality.MANY, ["a"])
    assert tags.extra["item_keywords"] == {"maxLength": 5}


@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        ("oneOf", [{"type": "string"}, {"type": "integer"}]),
        ("allOf", [{"type": "string"}]),
        ("patternProperties", {"^x": {"type": "string"}}),
        ("additionalProperties", {"type": "string"}),
    ],
)
def test_unmappable_construct_is_reported_with_pointer(keyword, value):
    plan = parse(
        {
            "definitions": {
                "thing": {
                    "type": "object",
                    "description": "A thing.",
                    keyword: value,
                    "properties": {"name": {"type": "string", "description": "Name."}},
                }
            },
        }
    )

    unmappable = [i for i in plan.warnings if i.code == "unmappable"]
    assert [i.pointer for i in unmappable] == [f"/definitions/thing/{keyword}"]
    assert component(plan, "thing").extra["unmapped"] == {keyword: value}


def test_nullable_any_of_is_mapped_not_reported():
    plan = parse(
        {
            "$defs": {
                "a": {"type": "object", "description": "A.", "properties": {}},
                "b": {
                    "type": "object",
                    "description": "B.",
                    "properties": {
                        "a": {
                            "anyOf": [{"$ref": "#/$defs/a"}, {"type": "null"}],
                            "description": "x",
                        }
                    },
                },
            }
        }
    )

    field = attribute(plan, "b", "a")
    assert (field.references, field.nullable) == ("a", True)
    assert [i.code for i in plan.warnings] == ["no_dialect", "no_root_properties"]


def test_unparseable_json_is_an_error_with_line():
    plan = json_schema_parse(b'{"definitions": {\n  "a": }', source="broken.json")

    assert [(i.code, i.line) for i in plan.errors] == [("invalid_json", 2)]
    assert plan.components == []


def test_file_with_nothing_to_import_is_an_error():
    plan = parse({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"})

    assert [i.code for i in plan.errors] == ["nothing_to_import"]


# Import fidelity: each kind of fault, not only the case files ------------------------------------


def thing(properties: dict, dialect: str = "https://json-schema.org/draft/2020-12/schema", **rest):
    return parse(
        {
            "$schema": dialect,
            "$defs": {
                "thing": {"type": "object", "description": "A thing.", "properties": properties}
            },
            **rest,
        }
    )


@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        ("type", "str"),
        ("type", ["string", "text"]),
        ("minLength", -1),
        ("maxLength", "5"),
        ("pattern", "([a-z"),
        ("enum", "red"),
        ("required", "yes"),
    ],
)
def test_keyword_value_of_the_wrong_kind_is_reported_and_not_kept(keyword, value):
    plan = thing({"field": {"type": "string", "description": "F.", keyword: value}})

    pointer = f"/$defs/thing/properties/field/{keyword}"
    reported = {i.pointer: i.message for i in plan.warnings if i.code == "invalid_keyword_value"}
    assert pointer in reported
    assert json.dumps(value) in reported[pointer]
    field = attribute(plan, "thing", "field")
    assert keyword not in field.extra.get("keywords", {})
    assert value not in (field.pattern, field.format)
    assert field.extra["unmapped"][keyword] == value


@pytest.mark.parametrize("fmt", ["^[0-9]{4}$", "postcode", "Date"])
def test_format_that_is_not_a_format_is_reported_and_dropped(fmt):
    plan = thing({"field": {"type": "string", "description": "F.", "format": fmt}})

    assert [i.pointer for i in plan.warnings if i.code == "unknown_format"] == [
        "/$defs/thing/properties/field/format"
    ]
    assert attribute(plan, "thing", "field").format == ""


@pytest.mark.parametrize("fmt", ["email", "uuid", "int64", "uri"])
def test_known_formats_are_kept(fmt):
    plan = thing({"field": {"type": "string", "description": "F.", "format": fmt}})

    assert attribute(plan, "thing", "field").format == fmt
    assert "unknown_format" not in warning_codes(plan)


def test_deprecated_object_keeps_note_and_version():
    plan = thing(
        {
            "field": {
                "type": "string",
                "description": "F.",
                "deprecated": {"deprecatedVersion": "2.1", "description": "Use other_field."},
            }
        }
    )

    field = attribute(plan, "thing", "field")
    assert (field.deprecated, field.deprecation_note) == (True, "Use other_field.")
    assert field.extra["deprecated_in"] == "2.1"
    assert warning_codes(plan)["deprecated_object"] == 1
    assert "invalid_keyword_value" not in warning_codes(plan)


def test_openapi_nullable_false_changes_nothing_and_is_reported():
    plan = thing({"field": {"type": "string", "description": "F.", "nullable": False}})

    assert attribute(plan, "thing", "field").nullable is False
    assert warning_codes(plan)["openapi_nullable"] == 1


def test_boolean_subschemas_are_carried_and_required_kept():
    plan = parse(
        {
            "$defs": {
                "thing": {
                    "type": "object",
                    "description": "T.",
                    "properties": {
                        "anything": True,
                        "nothing": False,
                        "empty_list": {"type": "array", "items": False, "description": "E."},
                    },
                    "required": ["anything", "nothing"],
                }
            }
        }
    )

    anything, nothing = attribute(plan, "thing", "anything"), attribute(plan, "thing", "nothing")
    assert (anything.extra["schema"], anything.required) == (True, True)
    assert (nothing.extra["schema"], nothing.required) == (False, True)
    assert attribute(plan, "thing", "empty_list").extra["array_keywords"] == {"items": False}


@pytest.mark.parametrize(
    ("schema", "types"),
    [
        ({"type": ["string", "integer"]}, ["string", "integer"]),
        ({"type": ["integer", "boolean", "null"]}, ["integer", "boolean"]),
        ({"enum": [1, "one"]}, ["integer", "string"]),
    ],
)
def test_several_types_are_kept(schema, types):
    plan = thing({"field": {"description": "F.", **schema}})

    field = attribute(plan, "thing", "field")
    assert sorted(field.extra["types"]) == sorted(types)


def test_prefix_items_in_2020_12_are_carried():
    plan = thing(
        {
            "point": {
                "type": "array",
                "description": "P.",
                "prefixItems": [{"type": "number"}, {"type": "number"}],
                "items": False,
            }
        }
    )

    point = attribute(plan, "thing", "point")
    assert point.extra["array_keywords"] == {
        "prefixItems": [{"type": "number"}, {"type": "number"}],
        "items": False,
    }
    assert point.data_type == DataType.NUMBER
    assert "outside_dialect" not in warning_codes(plan)


@pytest.mark.parametrize(
    ("document_id", "ref"),
    [
        (None, "#/$defs/target"),
        (
            "https://example.org/schemas/main.json",
            "https://example.org/schemas/main.json#/$defs/target",
        ),
        ("https://example.org/schemas/main.json", "main.json#/$defs/target"),
        ("https://example.org/schemas/main.json", "#/$defs/target"),
        (None, "#/$defs/outer/$defs/target"),
        (None, "#/%24defs/target"),
    ],
)
def test_reference_forms_that_resolve(document_id, ref):
    target = {"type": "object", "description": "T.", "properties": {}}
    defs = {
        "holder": {"type": "object", "description": "H.", "properties": {"link": {"$ref": ref}}},
    }
    if "outer" in ref:
        defs["outer"] = {"$defs": {"target": target}}
    else:
        defs["target"] = target
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs}
    if document_id:
        document["$id"] = document_id

    plan = parse(document)

    link = attribute(plan, "holder", "link")
    assert (link.data_type, link.references) == (DataType.REFERENCE, "target")
    assert "missing_ref" not in warning_codes(plan)


@pytest.mark.parametrize(
    ("ref", "code"),
    [
        ("#/definitions/target", "missing_ref"),
        ("#/$defs/Target", "missing_ref"),
        ("#/$defs/target/", "missing_ref"),
        ("other.schema.json#/$defs/target", "external_ref"),
        ("https://example.org/other.json", "external_ref"),
        ("#/$defs/holder/properties/link", "unmappable"),
    ],
)
def test_reference_forms_that_do_not_resolve_are_reported(ref, code):
    plan = parse(
        {
            "$defs": {
                "target": {"type": "object", "description": "T.", "properties": {}},
                "holder": {
                    "type": "object",
                    "description": "H.",
                    "properties": {"link": {"$ref": ref}},
                },
            }
        }
    )

    assert [i.pointer for i in plan.warnings if i.code == code] == [
        "/$defs/holder/properties/link/$ref"
    ]
    assert attribute(plan, "holder", "link").data_type == DataType.STRING


@pytest.mark.parametrize(
    "dialect",
    [
        "http://json-schema.org/draft/2020-12/schema",
        "https://json-schema.org/draft/2020-12/schema#",
        "https://json-schema.org/draft-07/schema#",
    ],
)
def test_known_dialect_is_recognised_in_either_scheme(dialect):
    plan = thing({"field": {"type": "string", "description": "F."}}, dialect=dialect)

    assert "unknown_dialect" not in warning_codes(plan)


def test_colliding_keys_are_both_imported_and_reported():
    plan = parse(
        {
            "$defs": {
                name: {"type": "object", "description": name, "properties": {}}
                for name in ("WorkOrder", "work_order", "work-order")
            }
        }
    )

    assert [c.key for c in plan.components] == ["work-order", "work-order-2", "work-order-3"]
    assert warning_codes(plan)["duplicate_key"] == 2


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ('{"$defs": {"a": {"maximum": 1e400}}}', "/$defs/a/maximum"),
        ('{"$defs": {"a": {"minimum": -1E+309}}}', "/$defs/a/minimum"),
        ('{"$defs": {"a": {"exclusiveMinimum": 1e-400}}}', "/$defs/a/exclusiveMinimum"),
        ('{"$defs": {"a": {"enum": [1, NaN]}}}', "/$defs/a/enum/1"),
        ('{"$defs": {"a": {"default": Infinity}}}', "/$defs/a/default"),
        ('{"$defs": {"a": {"default": -Infinity}}}', "/$defs/a/default"),
    ],
)
def test_numbers_json_cannot_hold_refuse_the_file_by_pointer(text, pointer):
    plan = json_schema_parse(text, source="numbers.schema.json")

    assert [(i.code, i.pointer) for i in plan.errors] == [("unrepresentable_number", pointer)]
    assert plan.components == []


@pytest.mark.parametrize(
    "number", ["0", "0.0", "-0.0", "0e-500", "5e-324", "1.7976931348623157e308"]
)
def test_numbers_json_can_hold_are_accepted(number):
    plan = json_schema_parse(
        '{"$defs": {"a": {"type": "object", "properties": {"n": {"type": "number", "minimum": '
        + number
        + "}}}}}",
        source="n.json",
    )

    assert plan.errors == []
    assert attribute(plan, "a", "n").extra["keywords"]["minimum"] == float(number)


def test_big_integers_stay_exact():
    plan = json_schema_parse(
        '{"$defs": {"a": {"type": "object", "properties": {"n": {"type": "integer", '
        '"maximum": 9007199254740993, "enum": [123456789012345678901234567890]}}}}}',
        source="n.json",
    )

    n = attribute(plan, "a", "n")
    assert n.extra["keywords"]["maximum"] == 2**53 + 1
    assert n.enum_values == [123456789012345678901234567890]
