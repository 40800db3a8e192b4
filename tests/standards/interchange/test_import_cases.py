"""One test per file in ``import_cases/``: each asserts the behaviour its README states.

The files reproduce faults real publishers make (a copy of the shared ``import-cases`` folder).
Each is imported into a draft and, where it is accepted, exported again; the export is checked
with ``jsonschema`` against instances the README names.
"""

from io import StringIO
from pathlib import Path

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from referencing import Registry, Resource

from standards.catalogue.selectors import component_versions_for
from standards.choices import Cardinality, DataType
from standards.interchange import exporters
from standards.interchange.importers import code_list_parse, json_schema_parse
from standards.interchange.importers.changes import ImportRefused
from standards.models import Attribute, Code, Component, ComponentVersion, ImportRun
from standards.versions.services import import_apply
from tests.standards.factories import VersionFactory

CASES = Path(__file__).parent / "import_cases"


def case(name: str) -> Path:
    return CASES / name


def parse(name: str):
    path = case(name)
    return json_schema_parse(path.read_bytes(), source=path.name)


def warnings(plan, code: str) -> dict[str, str]:
    return {issue.pointer: issue.message for issue in plan.warnings if issue.code == code}


@pytest.fixture
def draft(db):
    return VersionFactory(standard__slug="cases")


class Exported:
    """The draft's components as published JSON Schema, ready to validate instances with."""

    def __init__(self, draft):
        rows = component_versions_for(version=draft, with_members=True)
        self.schemas = {
            row.component.key: exporters.component_schema(version=draft, component=row)
            for row in rows
        }
        self.text = "".join(exporters.dumps(schema) for schema in self.schemas.values())
        self.registry = Registry().with_resources(
            (schema["$id"], Resource.from_contents(schema)) for schema in self.schemas.values()
        )

    def property(self, key: str, name: str):
        return self.schemas[key]["properties"][name]

    def accepts(self, key: str, instance) -> bool:
        validator = jsonschema.Draft202012Validator(self.schemas[key], registry=self.registry)
        return validator.is_valid(instance)

    def property_accepts(self, key: str, name: str, value) -> bool:
        schema = self.property(key, name)
        return jsonschema.Draft202012Validator(schema, registry=self.registry).is_valid(value)


def imported(draft, steward, name: str) -> tuple:
    plan = parse(name)
    import_apply(actor=steward, version=draft, plan=plan)
    return plan, Exported(draft)


def attribute(draft, key: str, name: str) -> Attribute:
    return Attribute.objects.get(
        component_version__version=draft, component_version__component__key=key, name=name
    )


def test_bad_keyword_values_are_reported_and_never_exported(draft, steward):
    plan, exported = imported(draft, steward, "bad-keyword-values.schema.json")

    base = "/definitions/work_order/properties"
    invalid = warnings(plan, "invalid_keyword_value")
    assert '"str"' in invalid[f"{base}/person_alert_id/type"]
    unknown = warnings(plan, "unknown_format")
    assert "^[0-9]{4}" in unknown[f"{base}/value_date/format"]
    assert "regular expression" in unknown[f"{base}/value_date/format"]
    value_date = attribute(draft, "work-order", "value_date")
    assert (value_date.format, value_date.data_type) == ("", DataType.STRING)
    assert "format" not in exported.property("work-order", "value_date")
    assert '"str"' not in exported.text
    assert "0[1-9]|1[012]" not in exported.text
    # The other attributes import normally.
    assert attribute(draft, "work-order", "date_raised").data_type == DataType.DATE
    assert attribute(draft, "work-order", "work_order_id").required is True


def test_refs_differing_in_case_or_section_are_four_missing_references(draft, steward):
    plan, exported = imported(draft, steward, "ref-case-and-section-mismatch.schema.json")

    assert set(warnings(plan, "missing_ref")) == {
        "/properties/health_risk_ratings/items/$ref",
        "/properties/work_orders/items/$ref",
        "/definitions/work_order/properties/trade_code/$ref",
        "/definitions/work_order/properties/risk/$ref",
    }
    # No case-insensitive match, and $defs is not read as definitions.
    assert not Attribute.objects.filter(data_type=DataType.REFERENCE).exists()
    root = exported.property("ref-case-and-section-mismatch-component", "work_orders")
    assert "$ref" not in str(root)


