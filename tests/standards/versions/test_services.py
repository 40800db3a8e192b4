import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from standards.choices import ComponentKind, DataType, VersionEventKind, VersionStatus
from standards.engine.workflow import ALLOWED_TRANSITIONS, transition_allowed
from standards.exceptions import (
    InvalidState,
    InvalidVersionNumber,
    NotAllowed,
    StandardsError,
    VersionImmutable,
)
from standards.interchange import artefacts
from standards.models import Attribute, Code, ComponentVersion, Standard, StandardVersion
from standards.versions.services import (
    standard_create,
    version_draft_create,
    version_draft_lock,
    version_draft_update,
    version_withdraw,
)
from tests.community.factories import StewardFactory
from tests.standards.factories import (
    AttributeFactory,
    CodeFactory,
    ComponentVersionFactory,
    StandardFactory,
    VersionFactory,
    publish_with_four_eyes,
)

STATUSES = list(VersionStatus)
PAIRS = [(current, target) for current in STATUSES for target in STATUSES if current != target]


def _version_in(status: VersionStatus, **kwargs) -> StandardVersion:
    """A version already in ``status``, written directly as a fixture would be."""
    if status == VersionStatus.DRAFT:
        return VersionFactory(**kwargs)
    version = VersionFactory(published=True, **kwargs)
    if status == VersionStatus.SUPERSEDED:
        version.status, version.superseded_at = status, timezone.now()
        version.save()
    elif status == VersionStatus.WITHDRAWN:
        version.status, version.withdrawn_at = status, timezone.now()
        version.save()
    return version


# The transition table, as the model guard applies it


@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_model_allows_only_transitions_in_the_table(db, current, target):
    version = _version_in(current)
    version.status = target
    if current == VersionStatus.DRAFT and target != VersionStatus.DRAFT:
        version.published_at = timezone.now()
        version.published_by = StewardFactory()
    if target == VersionStatus.SUPERSEDED:
        version.superseded_at = timezone.now()
    if target == VersionStatus.WITHDRAWN:
        version.withdrawn_at = timezone.now()

    if (current, target) in ALLOWED_TRANSITIONS:
        version.save()
        version.refresh_from_db()
        assert version.status == target
    else:
        with pytest.raises(InvalidState):
            version.save()


def test_transition_table_is_the_documented_lifecycle():
    assert {
        (current, target) for current, target in PAIRS if transition_allowed(current, target)
    } == {
        (VersionStatus.DRAFT, VersionStatus.PUBLISHED),
        (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED),
        (VersionStatus.PUBLISHED, VersionStatus.WITHDRAWN),
        (VersionStatus.SUPERSEDED, VersionStatus.WITHDRAWN),
    }


# The transition table, as the services apply it


@pytest.mark.parametrize("current", STATUSES)
def test_publish_from_each_status(steward, current):
    version = _version_in(current, major=2)
    allowed = (current, VersionStatus.PUBLISHED) in ALLOWED_TRANSITIONS

    if allowed:
        assert (
            publish_with_four_eyes(actor=steward, version=version).status == VersionStatus.PUBLISHED
        )
    else:
        with pytest.raises(InvalidState):
            publish_with_four_eyes(actor=steward, version=version)
        version.refresh_from_db()
        assert version.status == current


@pytest.mark.parametrize("current", STATUSES)
def test_withdraw_from_each_status(steward, current):
    version = _version_in(current)
    allowed = (current, VersionStatus.WITHDRAWN) in ALLOWED_TRANSITIONS

    if allowed:
        result = version_withdraw(actor=steward, version=version, reason="Errors in codes")
        assert result.status == VersionStatus.WITHDRAWN
    else:
        with pytest.raises(InvalidState):
            version_withdraw(actor=steward, version=version, reason="Errors in codes")
        version.refresh_from_db()
        assert version.status == current


# Publishing


def test_publish_is_refused_for_a_non_steward(user, draft_with_contents):
    with pytest.raises(NotAllowed):
        publish_with_four_eyes(actor=user, version=draft_with_contents)

    draft_with_contents.refresh_from_db()
    assert draft_with_contents.status == VersionStatus.DRAFT
    assert not draft_with_contents.events.filter(kind=VersionEventKind.PUBLISHED).exists()


def test_publish_records_who_approved_it_and_when(steward, draft_with_contents):
    approver = StewardFactory()
    version = publish_with_four_eyes(actor=steward, version=draft_with_contents, approver=approver)

    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    assert version.published_by == approver
    assert version.published_at is not None


