"""A version as JSON Schema 2020-12, OpenAPI 3.1, a CSV data dictionary and JSON.

Every function takes rows already loaded (``component_versions_for(..., with_members=True)``)
and is deterministic: components by key, attributes and codes in their display order, and no
timestamps other than the version's own, so the same version always gives the same bytes and
the same ETag.

``$id`` and ``$ref`` are absolute URLs on ``settings.PORTAL_BASE_URL`` (the site's public
address), in the form ``/standards/<standard>/<version>/<component>.schema.json``. In the bundle
each component keeps its own ``$id``, so the same ``$ref`` resolves inside the bundle and
against the separate files.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.conf import settings

from standards.choices import Cardinality, ComponentKind, DataType
from standards.engine.diff import snapshot_attribute, snapshot_code
from standards.interchange import strict_json
from standards.models import Attribute, ComponentVersion, StandardVersion

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BUNDLE = "bundle.schema.json"
OPENAPI = "openapi.json"
DICTIONARY = "dictionary.csv"
VERSION_JSON = "version.json"
SCHEMA_SUFFIX = ".schema.json"

# The data dictionary's columns, in order. Attribute rows leave code columns empty and the
# other way round. Booleans are "true"/"false"; lists and objects are JSON.
DICTIONARY_COLUMNS = (
    "row_type",  # "attribute" or "code"
    "component_key",
    "component_name",
    "component_kind",  # "entity" or "code_list"
    "key",  # the attribute's or code's stable key
    "name",  # attribute: the property name in data; code: its value
    "label",  # code only
    "definition",
    "data_type",  # attribute only: string, integer, number, boolean, date, date-time, reference
    "format",
    "pattern",
    "required",
    "nullable",
    "cardinality",  # one or many
    "references",  # key of the component a reference attribute points to
    "enum_values",  # JSON list
    "example",  # JSON
    "parent_value",  # code only: the parent code's value
    "properties",  # code only: JSON object of extra properties
    "deprecated",
    "replaced_by",
)

_BASE_TYPES: dict[str, dict] = {
    DataType.STRING: {"type": "string"},
    DataType.INTEGER: {"type": "integer"},
    DataType.NUMBER: {"type": "number"},
    DataType.BOOLEAN: {"type": "boolean"},
    DataType.DATE: {"type": "string", "format": "date"},
    DataType.DATE_TIME: {"type": "string", "format": "date-time"},
}


def base_url() -> str:
    return settings.PORTAL_BASE_URL.rstrip("/")


def schema_url(version: StandardVersion, key: str) -> str:
    return f"{base_url()}/standards/{version.standard.slug}/{version.number}/{key}{SCHEMA_SUFFIX}"


def dumps(document: Any) -> str:
    """Strict JSON: a NaN or infinity raises ValueError rather than be written as non-JSON."""
    return strict_json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _sorted(components: Iterable[ComponentVersion]) -> list[ComponentVersion]:
    return sorted(components, key=lambda row: row.component.key)


# JSON Schema ------------------------------------------------------------------------------------


def _attribute_schema(attribute: Attribute, ref_for) -> dict | bool:
    extra = strict_json.doubles_restored(attribute.extra or {})
    if isinstance(extra.get("schema"), bool):
        # A boolean subschema in the source (true: anything; false: nothing), carried as is.
        return extra["schema"]
    if attribute.data_type == DataType.REFERENCE:
        item: dict = {"$ref": ref_for(attribute.references.key)}
    elif extra.get("untyped"):
        item = {}
    else:
        item = dict(_BASE_TYPES[attribute.data_type])
        if extra.get("types"):
            item["type"] = list(extra["types"])
        if attribute.format:
            item["format"] = attribute.format
        if attribute.pattern:
            item["pattern"] = attribute.pattern
    if attribute.enum_values:
        item["enum"] = strict_json.doubles_restored(list(attribute.enum_values))
    many = attribute.cardinality == Cardinality.MANY
    keywords = dict(extra.get("keywords", {}))
    if attribute.nullable and not many and "const" in keywords:
        # ``const`` beside a type list would refuse the null the attribute allows: it goes
        # inside, so ``_nullable`` writes anyOf [{... const}, {"type": "null"}].
        item["const"] = keywords.pop("const")
    if many:
        item.update(extra.get("item_keywords", {}))
        if extra.get("items_nullable"):
            item = _nullable(item)
        schema: dict = {"type": "array"}
        if "array_keywords" in extra:
            # Tuples and boolean items, carried from the source in 2020-12 spelling.
            schema.update(extra["array_keywords"])
        else:
            schema["items"] = item
    else:
        schema = item
    if attribute.nullable:
        schema = _nullable(schema)
    described: dict = {}
    if attribute.definition:
        described["description"] = attribute.definition
    described.update(schema)
    described.update(keywords)
    if attribute.example is not None and "examples" not in described:
        described["examples"] = [strict_json.doubles_restored(attribute.example)]
    if attribute.deprecated:
        described["deprecated"] = True
    return described


def _nullable(schema: dict) -> dict:
    if "$ref" in schema or "const" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    nullable = dict(schema)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        nullable["type"] = types if "null" in types else [*types, "null"]
    if "enum" in nullable and None not in nullable["enum"]:
        nullable["enum"] = [*nullable["enum"], None]
    return nullable


def _component_body(component: ComponentVersion, ref_for) -> dict:
    body: dict = {"title": component.name}
    if component.definition:
        body["description"] = component.definition
    extra = strict_json.doubles_restored(component.extra or {})
    if component.component.kind == ComponentKind.CODE_LIST:
        value_type = extra.get("value_type", "string")
        body["type"] = value_type
        body["enum"] = [_code_value(code.value, value_type) for code in component.codes.all()]
    else:
        attributes = list(component.attributes.all())
        body["type"] = "object"
        body["properties"] = {a.name: _attribute_schema(a, ref_for) for a in attributes}
        required = [a.name for a in attributes if a.required]
        if required:
            body["required"] = required
    body.update(extra.get("keywords", {}))
    if component.deprecated:
        body["deprecated"] = True
    return body


def _code_value(value: str, value_type: str):
    """A code as the number or boolean it stands for, when JSON can hold it exactly; else text."""
    if value_type == "boolean" and value in {"true", "false"}:
        return value == "true"
    if value_type not in {"integer", "number"}:
        return value
    try:
        number = strict_json.loads(value)
    except ValueError:
        return value
    if isinstance(number, bool) or not isinstance(number, int | float):
        return value
    if value_type == "integer" and not isinstance(number, int):
        return value
    return number


def component_schema(*, version: StandardVersion, component: ComponentVersion) -> dict:
    """One component as a standalone JSON Schema 2020-12 document."""
    return {
        "$schema": DIALECT,
        "$id": schema_url(version, component.component.key),
        **_component_body(component, lambda key: schema_url(version, key)),
    }


def bundle_schema(*, version: StandardVersion, components: Iterable[ComponentVersion]) -> dict:
    """Every component in ``$defs``, each an embedded resource with its own ``$id``."""
    defs = {}
    for component in _sorted(components):
        defs[component.component.key] = {
            "$id": schema_url(version, component.component.key),
            **_component_body(component, lambda key: schema_url(version, key)),
        }
    document = {
        "$schema": DIALECT,
        "$id": f"{base_url()}/standards/{version.standard.slug}/{version.number}/{BUNDLE}",
        "title": f"{version.standard.name} {version.number}",
    }
    if version.standard.description:
        document["description"] = version.standard.description
    document["$defs"] = defs
    return document


def openapi_document(*, version: StandardVersion, components: Iterable[ComponentVersion]) -> dict:
    """An OpenAPI 3.1 document with no paths: the components, for use in other APIs."""
    schemas = {
        component.component.key: _component_body(
            component, lambda key: f"#/components/schemas/{key}"
        )
        for component in _sorted(components)
    }
    info: dict = {"title": version.standard.name, "version": version.number}
    if version.standard.description:
        info["description"] = version.standard.description
    return {
        "openapi": "3.1.0",
        "info": info,
        "jsonSchemaDialect": DIALECT,
        "paths": {},
        "components": {"schemas": schemas},
    }


# CSV --------------------------------------------------------------------------------------------


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _json_cell(value) -> str:
    if value in (None, [], {}):
        return ""
    return strict_json.dumps(value, ensure_ascii=False, sort_keys=True)


def dictionary_csv(*, components: Iterable[ComponentVersion]) -> str:
    """The data dictionary: a header row, then one row per attribute and one per code."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(DICTIONARY_COLUMNS)
    for component in _sorted(components):
        common = {
            "component_key": component.component.key,
            "component_name": component.name,
            "component_kind": component.component.kind,
        }
        for attribute in component.attributes.all():
            row = {
                **common,
                "row_type": "attribute",
                "key": attribute.key,
                "name": attribute.name,
                "definition": attribute.definition,
                "data_type": attribute.data_type,
                "format": attribute.format,
                "pattern": attribute.pattern,
                "required": _flag(attribute.required),
                "nullable": _flag(attribute.nullable),
                "cardinality": attribute.cardinality,
                "references": attribute.references.key if attribute.references_id else "",
                "enum_values": _json_cell(attribute.enum_values),
                "example": _json_cell(attribute.example),
                "deprecated": _flag(attribute.deprecated),
                "replaced_by": attribute.replaced_by,
            }
            writer.writerow([row.get(column, "") for column in DICTIONARY_COLUMNS])
        for code in component.codes.all():
            row = {
                **common,
                "row_type": "code",
                "key": code.key,
                "name": code.value,
                "label": code.label,
                "definition": code.definition,
                "parent_value": code.parent_value,
                "properties": _json_cell(code.properties),
                "deprecated": _flag(code.deprecated),
                "replaced_by": code.replaced_by,
            }
            writer.writerow([row.get(column, "") for column in DICTIONARY_COLUMNS])
    return buffer.getvalue()


# The whole version as JSON ----------------------------------------------------------------------


def component_json(component: ComponentVersion) -> dict:
    document = {
        "key": component.component.key,
        "kind": component.component.kind,
        "name": component.name,
        "definition": component.definition,
        "deprecated": component.deprecated,
        "deprecation_note": component.deprecation_note,
        "replaced_by": component.replaced_by.key if component.replaced_by_id else None,
        "extra": component.extra,
    }
    if component.component.kind == ComponentKind.CODE_LIST:
        document["codes"] = [snapshot_code(code) for code in component.codes.all()]
    else:
        document["attributes"] = [snapshot_attribute(a) for a in component.attributes.all()]
    return document


def version_json(*, version: StandardVersion, components: Iterable[ComponentVersion]) -> dict:
    """Everything in the version. The status is left out: it changes, the file does not."""
    return {
        "standard": {
            "slug": version.standard.slug,
            "name": version.standard.name,
            "description": version.standard.description,
        },
        "version": {
            "number": version.number,
            "based_on": version.based_on.number if version.based_on_id else None,
            "published_at": version.published_at.isoformat() if version.published_at else None,
            "release_notes": version.release_notes,
        },
        "components": [component_json(component) for component in _sorted(components)],
    }
