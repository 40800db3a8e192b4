"""The JSON Schema Test Suite through import, publication and export: no silent wrong verdicts.

``json_schema_test_suite/`` (a copy of ``shared/data/json-schema-test-suite/``; see its
``SOURCE.md``) holds the official suite (draft-07 and 2020-12). Each
group's schema is imported as a file of its own: as it is when it describes an object, otherwise
wrapped as the schema of a property ``value`` (with its definitions kept at the root, so its
references still resolve). The exported root component must give each test the suite's verdict,
or the import report must say, at a pointer, why the export could not keep the schema's meaning
(a keyword it cannot map, a reference it cannot follow). A wrong verdict with nothing in the
report fails the test.

Patterns are checked as ECMA-262, as JSON Schema says, with the portal's own engine.
"""

import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource

from standards.catalogue.selectors import component_versions_for
from standards.engine.patterns import pattern_compile
from standards.interchange import exporters
from standards.interchange.importers import json_schema_parse
from standards.versions.services import import_apply
from tests.standards.factories import StandardFactory, VersionFactory

SUITE = Path(__file__).parent / "json_schema_test_suite"
DIALECTS = {
    "draft7": "http://json-schema.org/draft-07/schema#",
    "draft2020-12": "https://json-schema.org/draft/2020-12/schema",
}
FILES = sorted(SUITE.glob("draft*/*.json"))
# Findings that say nothing about which instances the export accepts.
HARMLESS = frozenset(
    {
        "no_dialect",
        "missing_description",
        "foreign_key_not_inferred",
        "code_list_like",
        "keyword_property_name",
        "no_root_properties",
        "primary_key_mismatch",
        "duplicate_key",
        "key_made_up",
    }
)


def _ecma_pattern(validator, pattern, instance, schema):
    compiled = pattern_compile(pattern)
    if isinstance(instance, str) and compiled is not None and not compiled.search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


EcmaValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, {"pattern": _ecma_pattern}
)


def _document(schema, dialect: str) -> tuple[dict, bool]:
    """The file to import for a group's schema, and whether instances go under ``value``."""
    if isinstance(schema, dict) and ("properties" in schema or schema.get("type") == "object"):
        return {"$schema": DIALECTS[dialect], **schema}, False
    inner, definitions = schema, {}
    if isinstance(schema, dict):
        definitions = {k: schema[k] for k in ("definitions", "$defs") if k in schema}
        inner = {k: v for k, v in schema.items() if k not in {"definitions", "$defs", "$schema"}}
        dialect_address = schema.get("$schema", DIALECTS[dialect])
    else:
        dialect_address = DIALECTS[dialect]
    document = {"$schema": dialect_address, "type": "object", "properties": {"value": inner}}
    return {**document, **definitions}, True


def _verdicts(version, plan):
    rows = component_versions_for(version=version, with_members=True)
    schemas = {
        row.component.key: exporters.component_schema(version=version, component=row)
        for row in rows
    }
    root = next(component.key for component in plan.components if component.pointer == "")
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    return EcmaValidator(schemas[root], registry=registry)


@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_every_wrong_verdict_is_explained_in_the_report(path: Path, steward, db):
    standard = StandardFactory(slug="suite")
    silent = []
    for index, group in enumerate(json.loads(path.read_text())):
        document, wrapped = _document(group["schema"], path.parent.name)
        plan = json_schema_parse(json.dumps(document), source=f"{path.stem}-{index}.json")
        explained = any(issue.code not in HARMLESS for issue in [*plan.warnings, *plan.errors])
        if not plan.ok:
            continue  # Refused, by pointer: nothing is published, so nothing can be wrong.
        version = VersionFactory(standard=standard, major=index + 1)
        import_apply(actor=steward, version=version, plan=plan)
        validator = _verdicts(version, plan)
        for test in group["tests"]:
            instance = {"value": test["data"]} if wrapped else test["data"]
            if validator.is_valid(instance) != test["valid"] and not explained:
                silent.append(f"{group['description']}: {test['description']}")

    assert silent == []
