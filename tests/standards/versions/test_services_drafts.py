"""Opening a draft as a copy (every field, with history) and deleting a draft."""

import pytest
from django.utils import timezone

from standards.choices import Cardinality, ComponentKind, DataType, VersionStatus
from standards.exceptions import InvalidState, NotAllowed
from standards.models import (
    Attribute,
    Code,
    Component,
    ComponentVersion,
    Release,
    ReleaseStatus,
    StandardVersion,
    VersionEvent,
)
from standards.versions.services import (
    version_draft_create,
    version_draft_delete,
    version_draft_update,
    version_withdraw,
)
from tests.standards.factories import (
    AttributeFactory,
    CodeFactory,
    ComponentVersionFactory,
    VersionFactory,
    publish_with_four_eyes,
)

COPIED_ELSEWHERE = {"id", "version", "component_version"}


def _fields(row) -> dict:
    return {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if field.name not in COPIED_ELSEWHERE
    }


@pytest.fixture
def rich_version(steward):
    """A published version whose rows set every field to something other than its default."""
    version = VersionFactory()
    alerts = ComponentVersionFactory(
        version=version,
        kind=ComponentKind.CODE_LIST,
        component__key="alerts",
        name="Alerts",
        sort_order=3,
        extra={"x-source": ["a", {"b": 1}]},
    )
    old = ComponentVersionFactory(
        version=version,
        component__key="old",
        name="Old",
        deprecated=True,
        deprecation_note="Use Alerts.",
        replaced_by=alerts.component,
    )
    AttributeFactory(
        component_version=old,
        key="level",
        name="level",
        definition="How bad.",
        data_type=DataType.REFERENCE,
        references=alerts.component,
        format="uri",
        pattern="^[A-Z]+$",
        required=True,
        nullable=True,
        cardinality=Cardinality.MANY,
        enum_values=["A", "B"],
        example={"nested": [1, 2]},
        deprecated=True,
        deprecation_note="Gone soon.",
        replaced_by="severity",
        sort_order=7,
        extra={"minLength": 1},
    )
    CodeFactory(component_version=alerts, value="MED", label="Medical")
    CodeFactory(
        component_version=alerts,
        value="MED1",
        key="med-1",
        label="Wheelchair",
        definition="Uses one.",
        parent_value="MED",
        properties={"is_critical": True},
        deprecated=True,
        deprecation_note="Merged.",
        replaced_by="MED",
        sort_order=2,
    )
    return publish_with_four_eyes(actor=steward, version=version)


def test_a_copy_keeps_every_field_of_every_row(steward, rich_version):
    draft = version_draft_create(
        actor=steward, standard=rich_version.standard, number="1.1.0", base=rich_version
    )

    for model, parent in (
        (ComponentVersion, "version"),
        (Attribute, "component_version__version"),
        (Code, "component_version__version"),
    ):
        source = [_fields(row) for row in model.objects.filter(**{parent: rich_version})]
        copied = [_fields(row) for row in model.objects.filter(**{parent: draft})]
        if model is ComponentVersion:
            # Publication computes fingerprints afresh; a draft starts without them.
            assert all(row.pop("fingerprint") == "" for row in copied)
            assert all(row.pop("fingerprint") for row in source)
        key = "component_id" if model is ComponentVersion else "key"
        assert sorted(copied, key=lambda row: row[key]) == sorted(source, key=lambda row: row[key])


def test_copied_members_belong_to_the_copied_components(steward, rich_version):
    draft = version_draft_create(
        actor=steward, standard=rich_version.standard, number="1.1.0", base=rich_version
    )

    for model in (Attribute, Code):
        for row in model.objects.filter(component_version__version=draft).select_related(
            "component_version"
        ):
            original = model.objects.get(
                component_version__version=rich_version, key=row.key
            ).component_version
            assert row.component_version.component_id == original.component_id


def test_a_copy_records_a_created_history_row_for_each_copied_row(steward, rich_version):
    before = timezone.now()
    draft = version_draft_create(
        actor=steward, standard=rich_version.standard, number="1.1.0", base=rich_version
    )

    for model, parent in (
        (ComponentVersion, "version"),
        (Attribute, "component_version__version"),
        (Code, "component_version__version"),
    ):
        rows = list(model.objects.filter(**{parent: draft}))
        history = model.history.filter(id__in=[row.pk for row in rows])
        assert history.count() == len(rows)
        for record in history:
            assert record.history_type == "+"
            assert record.history_user == steward
            assert record.history_date >= before
            row = next(row for row in rows if row.pk == record.id)
            tracked = {field.attname for field in model.history.model.tracked_fields}
            assert {name: getattr(record, name) for name in tracked} == {
                name: getattr(row, name) for name in tracked
            }


def test_copying_into_a_version_that_is_not_a_draft_is_refused(steward, rich_version):
    from standards.versions.services import _version_contents_copy

    with pytest.raises(InvalidState):
        _version_contents_copy(source=rich_version, target=rich_version, actor=steward)


# Deleting a draft --------------------------------------------------------------------------------


