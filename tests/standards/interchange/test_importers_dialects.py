"""The importer follows one dialect table, reads patterns as ECMA-262, and names each place."""

import json

import jsonschema
import jsonschema_specifications
import pytest

from standards.interchange import exporters
from standards.interchange.importers import json_schema_parse
from standards.interchange.importers.dialects import KEYWORDS, ORDER, dialects_with
from standards.interchange.importers.json_schema import dialect_of
from standards.versions.services import import_apply, import_preview
from tests.standards.factories import VersionFactory
from tests.standards.interchange.test_import_cases import Exported

ADDRESSES = {
    "draft-04": "http://json-schema.org/draft-04/schema#",
    "draft-06": "http://json-schema.org/draft-06/schema#",
    "draft-07": "http://json-schema.org/draft-07/schema#",
    "2019-09": "https://json-schema.org/draft/2019-09/schema",
    "2020-12": "https://json-schema.org/draft/2020-12/schema",
}


def schema(dialect: str, **properties) -> str:
    definitions = "$defs" if dialect in {"2019-09", "2020-12"} else "definitions"
    return json.dumps(
        {
            "$schema": ADDRESSES[dialect],
            definitions: {
                "case": {
                    "type": "object",
                    "description": "A case.",
                    "properties": {
                        name: {"description": f"The {name}.", **value}
                        for name, value in properties.items()
                    },
                }
            },
        }
    )


def pointer(dialect: str, name: str, keyword: str) -> str:
    definitions = "$defs" if dialect in {"2019-09", "2020-12"} else "definitions"
    return f"/{definitions}/case/properties/{name}/{keyword}"


def findings(plan, code: str) -> dict:
    return {
        issue.pointer: issue.message
        for issue in [*plan.warnings, *plan.notes]
        if issue.code == code
    }


@pytest.mark.parametrize(
    ("dialect", "validator"),
    [
        ("draft-04", jsonschema.Draft4Validator),
        ("draft-06", jsonschema.Draft6Validator),
        ("draft-07", jsonschema.Draft7Validator),
    ],
)
def test_the_table_has_each_older_dialects_meta_schema_keywords(dialect, validator):
    # The meta-schemas leave out $ref (draft-04, a core keyword) and writeOnly (draft-07, which
    # its validation specification defines beside readOnly).
    listed = set(validator.META_SCHEMA["properties"])

    assert KEYWORDS[dialect] - listed <= {"$ref", "writeOnly"}
    assert listed <= KEYWORDS[dialect]


@pytest.mark.parametrize("dialect", ["2019-09", "2020-12"])
def test_the_table_has_each_vocabulary_keyword_of_the_newer_dialects(dialect):
    registry = jsonschema_specifications.REGISTRY
    address = ADDRESSES[dialect]
    meta = registry[address].contents
    listed = set(meta.get("properties", {}))
    for vocabulary in meta["allOf"]:
        listed |= set(
            registry[address.rsplit("/", 1)[0] + "/" + vocabulary["$ref"]].contents.get(
                "properties", {}
            )
        )

    # 2020-12's meta-schema keeps $recursiveRef and $recursiveAnchor only to read old schemas.
    assert listed - KEYWORDS[dialect] <= {"$recursiveRef", "$recursiveAnchor"}
    assert KEYWORDS[dialect] <= listed


def test_every_dialect_address_is_recognised_in_either_scheme():
    for dialect, address in ADDRESSES.items():
        assert dialect_of({"$schema": address}) == dialect
        assert dialect_of({"$schema": address.replace("http://", "https://")}) == dialect
    assert list(ADDRESSES) == list(ORDER)


def test_a_keyword_of_a_later_dialect_is_reported_as_outside_the_files_dialect():
    plan = json_schema_parse(
        schema("draft-07", codes={"type": "array", "items": {"type": "string"}, "minContains": 2}),
        source="case.json",
    )

    message = findings(plan, "outside_dialect")[pointer("draft-07", "codes", "minContains")]
    assert "2019-09, 2020-12 but not of draft-07" in message
    assert not findings(plan, "non_standard_keyword")


