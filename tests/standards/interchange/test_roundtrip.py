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
from dataclasses import asdict
from pathlib import Path

import pytest

from standards.catalogue.selectors import component_versions_for
from standards.demo.catalogue import data_dir
from standards.interchange import exporters, strict_json
from standards.interchange.importers import code_list_parse, component_key, json_schema_parse
from standards.interchange.importers.json_schema import source_stem
from standards.models import Attribute
from standards.versions.services import import_apply
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


# Strict JSON at every step: file, plan, stored report, database, and each export ---------------

CASES = Path(__file__).parent / "import_cases"
# Files the importer refuses as a whole (test_import_cases.py checks how).
REFUSED = frozenset({"huge-numbers.schema.json", "duplicate-object-keys.schema.json"})
STRICT_SOURCES = [
    *SCHEMA_FILES,
    *sorted(p for p in CASES.glob("*.json") if p.name not in REFUSED),
]


def strict_round_trip(value) -> None:
    """``value`` written as strict JSON reads back as the same value, numbers included."""
    text = strict_json.dumps(value, ensure_ascii=False)
    back = strict_json.loads(text)
    assert strict_json.unrepresentable(back) == []
    assert back == value
    assert strict_json.dumps(back, ensure_ascii=False) == text


def numbers_source() -> tuple[str, bytes]:
    text = (CASES / "huge-numbers.schema.json").read_text()
    text = text.replace("1e400", "1e300").replace("1e-400", "5e-324")
    return "numbers.schema.json", text.encode()


@pytest.mark.parametrize(
    ("name", "content"),
    [*[(path.name, path.read_bytes()) for path in STRICT_SOURCES], numbers_source()],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_every_step_of_import_and_export_is_strict_json(name, content, steward, db):
    plan = json_schema_parse(content, source=name)
    assert plan.errors == []
    strict_round_trip(asdict(plan))

    version = VersionFactory()
    report = import_apply(actor=steward, version=version, plan=plan)
    strict_round_trip(report.as_dict())

    stored = {
        (row.component_version.component.key, row.key): row
        for row in Attribute.objects.filter(component_version__version=version).select_related(
            "component_version__component"
        )
    }
    for component in plan.components:
        for planned in component.attributes:
            row = stored[(component.key, planned.key)]
            # PostgreSQL gives doubles beyond 2^53 back as exact decimal integers.
            stored_values = [row.extra, row.enum_values, row.example]
            assert strict_json.doubles_restored(stored_values) == strict_json.doubles_restored(
                [planned.extra, planned.enum_values, planned.example]
            )
    components = component_versions_for(version=version, with_members=True)
    documents = [
        exporters.bundle_schema(version=version, components=components),
        exporters.openapi_document(version=version, components=components),
        exporters.version_json(version=version, components=components),
        *[exporters.component_schema(version=version, component=row) for row in components],
    ]
    for document in documents:
        strict_round_trip(document)
        assert strict_json.loads(exporters.dumps(document)) == document
    for row in csv.DictReader(io.StringIO(exporters.dictionary_csv(components=components))):
        for column in ("enum_values", "example", "properties"):
            if row[column]:
                strict_round_trip(strict_json.loads(row[column]))


def test_export_refuses_to_write_non_json_numbers():
    with pytest.raises(ValueError, match="JSON compliant"):
        exporters.dumps({"maximum": float("inf")})


def test_numbers_at_the_edges_survive_the_whole_trip(steward, db):
    name, content = numbers_source()
    version = VersionFactory()
    import_apply(actor=steward, version=version, plan=json_schema_parse(content, source=name))
    row = component_versions_for(version=version, with_members=True)[0]

    text = exporters.dumps(exporters.component_schema(version=version, component=row))

    properties = strict_json.loads(text)["properties"]
    assert properties["reading"]["minimum"] == -1.7976931348623157e308
    assert properties["uprn"]["maximum"] == 9007199254740993
    assert properties["tolerance"]["exclusiveMinimum"] == 5e-324
    assert "Infinity" not in text
    assert "NaN" not in text


@pytest.mark.parametrize(
    ("stored", "restored"),
    [
        (10**300, 1e300),
        (-179769313486231570 * 10**291, -1.7976931348623157e308),
        (2**53 + 1, 2**53 + 1),
        (123456789012345678901234567890, 123456789012345678901234567890),
        (10**400, 10**400),
        ({"maximum": [10**300, True, 7]}, {"maximum": [1e300, True, 7]}),
    ],
)
def test_doubles_postgresql_gives_back_as_integers_are_doubles_again(stored, restored):
    result = strict_json.doubles_restored(stored)

    assert result == restored
    assert type(result) is type(restored)