@pytest.fixture
def draft(steward, rich_version):
    return version_draft_create(
        actor=steward, standard=rich_version.standard, number="1.1.0", base=rich_version
    )


def test_deleting_a_draft_removes_it_and_its_contents(steward, draft, rich_version):
    row_ids = {
        model: set(
            model.objects.filter(
                **{"version" if model is ComponentVersion else "component_version__version": draft}
            ).values_list("pk", flat=True)
        )
        for model in (ComponentVersion, Attribute, Code)
    }

    version_draft_delete(actor=steward, version=draft)

    assert not StandardVersion.objects.filter(pk=draft.pk).exists()
    assert not VersionEvent.objects.filter(version_id=draft.pk).exists()
    for model, ids in row_ids.items():
        assert not model.objects.filter(pk__in=ids).exists()
    # The version it was copied from is untouched.
    assert rich_version.component_versions.count() == 2
    assert Attribute.objects.filter(component_version__version=rich_version).count() == 1


def test_deleting_a_draft_is_recorded_in_history_naming_the_steward(steward, draft):
    ids = {
        model: list(
            model.objects.filter(
                **{"version" if model is ComponentVersion else "component_version__version": draft}
            ).values_list("pk", flat=True)
        )
        for model in (ComponentVersion, Attribute, Code)
    }

    version_draft_delete(actor=steward, version=draft)

    deleted = StandardVersion.history.get(id=draft.pk, history_type="-")
    assert deleted.history_user == steward
    for model, pks in ids.items():
        records = model.history.filter(id__in=pks, history_type="-")
        assert records.count() == len(pks)
        assert {record.history_user for record in records} == {steward}


def test_deleting_a_draft_removes_components_only_it_had(steward, rich_version):
    draft = version_draft_create(actor=steward, standard=rich_version.standard, number="2.0.0")
    new = ComponentVersionFactory(version=draft, component__key="brand-new")
    kept = ComponentVersionFactory(
        version=draft, component=rich_version.component_versions.first().component
    )

    version_draft_delete(actor=steward, version=draft)

    assert not Component.objects.filter(pk=new.component_id).exists()
    assert Component.objects.filter(pk=kept.component_id).exists()


def test_only_a_steward_can_delete_a_draft(user, draft):
    with pytest.raises(NotAllowed):
        version_draft_delete(actor=user, version=draft)

    assert StandardVersion.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("status", [VersionStatus.PUBLISHED, VersionStatus.WITHDRAWN])
def test_a_version_that_has_been_published_cannot_be_deleted(steward, rich_version, status):
    if status == VersionStatus.WITHDRAWN:
        rich_version = version_withdraw(actor=steward, version=rich_version, reason="Wrong")

    with pytest.raises(InvalidState, match="cannot be deleted"):
        version_draft_delete(actor=steward, version=rich_version)

    assert rich_version.component_versions.exists()


def _release(draft, base, steward, status) -> Release:
    return Release.objects.create(
        standard=draft.standard,
        version=draft,
        base_version=base,
        notes="Notes",
        impact="minor",
        built_by=steward,
        draft_fingerprint="0" * 64,
        status=status,
    )


def test_a_draft_in_a_release_awaiting_approval_cannot_be_deleted(steward, draft, rich_version):
    _release(draft, rich_version, steward, ReleaseStatus.AWAITING_APPROVAL)

    with pytest.raises(InvalidState, match="Withdraw the request for approval"):
        version_draft_delete(actor=steward, version=draft)

    assert StandardVersion.objects.filter(pk=draft.pk).exists()


def test_a_withdrawn_release_request_is_deleted_with_its_draft(steward, draft, rich_version):
    release = _release(draft, rich_version, steward, ReleaseStatus.WITHDRAWN)

    version_draft_delete(actor=steward, version=draft)

    assert not Release.objects.filter(pk=release.pk).exists()
    assert Release.history.get(id=release.pk, history_type="-").history_user == steward


def test_a_draft_another_draft_was_copied_from_cannot_be_deleted(steward, draft):
    version_draft_create(actor=steward, standard=draft.standard, number="1.2.0", base=draft)

    with pytest.raises(InvalidState, match=r"Delete version 1\.2\.0 first"):
        version_draft_delete(actor=steward, version=draft)


def test_deleting_a_draft_twice_says_it_is_gone(steward, draft):
    stale = StandardVersion.objects.get(pk=draft.pk)
    version_draft_delete(actor=steward, version=draft)

    with pytest.raises(InvalidState, match="already been deleted"):
        version_draft_delete(actor=steward, version=stale)


def test_editing_release_notes_writes_a_version_event(steward, draft):
    version_draft_update(actor=steward, version=draft, release_notes="New notes.")

    event = draft.events.order_by("pk").last()
    assert (event.kind, event.actor) == ("notes_edited", steward)


def test_saving_the_same_release_notes_writes_no_event(steward, draft):
    version_draft_update(actor=steward, version=draft, release_notes="Same.")
    count = draft.events.count()

    version_draft_update(actor=steward, version=draft, release_notes="Same.")

    assert draft.events.count() == count
