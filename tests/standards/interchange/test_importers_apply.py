import json

import pytest

from standards.choices import ComponentKind, DataType
from standards.demo.catalogue import data_dir
from standards.exceptions import InvalidState, NotAllowed
from standards.interchange.importers import ImportRefused, code_list_parse, json_schema_parse
from standards.models import Attribute, Code, Component, ComponentVersion
from standards.versions.services import import_apply, import_preview
from tests.standards.factories import (
    ComponentVersionFactory,
    VersionFactory,
    publish_with_four_eyes,
)

WORK_ORDER = data_dir() / "ukhds-damp-and-mould" / "work_order.schema.json"


def work_order_plan():
    return json_schema_parse(WORK_ORDER.read_bytes(), source=WORK_ORDER.name)


def schema_plan(properties: dict, *, key="thing"):
    document = {"definitions": {key: {"type": "object", "description": "A thing.", **properties}}}
    return json_schema_parse(json.dumps(document), source="thing.json")


def counts():
    return (
        Component.objects.count(),
        ComponentVersion.objects.count(),
        Attribute.objects.count(),
        Code.objects.count(),
    )


@pytest.fixture
def draft(db):
    return VersionFactory()


def test_apply_creates_components_attributes_and_references(draft, steward):
    report = import_apply(actor=steward, version=draft, plan=work_order_plan())

    assert report.totals()["components"]["created"] == 14
    assert report.totals()["attributes"]["created"] == 87
    root = ComponentVersion.objects.get(version=draft, component__key="work-order-component")
    reference = root.attributes.get(name="work_order")
    assert (reference.data_type, reference.references.key) == (DataType.REFERENCE, "work-order")


def test_reimporting_same_file_changes_nothing(draft, steward):
    import_apply(actor=steward, version=draft, plan=work_order_plan())
    before = counts()

    report = import_apply(actor=steward, version=draft, plan=work_order_plan())

    assert counts() == before
    assert not report.has_changes
    assert report.totals()["components"] == {"created": 0, "updated": 0, "unchanged": 14}


def test_reimport_updates_only_the_differences(draft, steward):
    import_apply(
        actor=steward,
        version=draft,
        plan=schema_plan(
            {
                "properties": {
                    "a": {"type": "string", "description": "A."},
                    "b": {"type": "string", "description": "B."},
                }
            }
        ),
    )

    plan = schema_plan(
        {
            "properties": {
                "a": {"type": "integer", "description": "A."},
                "c": {"type": "string", "description": "C."},
            }
        }
    )
    report = import_apply(actor=steward, version=draft, plan=plan)

    rows = {row.key: (row.action, list(row.changes)) for row in report.components[0].attributes}
    assert rows == {"a": ("updated", ["data_type"]), "c": ("created", []), "b": ("removed", [])}
    assert set(Attribute.objects.values_list("key", "data_type")) == {
        ("a", DataType.INTEGER),
        ("c", DataType.STRING),
    }


def test_error_refuses_and_leaves_nothing(draft, steward):
    bad = code_list_parse("code,name\nA,Apple\nA,Again\n", source="c.csv", key="c", name="C")
    before = counts()

    with pytest.raises(ImportRefused) as refused:
        import_apply(actor=steward, version=draft, plan=bad)

    assert [issue.code for issue in refused.value.report.errors] == ["duplicate_code"]
    assert counts() == before


def test_unparseable_json_refuses(draft, steward):
    with pytest.raises(ImportRefused):
        import_apply(
            actor=steward, version=draft, plan=json_schema_parse(b"{", source="broken.json")
        )

    assert counts() == (0, 0, 0, 0)


def test_published_version_refuses(draft_with_contents, steward):
    published = publish_with_four_eyes(actor=steward, version=draft_with_contents)

    with pytest.raises(InvalidState):
        import_apply(actor=steward, version=published, plan=work_order_plan())


def test_preview_reports_not_a_draft_as_an_error(draft_with_contents, steward):
    published = publish_with_four_eyes(actor=steward, version=draft_with_contents)

    report = import_preview(version=published, plan=work_order_plan())

    assert [issue.code for issue in report.errors] == ["not_draft"]


def test_preview_writes_nothing(draft):
    report = import_preview(version=draft, plan=work_order_plan())

    assert report.totals()["components"]["created"] == 14
    assert counts() == (0, 0, 0, 0)


def test_non_steward_refused(draft, user):
    with pytest.raises(NotAllowed):
        import_apply(actor=user, version=draft, plan=work_order_plan())


def test_kind_mismatch_refuses(draft, steward):
    ComponentVersionFactory(version=draft, component__key="thing", kind=ComponentKind.CODE_LIST)

    with pytest.raises(ImportRefused) as refused:
        import_apply(actor=steward, version=draft, plan=schema_plan({"properties": {}}))

    assert [issue.code for issue in refused.value.report.errors] == ["kind_mismatch"]


def test_code_list_reimport_is_idempotent(draft, steward):
    path = data_dir() / "person-alert-codes.csv"

    def plan():
        return code_list_parse(
            path.read_bytes(), source=path.name, key="person-alert-codes", name="Alerts"
        )

    import_apply(actor=steward, version=draft, plan=plan())
    report = import_apply(actor=steward, version=draft, plan=plan())

    assert Code.objects.count() == 146
    assert report.totals()["codes"]["unchanged"] == 146


def test_import_writes_history_attributed_to_actor(draft, steward):
    import_apply(actor=steward, version=draft, plan=work_order_plan())

    assert Attribute.history.filter(history_user=steward).count() == 87


def test_value_longer_than_its_column_is_refused_before_writing(draft, steward):
    plan = schema_plan(
        {"title": "T" * 201, "properties": {"code": {"type": "string", "description": "C."}}}
    )

    with pytest.raises(ImportRefused) as refused:
        import_apply(actor=steward, version=draft, plan=plan)

    (error,) = refused.value.report.errors
    assert (error.code, error.pointer) == ("too_long", "/definitions/thing")
    assert "201 characters" in error.message
    assert counts() == (0, 0, 0, 0)


def test_a_long_pattern_is_kept_whole(draft, steward):
    pattern = "^(" + "|".join(f"CODE{number:04d}" for number in range(300)) + ")$"
    plan = schema_plan(
        {"properties": {"code": {"type": "string", "description": "C.", "pattern": pattern}}}
    )

    import_apply(actor=steward, version=draft, plan=plan)

    assert Attribute.objects.get(name="code").pattern == pattern
