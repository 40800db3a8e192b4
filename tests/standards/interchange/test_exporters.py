import csv
import io
import json

import jsonschema
import pytest

from standards.catalogue.selectors import component_versions_for
from standards.choices import Cardinality, ComponentKind, DataType
from standards.interchange import exporters
from tests.standards.factories import (
    AttributeFactory,
    CodeFactory,
    ComponentVersionFactory,
    VersionFactory,
)


@pytest.fixture
def version(db):
    """A draft with an entity that refers to a code list and to itself, many times."""
    version = VersionFactory(standard__slug="damp", standard__name="Damp")
    job = ComponentVersionFactory(version=version, component__key="job", name="Job")
    codes = ComponentVersionFactory(
        version=version, component__key="priority", name="Priority", kind=ComponentKind.CODE_LIST
    )
    CodeFactory(component_version=codes, value="P1", key="P1", label="Emergency")
    CodeFactory(component_version=codes, value="P2", key="P2", parent_value="P1", sort_order=1)
    AttributeFactory(component_version=job, key="job_id", required=True, sort_order=0)
    AttributeFactory(
        component_version=job,
        key="priority",
        data_type=DataType.REFERENCE,
        references=codes.component,
        nullable=True,
        sort_order=1,
    )
    AttributeFactory(
        component_version=job,
        key="related",
        data_type=DataType.REFERENCE,
        references=job.component,
        cardinality=Cardinality.MANY,
        sort_order=2,
    )
    AttributeFactory(
        component_version=job,
        key="raised",
        data_type=DataType.DATE_TIME,
        nullable=True,
        enum_values=[],
        example="2025-01-01T09:00:00Z",
        sort_order=3,
    )
    return version


@pytest.fixture
def components(version):
    return list(component_versions_for(version=version, with_members=True))


def test_component_schema_passes_metaschema(version, components):
    for component in components:
        schema = exporters.component_schema(version=version, component=component)
        jsonschema.Draft202012Validator.check_schema(schema)


def test_component_schema_id_is_stable_url(version, components):
    job = next(c for c in components if c.component.key == "job")

    schema = exporters.component_schema(version=version, component=job)

    assert schema["$id"].endswith("/standards/damp/1.0.0/job.schema.json")
    assert schema["properties"]["related"]["items"]["$ref"] == schema["$id"]
    assert schema["required"] == ["job_id"]


def test_bundle_passes_metaschema_and_validates_through_refs(version, components):
    bundle = exporters.bundle_schema(version=version, components=components)
    jsonschema.Draft202012Validator.check_schema(bundle)
    job = {"$ref": bundle["$defs"]["job"]["$id"], "$defs": bundle["$defs"]}
    validator = jsonschema.Draft202012Validator(job)

    assert validator.is_valid({"job_id": "1", "priority": "P1", "related": [{"job_id": "2"}]})
    assert not validator.is_valid({"job_id": "1", "priority": "P9"})
    assert validator.is_valid({"job_id": "1", "priority": None, "raised": None})


def test_code_list_schema_is_enum_of_values(version, components):
    priority = next(c for c in components if c.component.key == "priority")

    schema = exporters.component_schema(version=version, component=priority)

    assert (schema["type"], schema["enum"]) == ("string", ["P1", "P2"])


def test_openapi_document_shape(version, components):
    document = exporters.openapi_document(version=version, components=components)

    assert document["openapi"] == "3.1.0"
    assert document["info"] == {
        "title": "Damp",
        "version": "1.0.0",
        "description": document["info"]["description"],
    }
    assert document["paths"] == {}
    assert list(document["components"]["schemas"]) == ["job", "priority"]
    job = document["components"]["schemas"]["job"]
    assert job["properties"]["priority"]["anyOf"][0] == {"$ref": "#/components/schemas/priority"}
    for schema in document["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_dictionary_has_header_and_one_row_per_attribute_and_code(components):
    rows = list(csv.reader(io.StringIO(exporters.dictionary_csv(components=components))))

    assert tuple(rows[0]) == exporters.DICTIONARY_COLUMNS
    assert [(row[0], row[4]) for row in rows[1:]] == [
        ("attribute", "job_id"),
        ("attribute", "priority"),
        ("attribute", "related"),
        ("attribute", "raised"),
        ("code", "P1"),
        ("code", "P2"),
    ]


def test_dictionary_code_row_carries_parent_and_label(components):
    rows = list(csv.DictReader(io.StringIO(exporters.dictionary_csv(components=components))))

    p2 = next(row for row in rows if row["key"] == "P2")
    assert (p2["parent_value"], p2["component_kind"]) == ("P1", "code_list")


def test_version_json_holds_everything_but_status(version, components):
    document = exporters.version_json(version=version, components=components)

    assert document["version"]["number"] == "1.0.0"
    assert "status" not in document["version"]
    job = document["components"][0]
    assert [a["key"] for a in job["attributes"]] == ["job_id", "priority", "related", "raised"]
    assert job["attributes"][1]["references"] == "priority"


def test_output_is_deterministic(version):
    def render():
        components = component_versions_for(version=version, with_members=True)
        return exporters.dumps(exporters.bundle_schema(version=version, components=components))

    assert render() == render()
    assert json.loads(render())["$defs"]