def test_pointer_escapes_resolve_and_keys_are_unique_and_url_safe(draft, steward):
    plan, _exported = imported(draft, steward, "pointer-escapes.schema.json")

    assert warnings(plan, "missing_ref") == {}
    assert warnings(plan, "external_ref") == {}
    targets = {
        a.name: a.references.key
        for a in Attribute.objects.filter(component_version__component__key="holder")
    }
    key_of = {
        row.definition: row.component.key for row in ComponentVersion.objects.filter(version=draft)
    }
    assert targets == {
        "ratio": key_of["Mass-to-charge ratio (name contains a slash)."],
        "tilde": key_of["Name contains a tilde."],
        "order_trap": key_of["Name contains a literal tilde followed by 1."],
        "service": key_of["Name contains spaces."],
        "percent": key_of["Name contains a percent sign."],
    }
    component_keys = list(Component.objects.values_list("key", flat=True))
    assert len(component_keys) == len(set(component_keys)) == 6
    assert all(key.replace("-", "").isalnum() and key.isascii() for key in component_keys)


def test_null_in_enum_openapi_nullable_and_const_are_kept_exactly(draft, steward):
    plan, exported = imported(draft, steward, "nullable-enum-null-const.schema.json")

    accepts = lambda name, value: exported.property_accepts("house", name, value)  # noqa: E731
    for name in ("house_size", "repairs_impact"):
        assert attribute(draft, "house", name).nullable is True
        assert accepts(name, None)
    assert accepts("repairs_impact", "None")
    assert not accepts("house_size", "None")
    assert attribute(draft, "house", "inspection_date").nullable is True
    assert "/$defs/house/properties/inspection_date/nullable" in warnings(plan, "openapi_nullable")
    assert accepts("inspection_date", None)
    assert accepts("inspection_date", "2025-01-31")
    assert '"nullable"' not in exported.text
    assert exported.property("house", "inspection_date")["type"] == ["string", "null"]
    assert accepts("always_null", None)
    assert not any(accepts("always_null", value) for value in ("", "null", 0, False))
    assert exported.accepts("house", {"record_type": "house"})
    assert not exported.accepts("house", {"record_type": "flat"})
    assert not exported.accepts("house", {})


def test_colliding_keys_both_import_and_unicode_and_long_text_are_kept(draft, steward):
    plan, exported = imported(draft, steward, "unicode-collisions-long-text.schema.json")

    collision = warnings(plan, "duplicate_key")["/$defs/work_order"]
    assert "WorkOrder" in collision
    assert "work_order" in collision
    rows = {row.component.key: row for row in ComponentVersion.objects.filter(version=draft)}
    assert len(rows) == 3
    assert {row.definition.split(" name")[0] for row in rows.values()} >= {
        "Old PascalCase",
        "New snake_case",
    }
    building = next(row for row in rows.values() if row.name == "Bâtiment")
    names = set(building.attributes.values_list("name", flat=True))
    assert {"Straße", "Strasse", "房间数量"} <= names
    notes = building.attributes.get(name="survey_notes")
    assert len(notes.definition) > 18_000
    source = parse("unicode-collisions-long-text.schema.json")
    assert notes.definition == source.components[2].attributes[4].definition
    # x- keywords are carried into the export unchanged.
    assert exported.property(building.component.key, "房间数量")["x-unit"] == "rooms"
    assert "/x-ukhds-owner" in warnings(plan, "root_keyword_not_imported")


def test_tuple_items_are_carried_and_prefix_items_in_draft_07_reported(draft, steward):
    plan, exported = imported(draft, steward, "tuple-items.schema.json")

    coordinates = attribute(draft, "location", "coordinates")
    assert (coordinates.cardinality, coordinates.data_type) == (Cardinality.MANY, DataType.NUMBER)
    assert exported.property_accepts("location", "coordinates", [-1.5, 51.2])
    assert not exported.property_accepts("location", "coordinates", ["-1.5", "51.2"])
    assert not exported.property_accepts("location", "coordinates", [1, 2, 3])
    base = "/definitions/location/properties"
    assert f"{base}/coordinates/items" in warnings(plan, "tuple_translated")
    assert (
        "not part of draft-07"
        in warnings(plan, "outside_dialect")[f"{base}/bounding_box/prefixItems"]
    )
    # Validators of a draft-07 file ignore prefixItems, so the export does too.
    assert exported.property_accepts("location", "bounding_box", [1, 2, 3])
    assert not exported.property_accepts("location", "bounding_box", ["a"])