def test_a_keyword_of_the_files_dialect_is_never_called_non_standard():
    plan = json_schema_parse(
        schema("2020-12", code={"type": "string", "$dynamicRef": "#meta"}),
        source="case.json",
    )

    assert (
        "a 2020-12 keyword"
        in findings(plan, "unmappable")[pointer("2020-12", "code", "$dynamicRef")]
    )
    assert not findings(plan, "non_standard_keyword")
    assert dialects_with("$dynamicRef") == ["2020-12"]


def test_a_made_up_keyword_is_still_called_non_standard():
    plan = json_schema_parse(
        schema("2020-12", code={"type": "string", "maxLen": 3}), source="c.json"
    )

    assert pointer("2020-12", "code", "maxLen") in findings(plan, "non_standard_keyword")


def test_draft_04_boolean_exclusive_bounds_keep_their_meaning(steward, db):
    draft = VersionFactory(standard__slug="cases")
    plan = json_schema_parse(
        schema(
            "draft-04",
            rent={"type": "number", "minimum": 0, "exclusiveMinimum": True},
            floors={"type": "integer", "maximum": 10, "exclusiveMaximum": False},
        ),
        source="case.json",
    )
    import_apply(actor=steward, version=draft, plan=plan)
    exported = Exported(draft)

    assert not exported.property_accepts("case", "rent", 0)
    assert exported.property_accepts("case", "rent", 0.01)
    assert exported.property_accepts("case", "floors", 10)
    assert not exported.property_accepts("case", "floors", 11)
    assert pointer("draft-04", "rent", "exclusiveMinimum") in findings(plan, "bound_translated")


def test_an_ecma_pattern_is_kept_and_exported_unchanged(steward, db):
    draft = VersionFactory(standard__slug="cases")
    plan = json_schema_parse(
        schema("2020-12", name={"type": "string", "pattern": r"^\p{L}+$"}), source="case.json"
    )
    import_apply(actor=steward, version=draft, plan=plan)

    assert not findings(plan, "invalid_keyword_value")
    assert Exported(draft).property("case", "name")["pattern"] == r"^\p{L}+$"


def test_a_python_only_pattern_is_reported_and_not_exported(steward, db):
    draft = VersionFactory(standard__slug="cases")
    plan = json_schema_parse(
        schema("2020-12", postcode={"type": "string", "pattern": r"^(?P<area>[A-Z]+)\Z"}),
        source="case.json",
    )
    import_apply(actor=steward, version=draft, plan=plan)

    message = findings(plan, "invalid_keyword_value")[pointer("2020-12", "postcode", "pattern")]
    assert "Python's dialect" in message
    assert "pattern" not in Exported(draft).property("case", "postcode")


def test_an_optional_literal_accepts_null_in_the_export(steward, db):
    # What pydantic writes for ``Literal["house"] | None``.
    draft = VersionFactory(standard__slug="cases")
    plan = json_schema_parse(
        schema("2020-12", kind={"anyOf": [{"const": "house"}, {"type": "null"}], "default": None}),
        source="case.json",
    )
    import_apply(actor=steward, version=draft, plan=plan)
    exported = Exported(draft)

    assert exported.property_accepts("case", "kind", None)
    assert exported.property_accepts("case", "kind", "house")
    assert not exported.property_accepts("case", "kind", "flat")


def test_a_value_too_long_for_its_column_is_refused_at_its_pointer(db):
    draft = VersionFactory(standard__slug="cases")
    document = json.loads(schema("2020-12", code={"type": "string", "format": "date"}))
    document["$defs"]["case"]["title"] = "T" * 201
    plan = json_schema_parse(json.dumps(document), source="case.json")

    report = import_preview(version=draft, plan=plan)

    assert [(issue.code, issue.pointer) for issue in report.errors] == [("too_long", "/$defs/case")]


def test_an_openapi_document_is_read_through_its_component_schemas():
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Repairs", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "job": {
                    "type": "object",
                    "description": "A job.",
                    "properties": {
                        "priority": {"$ref": "#/components/schemas/priority", "description": "P."}
                    },
                },
                "priority": {"type": "string", "enum": ["urgent", "routine"], "description": "P."},
            }
        },
    }

    plan = json_schema_parse(exporters.dumps(document), source="openapi.json")

    assert plan.errors == []
    assert [component.key for component in plan.components] == ["job", "priority"]
    assert plan.components[0].attributes[0].references == "priority"
    assert not findings(plan, "root_keyword_not_imported")
    assert "/components/schemas" in findings(plan, "openapi")
