"""Every way of changing a published version's rows is refused; drafts stay editable."""

import pytest
from django.utils import timezone

from standards.choices import ComponentKind, VersionStatus
from standards.exceptions import InvalidState, VersionImmutable
from standards.models import (
    Attribute,
    Code,
    Component,
    ComponentVersion,
    StandardVersion,
    VersionEvent,
)
from tests.standards.factories import (
    AttributeFactory,
    CodeFactory,
    ComponentFactory,
    ComponentVersionFactory,
    VersionFactory,
)

MEMBERS = {
    "component version": (ComponentVersion, "version"),
    "attribute": (Attribute, "component_version__version"),
    "code": (Code, "component_version__version"),
}


def _member(kind: str, version: StandardVersion):
    model, to_version = MEMBERS[kind]
    return model.objects.filter(**{to_version: version}).order_by("pk").first()


def _unsaved_member(kind: str, version: StandardVersion):
    """A new row that would land in ``version``."""
    if kind == "component version":
        component = ComponentFactory(standard=version.standard)
        return ComponentVersionFactory.build(version=version, component=component)
    if kind == "attribute":
        parent = version.component_versions.get(component__kind=ComponentKind.ENTITY)
        return AttributeFactory.build(component_version=parent)
    parent = version.component_versions.get(component__kind=ComponentKind.CODE_LIST)
    return CodeFactory.build(component_version=parent)


def _draft_member(kind: str, standard):
    draft = VersionFactory(standard=standard, minor=8)
    if kind == "component version":
        return ComponentVersionFactory(version=draft)
    if kind == "attribute":
        return AttributeFactory(component_version__version=draft)
    return CodeFactory(component_version__version=draft)


@pytest.fixture(params=list(MEMBERS))
def kind(request):
    return request.param


# The version row itself


@pytest.mark.parametrize(
    ("field", "value"),
    [("release_notes", "Rewritten"), ("major", 9), ("minor", 9), ("patch", 9)],
)
def test_published_version_fields_cannot_change(published_version, field, value):
    setattr(published_version, field, value)

    with pytest.raises(VersionImmutable, match="cannot be changed"):
        published_version.save()


def test_published_version_cannot_return_to_draft(published_version):
    published_version.status = VersionStatus.DRAFT

    with pytest.raises(InvalidState):
        published_version.save()


def test_published_version_cannot_be_deleted(published_version):
    with pytest.raises(VersionImmutable):
        published_version.delete()

    assert StandardVersion.objects.filter(pk=published_version.pk).exists()


def test_published_version_refuses_queryset_update(published_version):
    with pytest.raises(VersionImmutable):
        StandardVersion.objects.filter(pk=published_version.pk).update(release_notes="Rewritten")


def test_published_version_refuses_queryset_delete(published_version):
    with pytest.raises(VersionImmutable):
        StandardVersion.objects.filter(pk=published_version.pk).delete()


def test_published_version_lifecycle_fields_can_change(published_version):
    published_version.status = VersionStatus.WITHDRAWN
    published_version.withdrawn_at = timezone.now()

    published_version.save()

    published_version.refresh_from_db()
    assert published_version.status == VersionStatus.WITHDRAWN


def test_draft_version_can_change(draft_with_contents):
    draft_with_contents.release_notes = "Added alerts"

    draft_with_contents.save()

    draft_with_contents.refresh_from_db()
    assert draft_with_contents.release_notes == "Added alerts"


def test_draft_version_can_be_deleted_with_its_contents(draft_with_contents):
    draft_with_contents.delete()

    assert not Attribute.objects.exists()
    assert not Code.objects.exists()


# Components, attributes and codes


def test_published_member_cannot_change(published_version, kind):
    row = _member(kind, published_version)
    row.definition = "Rewritten"

    with pytest.raises(VersionImmutable):
        row.save()

    row.refresh_from_db()
    assert row.definition != "Rewritten"


def test_stale_instance_of_published_member_cannot_change(draft_with_contents, steward, kind):
    from tests.standards.factories import publish_with_four_eyes

    row = _member(kind, draft_with_contents)
    publish_with_four_eyes(actor=steward, version=draft_with_contents)
    row.definition = "Rewritten"

    with pytest.raises(VersionImmutable):
        row.save()


def test_published_member_cannot_be_deleted(published_version, kind):
    row = _member(kind, published_version)

    with pytest.raises(VersionImmutable):
        row.delete()

    assert type(row).objects.filter(pk=row.pk).exists()


def test_published_member_refuses_queryset_update(published_version, kind):
    row = _member(kind, published_version)

    with pytest.raises(VersionImmutable):
        type(row).objects.filter(pk=row.pk).update(definition="Rewritten")


def test_published_member_refuses_queryset_delete(published_version, kind):
    row = _member(kind, published_version)

    with pytest.raises(VersionImmutable):
        type(row).objects.filter(pk=row.pk).delete()


def test_published_member_refuses_bulk_update(published_version, kind):
    row = _member(kind, published_version)
    row.definition = "Rewritten"

    with pytest.raises(VersionImmutable):
        type(row).objects.bulk_update([row], ["definition"])


def test_member_cannot_be_added_to_published_version(published_version, kind):
    row = _unsaved_member(kind, published_version)

    with pytest.raises(VersionImmutable):
        row.save()


def test_member_cannot_be_bulk_created_into_published_version(published_version, kind):
    row = _unsaved_member(kind, published_version)

    with pytest.raises(VersionImmutable):
        type(row).objects.bulk_create([row])


def test_draft_member_cannot_move_into_published_version(published_version, kind):
    row = _draft_member(kind, published_version.standard)
    parent = type(row).parent_field
    setattr(row, parent, getattr(_member(kind, published_version), parent))

    with pytest.raises(VersionImmutable):
        row.save()


def test_published_member_cannot_move_into_a_draft(published_version, kind):
    draft_row = _draft_member(kind, published_version.standard)
    row = _member(kind, published_version)
    parent = type(row).parent_field
    setattr(row, parent, getattr(draft_row, parent))

    with pytest.raises(VersionImmutable):
        row.save()


def test_draft_member_can_change(draft_with_contents, kind):
    row = _member(kind, draft_with_contents)
    row.definition = "Clarified"

    row.save()

    row.refresh_from_db()
    assert row.definition == "Clarified"


# Component identity and the event log


def test_component_key_cannot_change_once_published(published_version):
    component = Component.objects.filter(versions__version=published_version).first()
    component.key = "renamed"

    with pytest.raises(VersionImmutable):
        component.save()


def test_component_refuses_queryset_update_once_published(published_version):
    with pytest.raises(VersionImmutable):
        Component.objects.filter(versions__version=published_version).update(key="renamed")


def test_version_event_cannot_change(published_version):
    event = published_version.events.first()
    event.detail = {"rewritten": True}

    with pytest.raises(InvalidState):
        event.save()


def test_version_event_cannot_be_deleted(published_version):
    with pytest.raises(InvalidState):
        published_version.events.first().delete()


def test_version_events_refuse_queryset_update(published_version):
    with pytest.raises(InvalidState):
        VersionEvent.objects.update(detail={})