def test_huge_numbers_are_refused_by_pointer_on_the_command_line(draft, steward):
    plan = parse("huge-numbers.schema.json")

    assert {issue.pointer: issue.code for issue in plan.errors} == {
        "/$defs/measurement/properties/reading/maximum": "unrepresentable_number",
        "/$defs/measurement/properties/tolerance/exclusiveMinimum": "unrepresentable_number",
    }
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_json_schema",
            "cases",
            "1.0.0",
            str(case("huge-numbers.schema.json")),
            "--actor",
            steward.email,
            stdout=out,
        )
    assert "1e400" in out.getvalue()
    assert "1e-400" in out.getvalue()
    assert ComponentVersion.objects.count() == 0


def test_huge_numbers_never_500_on_the_web_even_after_confirming(client, draft, steward):
    client.force_login(steward)
    path = case("huge-numbers.schema.json")
    response = client.post(
        reverse("standards:import_upload"),
        {
            "version": draft.pk,
            "format": "json_schema",
            "file": SimpleUploadedFile(path.name, path.read_bytes()),
        },
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    preview = reverse("standards:import_preview", kwargs={"run": run.pk})

    shown = client.get(preview)
    confirmed = client.post(preview)

    assert shown.status_code == confirmed.status_code == 200
    assert "/$defs/measurement/properties/reading/maximum" in confirmed.content.decode()
    assert ComponentVersion.objects.count() == 0


def test_numbers_json_can_hold_are_kept_exactly(draft, steward):
    text = case("huge-numbers.schema.json").read_text()
    text = text.replace("1e400", "1e300").replace("1e-400", "1e-300")
    plan = json_schema_parse(text, source="numbers.schema.json")
    import_apply(actor=steward, version=draft, plan=plan)
    exported = Exported(draft)

    reading = exported.property("measurement", "reading")
    assert reading["minimum"] == -1.7976931348623157e308
    assert exported.property("measurement", "uprn")["maximum"] == 9007199254740993
    assert "9007199254740993" in exported.text
    assert exported.property("measurement", "tolerance")["exclusiveMinimum"] == 1e-300
    assert "Infinity" not in exported.text
    assert "NaN" not in exported.text
    assert exported.property_accepts("measurement", "uprn", 9007199254740993)
    assert not exported.property_accepts("measurement", "uprn", 9007199254740994)


def test_column_names_and_deprecation(draft, steward):
    path = case("column-names-and-deprecation.csv")
    plan = code_list_parse(path.read_bytes(), source=path.name, key="status", name="Status")
    import_apply(actor=steward, version=draft, plan=plan)

    codes = {code.value: code for code in Code.objects.all()}
    assert list(codes) == ["VOID", "LET", "MAJW", "DECANT", "DEMO"]
    assert codes["MAJW"].label == "Major works"
    majw = codes["MAJW"]
    assert (majw.deprecated, majw.deprecation_note, majw.replaced_by) == (
        True,
        "Use DECANT for planned moves out.",
        "DECANT",
    )
    assert majw.properties["deprecated_in"] == "2.1"
    assert codes["DEMO"].deprecated is True
    assert not any(codes[value].deprecated for value in ("VOID", "LET", "DECANT"))
    read = next(issue for issue in plan.notes if issue.code == "columns_read")
    assert "“Title” as the label" in read.message
    assert "“Replaced by” as the code that replaces it" in read.message


def test_keywords_beside_ref_in_draft_07_are_ignored_as_the_source_ignores_them(draft, steward):
    plan, exported = imported(draft, steward, "ref-siblings-draft-07.schema.json")

    priority = attribute(draft, "repair-job", "priority")
    assert (priority.data_type, priority.references.key) == (DataType.REFERENCE, "priority")
    assert exported.property_accepts("repair-job", "priority", "emergency")
    assert exported.property_accepts("repair-job", "out_of_hours_priority", "routine")
    assert not exported.property_accepts("repair-job", "priority", "someday")
    base = "/definitions/repair_job/properties"
    ignored = warnings(plan, "ignored_beside_ref")
    assert {f"{base}/priority/maxLength", f"{base}/out_of_hours_priority/enum"} <= set(ignored)
    assert "draft-07 ignores" in ignored[f"{base}/priority/maxLength"]
    # Titles and descriptions describe, so they stay beside $ref without a word.
    assert f"{base}/contractor/title" not in ignored


def test_keywords_beside_ref_in_2020_12_apply_and_are_exported(draft, steward):
    text = case("ref-siblings-draft-07.schema.json").read_text()
    text = text.replace(
        "http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2020-12/schema"
    )
    plan = json_schema_parse(text, source="repair-job-2020-12.json")
    import_apply(actor=steward, version=draft, plan=plan)
    exported = Exported(draft)

    assert warnings(plan, "ignored_beside_ref") == {}
    assert not exported.property_accepts("repair-job", "priority", "emergency")  # maxLength 6
    assert exported.property_accepts("repair-job", "priority", "urgent")
    assert exported.property_accepts("repair-job", "out_of_hours_priority", "emergency")
    assert not exported.property_accepts("repair-job", "out_of_hours_priority", "routine")


def test_names_given_twice_refuse_the_file_naming_each_pointer(draft, steward):
    plan = parse("duplicate-object-keys.schema.json")

    assert {issue.pointer for issue in plan.errors if issue.code == "duplicate_name"} == {
        "/$defs/tenancy/properties/weekly_rent",
        "/$defs/tenancy/required",
        "/$defs/tenure_type/enum",
        "/description",
    }
    with pytest.raises(ImportRefused):
        import_apply(actor=steward, version=draft, plan=plan)
    assert Component.objects.count() == 0


def test_json_value_kinds_keep_their_kind_in_the_export(draft, steward):
    _plan, exported = imported(draft, steward, "json-value-kinds.schema.json")

    assert exported.accepts("yes-no", True)
    assert exported.accepts("yes-no", False)
    assert not exported.accepts("yes-no", "true")
    assert exported.accepts("room-count", 3)
    assert not exported.accepts("room-count", "3")
    assert exported.property_accepts("survey", "previous_address", None)
    assert exported.accepts("previous-address", None)
    assert exported.accepts("previous-address", {"line_1": "1 High Street"})
    for value in (0, False, "0", "", None):
        assert exported.property_accepts("survey", "heating_answer", value), value
    for value in (1, True, "false", "zero"):
        assert not exported.property_accepts("survey", "heating_answer", value), value
    charge = exported.property("survey", "weekly_charge")
    assert (charge["multipleOf"], charge["minimum"], charge["default"]) == (0.01, 0, -1)
    formats = {
        name: exported.property("survey", name)["format"]
        for name in ("survey_id", "evidence_link", "time_to_fix")
    }
    assert formats == {
        "survey_id": "uuid",
        "evidence_link": "uri-reference",
        "time_to_fix": "duration",
    }


def test_invisible_characters_in_codes_refuse_the_file_naming_line_and_character(draft, steward):
    path = case("invisible-characters-in-codes.csv")
    plan = code_list_parse(path.read_bytes(), source=path.name, key="damp", name="Damp codes")

    messages = {issue.line: issue.message for issue in plan.errors if issue.code == "bad_code"}
    assert set(messages) == {3, 5, 6}
    assert "ZERO WIDTH SPACE (U+200B) after “DAMP2”" in messages[3]
    assert "(U+FEFF) at the start" in messages[5]
    assert "SOFT HYPHEN (U+00AD) after “MOU”" in messages[6]
    with pytest.raises(ImportRefused):
        import_apply(actor=steward, version=draft, plan=plan)
    assert Code.objects.count() == 0


def test_invisible_characters_in_codes_never_500_on_the_web(client, draft, steward):
    client.force_login(steward)
    path = case("invisible-characters-in-codes.csv")
    response = client.post(
        reverse("standards:import_upload"),
        {
            "version": draft.pk,
            "format": "csv_code_list",
            "file": SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv"),
            "key": "damp",
            "name": "Damp codes",
        },
    )

    assert response.status_code == 302
    preview = client.get(response.url)
    confirmed = client.post(response.url)

    assert preview.status_code == confirmed.status_code == 200
    assert "ZERO WIDTH SPACE (U+200B)" in preview.content.decode()
    assert Code.objects.count() == 0


def test_every_case_is_covered():
    covered = {
        "bad-keyword-values.schema.json",
        "ref-case-and-section-mismatch.schema.json",
        "pointer-escapes.schema.json",
        "nullable-enum-null-const.schema.json",
        "unicode-collisions-long-text.schema.json",
        "tuple-items.schema.json",
        "huge-numbers.schema.json",
        "column-names-and-deprecation.csv",
        "ref-siblings-draft-07.schema.json",
        "duplicate-object-keys.schema.json",
        "json-value-kinds.schema.json",
        "invisible-characters-in-codes.csv",
    }
    assert {path.name for path in CASES.iterdir() if path.name != "README.md"} == covered


def test_refused_case_writes_nothing(draft, steward):
    with pytest.raises(ImportRefused):
        import_apply(actor=steward, version=draft, plan=parse("huge-numbers.schema.json"))

    assert Component.objects.count() == ComponentVersion.objects.count() == 0