def test_publish_writes_an_event(steward, draft_with_contents):
    approver = StewardFactory()
    publish_with_four_eyes(actor=steward, version=draft_with_contents, approver=approver)

    event = draft_with_contents.events.get(kind=VersionEventKind.PUBLISHED)
    assert (event.kind, event.actor, event.from_status, event.to_status) == (
        VersionEventKind.PUBLISHED,
        approver,
        VersionStatus.DRAFT,
        VersionStatus.PUBLISHED,
    )


def test_publish_can_set_release_notes(steward, draft_with_contents):
    version = publish_with_four_eyes(
        actor=steward, version=draft_with_contents, release_notes="First release"
    )

    version.refresh_from_db()
    assert version.release_notes == "First release"


def test_publish_supersedes_the_previous_version(steward, published_version):
    draft = version_draft_create(
        actor=steward, standard=published_version.standard, number="1.1.0", base=published_version
    )

    publish_with_four_eyes(actor=steward, version=draft)

    published_version.refresh_from_db()
    assert published_version.status == VersionStatus.SUPERSEDED
    assert published_version.superseded_at is not None


def test_publish_writes_a_superseded_event_on_the_previous_version(steward, published_version):
    draft = version_draft_create(actor=steward, standard=published_version.standard, number="2.0.0")

    approver = StewardFactory()
    publish_with_four_eyes(actor=steward, version=draft, approver=approver)

    event = published_version.events.get(kind=VersionEventKind.SUPERSEDED)
    assert event.actor == approver
    assert event.detail == {"superseded_by": "2.0.0"}


def test_publish_generates_artefacts(steward, draft_with_contents, monkeypatch):
    generated = []
    monkeypatch.setattr(
        artefacts, "artefacts_generate", lambda *, version: generated.append(version.status)
    )

    publish_with_four_eyes(actor=steward, version=draft_with_contents)

    assert generated == [VersionStatus.PUBLISHED]


def test_publish_is_rolled_back_when_artefacts_fail(steward, draft_with_contents, monkeypatch):
    def fail(*, version):
        raise RuntimeError("exporter failed")

    monkeypatch.setattr(artefacts, "artefacts_generate", fail)

    with pytest.raises(RuntimeError):
        publish_with_four_eyes(actor=steward, version=draft_with_contents)

    draft_with_contents.refresh_from_db()
    assert draft_with_contents.status == VersionStatus.DRAFT
    assert not draft_with_contents.events.filter(kind=VersionEventKind.PUBLISHED).exists()


def test_publish_refuses_a_number_not_later_than_the_released_one(steward, published_version):
    older = VersionFactory(standard=published_version.standard, major=0, minor=9)

    with pytest.raises(InvalidVersionNumber):
        publish_with_four_eyes(actor=steward, version=older)


def test_publish_refuses_a_reference_to_a_component_missing_from_the_version(steward):
    elsewhere = ComponentVersionFactory()
    entity = ComponentVersionFactory(
        version=VersionFactory(standard=elsewhere.version.standard, major=2)
    )
    AttributeFactory(
        component_version=entity, data_type=DataType.REFERENCE, references=elsewhere.component
    )

    with pytest.raises(InvalidState, match="not in this version"):
        publish_with_four_eyes(actor=steward, version=entity.version)


# Withdrawing


def test_withdraw_is_refused_for_a_non_steward(user, published_version):
    with pytest.raises(NotAllowed):
        version_withdraw(actor=user, version=published_version, reason="Errors")


def test_withdraw_needs_a_reason(steward, published_version):
    with pytest.raises(StandardsError, match="Enter why"):
        version_withdraw(actor=steward, version=published_version, reason="  ")


def test_withdraw_writes_an_event_with_the_reason(steward, published_version):
    version_withdraw(actor=steward, version=published_version, reason="Codes were wrong")

    event = published_version.events.get(kind=VersionEventKind.WITHDRAWN)
    assert event.detail == {"reason": "Codes were wrong"}
    published_version.refresh_from_db()
    assert published_version.withdrawn_reason == "Codes were wrong"


# Drafts


def test_draft_create_is_refused_for_a_non_steward(user):
    with pytest.raises(NotAllowed):
        version_draft_create(actor=user, standard=StandardFactory(), number="1.0.0")


def test_draft_create_writes_a_created_event(steward):
    version = version_draft_create(actor=steward, standard=StandardFactory(), number="1.0.0")

    event = version.events.get()
    assert (event.kind, event.actor, event.to_status) == (
        VersionEventKind.CREATED,
        steward,
        VersionStatus.DRAFT,
    )


@pytest.mark.parametrize("number", ["1.0", "v1.0.0", "01.0.0", "1.0.0-beta", ""])
def test_draft_create_refuses_a_malformed_number(steward, number):
    with pytest.raises(InvalidVersionNumber):
        version_draft_create(actor=steward, standard=StandardFactory(), number=number)


