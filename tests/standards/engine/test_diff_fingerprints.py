"""Content fingerprints, and the version diff that skips components whose fingerprint matches."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from standards.catalogue.selectors import component_versions_differing, component_versions_for
from standards.engine.diff import (
    diff_versions,
    fingerprint_component,
    snapshot_attribute,
    snapshot_code,
    snapshot_component,
    snapshot_version,
)
from standards.models import Attribute, Code, Component, ComponentVersion
from standards.versions.services import version_draft_create
from tests.standards.factories import build_standard, publish_with_four_eyes

SHA256_HEX = 64


def _prints(version) -> dict[str, str]:
    return dict(
        ComponentVersion.objects.filter(version=version).values_list(
            "component__key", "fingerprint"
        )
    )


def _full_diff(old, new):
    """The diff of every component, members and all: what the fast path must reproduce."""
    return diff_versions(
        snapshot_version(component_versions_for(version=old, with_members=True)),
        snapshot_version(component_versions_for(version=new, with_members=True)),
        old_number=old.number,
        new_number=new.number,
    )


def _fast_diff(old, new):
    old_rows, new_rows = component_versions_differing(old=old, new=new)
    return diff_versions(
        snapshot_version(old_rows),
        snapshot_version(new_rows),
        old_number=old.number,
        new_number=new.number,
    )


@pytest.fixture
def catalogue(steward):
    return build_standard(steward=steward, size=3)


@pytest.fixture
def republished(catalogue, steward):
    """1.2.0: a copy of 1.1.0 with one attribute of the work order changed, then published."""
    draft = version_draft_create(
        actor=steward, standard=catalogue.standard, number="1.2.0", base=catalogue.v2
    )
    Attribute.objects.filter(
        component_version__version=draft,
        component_version__component__key="work-order",
        key="description",
    ).update(definition="What to do, in plain English.")
    return publish_with_four_eyes(actor=steward, version=draft)


def test_publication_stores_each_components_fingerprint(published_version):
    rows = component_versions_for(version=published_version, with_members=True)

    for row in rows:
        assert len(row.fingerprint) == SHA256_HEX
        assert row.fingerprint == fingerprint_component(row)


def test_drafts_have_no_fingerprints_even_when_copied_from_a_published_version(catalogue, steward):
    draft = version_draft_create(
        actor=steward, standard=catalogue.standard, number="2.0.0", base=catalogue.v2
    )

    assert set(_prints(draft).values()) == {""}


def test_identical_content_has_identical_fingerprints(catalogue, republished):
    before, after = _prints(catalogue.v2), _prints(republished)

    unchanged = {key for key in before if key != "work-order"}
    assert {key: after[key] for key in unchanged} == {key: before[key] for key in unchanged}


def test_a_changed_attribute_changes_its_components_fingerprint(catalogue, republished):
    assert _prints(republished)["work-order"] != _prints(catalogue.v2)["work-order"]


def test_member_order_is_not_content(catalogue):
    """The diff ignores ``sort_order``, so the fingerprint must too."""
    row = component_versions_for(version=catalogue.v2, with_members=True).get(
        component__key="person-alert-codes"
    )
    before = fingerprint_component(row)
    codes = list(row.codes.all())
    for code in codes:
        code.sort_order = 1000 - code.sort_order
    row._prefetched_objects_cache["codes"] = list(reversed(codes))

    assert fingerprint_component(row) == before


def test_snapshot_fields_are_pinned():
    """Stored fingerprints hash these fields. Changing them needs a migration to recompute
    every non-draft ``ComponentVersion.fingerprint``; then update this list."""
    component = ComponentVersion(pk=1, name="Work order", component=Component(key="k"))
    component._prefetched_objects_cache = {"attributes": [], "codes": []}

    assert sorted(snapshot_component(component)) == [
        "attributes",
        "codes",
        "definition",
        "deprecated",
        "deprecation_note",
        "extra",
        "key",
        "kind",
        "name",
        "replaced_by",
    ]
    assert sorted(snapshot_attribute(Attribute())) == sorted(
        [
            "key",
            "name",
            "definition",
            "data_type",
            "format",
            "pattern",
            "required",
            "nullable",
            "cardinality",
            "references",
            "enum_values",
            "example",
            "deprecated",
            "deprecation_note",
            "replaced_by",
            "extra",
        ]
    )
    assert sorted(snapshot_code(Code())) == sorted(
        [
            "key",
            "value",
            "label",
            "definition",
            "parent_value",
            "properties",
            "deprecated",
            "deprecation_note",
            "replaced_by",
        ]
    )


def test_diff_loads_members_only_for_the_changed_component(
    catalogue, republished, django_assert_num_queries
):
    # Two queries for each version's components, then attributes and codes of what differs.
    with django_assert_num_queries(4):
        old_rows, new_rows = component_versions_differing(old=catalogue.v2, new=republished)

    assert [row.component.key for row in old_rows] == ["work-order"]
    assert [row.component.key for row in new_rows] == ["work-order"]
    assert {row.component_version_id for row in new_rows[0].attributes.all()} == {new_rows[0].pk}
    (change,) = _fast_diff(catalogue.v2, republished).components
    assert [(item.key, item.change) for item in change.attributes] == [("description", "changed")]


def test_diff_of_a_version_with_itself_loads_no_members(catalogue, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert component_versions_differing(old=catalogue.v2, new=catalogue.v2) == ([], [])


@pytest.mark.parametrize("reverse", [False, True])
def test_skipping_unchanged_components_gives_the_same_diff(catalogue, republished, reverse):
    for old, new in ((catalogue.v1, catalogue.v2), (catalogue.v1, republished)):
        if reverse:
            old, new = new, old

        assert _fast_diff(old, new).as_json() == _full_diff(old, new).as_json()


def test_a_drafts_components_are_all_compared(catalogue, steward):
    draft = version_draft_create(
        actor=steward, standard=catalogue.standard, number="2.0.0", base=catalogue.v2
    )
    Code.objects.filter(component_version__version=draft, value="MED").update(label="Health")

    old_rows, new_rows = component_versions_differing(old=catalogue.v2, new=draft)

    assert len(old_rows) == len(new_rows) == ComponentVersion.objects.filter(version=draft).count()
    assert _fast_diff(catalogue.v2, draft).as_json() == _full_diff(catalogue.v2, draft).as_json()


def test_a_fingerprint_in_a_draft_is_not_trusted(catalogue, steward):
    """Whatever wrote it, a draft's fingerprint may be stale, so the diff ignores it."""
    draft = version_draft_create(
        actor=steward, standard=catalogue.standard, number="2.0.0", base=catalogue.v2
    )
    for key, fingerprint in _prints(catalogue.v2).items():
        ComponentVersion.objects.filter(version=draft, component__key=key).update(
            fingerprint=fingerprint
        )
    Code.objects.filter(component_version__version=draft, value="MED").update(label="Health")

    diff = _fast_diff(catalogue.v2, draft)

    assert [change.key for change in diff.components] == ["person-alert-codes"]


def test_migration_back_fills_fingerprints_of_versions_that_left_draft(catalogue, steward):
    draft = version_draft_create(
        actor=steward, standard=catalogue.standard, number="2.0.0", base=catalogue.v2
    )
    expected = {version.pk: _prints(version) for version in (catalogue.v1, catalogue.v2)}
    migration = importlib.import_module("standards.migrations.0003_componentversion_fingerprint")
    state = MigrationExecutor(connection).loader.project_state(
        ("standards", "0003_componentversion_fingerprint")
    )
    # Historical models have no immutability guards, as when the migration first ran.
    state.apps.get_model("standards", "ComponentVersion").objects.update(fingerprint="")

    migration.fingerprints_backfill(state.apps, None)

    assert {pk: _prints(pk) for pk in expected} == expected
    assert set(_prints(draft).values()) == {""}
