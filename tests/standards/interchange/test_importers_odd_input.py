"""Files that break a parser's limits are reported like any other bad file, never a 500."""

import csv

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from standards.interchange.importers import code_list_parse, json_schema_parse
from standards.models import ComponentVersion, ImportRun
from tests.standards.factories import VersionFactory

UPLOAD_URL = reverse("standards:import_upload")


def deeply_nested(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


def too_long_a_cell() -> str:
    return "code,name\nA," + "x" * (csv.field_size_limit() + 1) + "\n"


def test_json_nested_100000_levels_deep_is_reported_as_too_deep():
    plan = json_schema_parse(deeply_nested(100_000), source="deep.schema.json")

    assert [issue.code for issue in plan.errors] == ["too_deep"]
    assert plan.components == []


def test_json_nested_just_past_the_limit_is_refused_before_the_walk():
    plan = json_schema_parse(deeply_nested(150), source="deep.schema.json")

    assert [issue.code for issue in plan.errors] == ["too_deep"]


def test_a_csv_cell_over_the_field_size_limit_is_reported_with_its_line():
    plan = code_list_parse(too_long_a_cell(), source="codes.csv", key="codes", name="Codes")

    assert [issue.code for issue in plan.errors] == ["unreadable_csv"]
    assert "line 2" in plan.errors[0].message
    assert plan.components == []


@pytest.fixture
def draft(db):
    return VersionFactory(standard__name="Damp and mould")


def test_uploading_deeply_nested_json_shows_the_error_and_imports_nothing(client, steward, draft):
    client.force_login(steward)
    upload = SimpleUploadedFile("deep.schema.json", deeply_nested(100_000).encode())

    response = client.post(
        UPLOAD_URL, {"version": draft.pk, "format": "json_schema", "file": upload}, follow=True
    )

    assert response.status_code == 200
    assert "nested more than 100 levels deep" in response.text
    assert not ImportRun.objects.exists()
    assert not ComponentVersion.objects.filter(version=draft).exists()


def test_uploading_a_csv_with_an_overlong_cell_shows_the_error_and_imports_nothing(
    client, steward, draft
):
    client.force_login(steward)
    upload = SimpleUploadedFile("codes.csv", too_long_a_cell().encode())
    data = {"version": draft.pk, "format": "csv_code_list", "key": "codes", "name": "Codes"}

    response = client.post(UPLOAD_URL, {**data, "file": upload}, follow=True)

    assert response.status_code == 200
    assert "longer than 131,072 characters" in response.text
    assert not ComponentVersion.objects.filter(version=draft).exists()


def test_nul_character_is_refused_by_pointer_before_the_database_sees_it():
    from standards.interchange.importers import json_schema_parse

    plan = json_schema_parse(
        '{"$defs": {"a": {"type": "object", "description": "A\\u0000"}}}', source="nul.json"
    )

    assert [(i.code, i.pointer) for i in plan.errors] == [("nul_character", "/$defs/a/description")]


def test_property_with_an_empty_name_is_reported_not_written():
    from standards.interchange.importers import json_schema_parse

    plan = json_schema_parse(
        '{"$defs": {"a": {"type": "object", "properties": {"": {"type": "string"}}}}}',
        source="empty.json",
    )

    assert plan.components[0].attributes == []
    assert "/$defs/a/properties/" in [i.pointer for i in plan.warnings if i.code == "unmappable"]