def test_draft_create_refuses_a_number_already_used(steward, published_version):
    with pytest.raises(InvalidVersionNumber, match="already exists"):
        version_draft_create(
            actor=steward,
            standard=published_version.standard,
            number=published_version.number,
        )


def test_draft_create_refuses_a_number_before_the_released_one(steward, published_version):
    with pytest.raises(InvalidVersionNumber, match="must be later"):
        version_draft_create(actor=steward, standard=published_version.standard, number="0.1.0")


def test_draft_create_refuses_a_base_from_another_standard(steward, published_version):
    with pytest.raises(InvalidState):
        version_draft_create(
            actor=steward, standard=StandardFactory(), number="9.0.0", base=published_version
        )


def test_draft_copy_keeps_component_identity_and_member_keys(steward, published_version):
    draft = version_draft_create(
        actor=steward, standard=published_version.standard, number="1.1.0", base=published_version
    )

    def snapshot(version):
        return (
            set(version.component_versions.values_list("component", "name")),
            set(
                Attribute.objects.filter(component_version__version=version).values_list(
                    "component_version__component", "key", "name", "data_type"
                )
            ),
            set(
                Code.objects.filter(component_version__version=version).values_list(
                    "component_version__component", "key", "value", "label"
                )
            ),
        )

    assert snapshot(draft) == snapshot(published_version)
    assert draft.based_on == published_version


def test_draft_copy_makes_new_rows_that_can_be_edited(steward, published_version):
    draft = version_draft_create(
        actor=steward, standard=published_version.standard, number="1.1.0", base=published_version
    )
    copied = Code.objects.get(component_version__version=draft)

    copied.label = "Changed in 1.1.0"
    copied.save()

    original = Code.objects.get(component_version__version=published_version)
    assert original.label != "Changed in 1.1.0"


def test_draft_copy_records_history_for_copied_rows(steward, published_version):
    draft = version_draft_create(
        actor=steward, standard=published_version.standard, number="1.1.0", base=published_version
    )

    copied = Attribute.objects.get(component_version__version=draft)
    assert copied.history.get().history_user == steward


def test_draft_copy_runs_the_same_queries_whatever_the_size(steward):
    def copy_queries(size: int) -> int:
        version = VersionFactory(minor=0)
        for _ in range(size):
            AttributeFactory(component_version__version=version)
            CodeFactory(component_version__version=version)
        version = publish_with_four_eyes(actor=steward, version=version)
        with CaptureQueriesContext(connection) as queries:
            version_draft_create(
                actor=steward, standard=version.standard, number="1.1.0", base=version
            )
        return len(queries)

    assert copy_queries(1) == copy_queries(6)


def test_draft_lock_refuses_a_published_version(steward, published_version):
    with transaction.atomic(), pytest.raises(InvalidState, match="cannot be changed"):
        version_draft_lock(actor=steward, version=published_version)


def test_draft_lock_refuses_a_non_steward(user, draft_with_contents):
    with transaction.atomic(), pytest.raises(NotAllowed):
        version_draft_lock(actor=user, version=draft_with_contents)


def test_draft_update_changes_release_notes(steward, draft_with_contents):
    version_draft_update(actor=steward, version=draft_with_contents, release_notes="Adds codes")

    draft_with_contents.refresh_from_db()
    assert draft_with_contents.release_notes == "Adds codes"


def test_draft_update_is_refused_once_published(steward, published_version):
    with pytest.raises(InvalidState):
        version_draft_update(actor=steward, version=published_version, release_notes="Late")


# Standards


def test_standard_create_is_refused_for_a_non_steward(user):
    with pytest.raises(NotAllowed):
        standard_create(actor=user, name="Repairs", slug="repairs")


def test_standard_create_refuses_a_slug_in_use(steward):
    StandardFactory(slug="repairs")

    with pytest.raises(InvalidState, match="already exists"):
        standard_create(actor=steward, name="Repairs", slug="repairs")


def test_standard_create_creates_a_standard(steward):
    standard = standard_create(actor=steward, name="Repairs", slug="repairs")

    assert Standard.objects.get(slug="repairs") == standard


def test_model_errors_share_the_base_class():
    assert issubclass(VersionImmutable, StandardsError)


def test_copy_keeps_component_kind(steward, published_version):
    draft = version_draft_create(
        actor=steward, standard=published_version.standard, number="1.1.0", base=published_version
    )

    kinds = set(
        ComponentVersion.objects.filter(version=draft).values_list("component__kind", flat=True)
    )
    assert kinds == {ComponentKind.ENTITY, ComponentKind.CODE_LIST}
