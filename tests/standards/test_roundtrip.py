"""Import every shared file, export it again, and compare what the two describe.

Both sides are reduced to the same normal form: per component, its description, required list
and, per property, type (with format), reference target, nullability, cardinality, enum and
description. Known, reported defects are normalised the way the importer reports them: a
``$ref`` to a missing definition is a string, and ``required`` names with no property are
dropped.
"""

import csv
import io
import json

import pytest

from standards import exporters
from standards.demo import data_dir
from standards.importers import code_list_parse, component_key, json_schema_parse
from standards.importers.json_schema import source_stem
from standards.selectors import component_versions_for
from standards.services import import_apply
from tests.standards.factories import VersionFactory

SCHEMA_FILES = sorted((data_dir() / "ukhds-damp-and-mould").glob("*.json"))


def _unwrap_null(schema: dict) -> tuple[dict, bool]:
    for keyword in ("anyOf", "oneOf"):
        options = schema.get(keyword)
        if options and len(options) == 2 and {"type": "null"} in options:
            other = next(o for o in options if o != {"type": "null"})
            rest = {k: v for k, v in schema.items() if k != keyword}
            return {**other, **rest}, True
    return schema, False


def _types(schema: dict) -> list[str]:
    value = schema.get("type", [])
    return [value] if isinstance(value, str) else list(value)


def normal_property(schema: dict, resolve) -> dict:
    schema, nullable = _unwrap_null(schema)
    types = _types(schema)
    nullable = nullable or "null" in types
    types = [t for t in types if t != "null"]
    many = types == ["array"]
    description = schema.get("description", "")
    if many:
        schema, _ = _unwrap_null(schema["items"])
        description = description or schema.get("description", "")
        types = [t for t in _types(schema) if t != "null"]
    target = resolve(schema["$ref"]) if "$ref" in schema else None
    kind = (
        ("reference", target)
        if target
        else (types[0] if types else "string", schema.get("format", ""))
    )
    return {
        "type": kind,
        "nullable": nullable,
        "many": many,
        "enum": [v for v in schema.get("enum", []) if v is not None],
        "description": description.strip(),
    }


def normal_component(schema: dict, resolve) -> dict:
    properties = schema.get("properties", {})
    return {
        "description": schema.get("description", "").strip(),
        "required": sorted(set(schema.get("required", [])) & set(properties)),
        "properties": {name: normal_property(value, resolve) for name, value in properties.items()},
    }


def normal_source(document: dict, source: str) -> dict:
    definitions = {**document.get("definitions", {}), **document.get("$defs", {})}

    def resolve(ref: str):
        name = ref.rsplit("/", 1)[-1]
        return component_key(name) if name in definitions else None

    normal = {
        component_key(name): normal_component(schema, resolve)
        for name, schema in definitions.items()
    }
    if "properties" in document:
        normal[f"{component_key(source_stem(source))}-component"] = normal_component(
            document, resolve
        )
    return normal


def normal_export(bundle: dict) -> dict:
    def resolve(ref: str):
        return ref.rsplit("/", 1)[-1].removesuffix(".schema.json")

    return {key: normal_component(schema, resolve) for key, schema in bundle["$defs"].items()}


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda path: path.name)
def test_json_schema_round_trip(path, steward, db):
    version = VersionFactory()
    import_apply(
        actor=steward,
        version=version,
        plan=json_schema_parse(path.read_bytes(), source=path.name),
    )
    components = component_versions_for(version=version, with_members=True)

    bundle = exporters.bundle_schema(version=version, components=components)

    source = normal_source(json.loads(path.read_text()), path.name)
    assert normal_export(bundle) == source


def test_csv_round_trip(steward, db):
    path = data_dir() / "person-alert-codes.csv"
    version = VersionFactory()
    plan = code_list_parse(
        path.read_bytes(), source=path.name, key="person-alert-codes", name="Person alert codes"
    )
    import_apply(actor=steward, version=version, plan=plan)
    components = component_versions_for(version=version, with_members=True)

    dictionary = csv.DictReader(io.StringIO(exporters.dictionary_csv(components=components)))
    exported = {row["name"]: row for row in dictionary if row["row_type"] == "code"}

    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = exported[row["code"]]
            properties = json.loads(code["properties"])
            assert (code["parent_value"], code["label"]) == (row["parent_code"], row["subname"])
            assert properties["name"] == row["name"]
            assert properties["category"] == row["category"]
            assert properties["is_critical"] == (row["is_critical"] == "true")
            assert properties["is_awaab_relevant"] == (row["is_awaab_relevant"] == "true")
            assert properties["repairs_impact"] == row["repairs_impact"]
            assert properties["support_required"] == row["support_required"]
