"""The register's services: each change, its event and history, and every refusal."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from adoption.choices import AdoptionEventKind, AdoptionStatus
from adoption.exceptions import (
    AdoptionError,
    EditConflict,
    InvalidState,
    NotAllowed,
    VersionNotAdoptable,
)
from adoption.models import AdoptionEvent, AdoptionRecord
from adoption.register import services
from standards.choices import VersionStatus
from standards.models import Component
from standards.versions.services import version_draft_create, version_withdraw
from tests.adoption.factories import declare
from tests.community.factories import MemberUserFactory, OrganisationFactory, UserFactory
from tests.standards.factories import build_standard, publish_with_four_eyes


@pytest.fixture
def catalogue(steward):
    return build_standard(steward=steward)


@pytest.fixture
def member(db):
    return MemberUserFactory()


def _components(version, *keys):
    return list(Component.objects.filter(standard_id=version.standard_id, key__in=keys))


def _declare(member, version, **overrides):
    arguments = {
        "actor": member,
        "organisation": member.organisation,
        "version": version,
        "components": _components(version, "work-order", "property"),
        "status": AdoptionStatus.IN_PRODUCTION,
        "system_name": "Repairs Hub",
        **overrides,
    }
    return services.adoption_declare(**arguments)


# Declaring -------------------------------------------------------------------------------------


def test_member_declares_the_issue_example(catalogue, member):
    record = _declare(member, catalogue.v2, system_name="  Repairs   Hub ")

    assert record.organisation == member.organisation
    assert record.version == catalogue.v2
    assert record.status == AdoptionStatus.IN_PRODUCTION
    assert record.system_name == "Repairs Hub"
    assert record.declared_by == member
    assert set(record.components.values_list("key", flat=True)) == {"work-order", "property"}
    event = AdoptionEvent.objects.get(record=record)
    assert event.kind == AdoptionEventKind.DECLARED
    assert event.actor == member
    assert event.detail["components"] == ["property", "work-order"]
    history = record.history.latest()
    assert {row.component.key for row in history.components.all()} == {"work-order", "property"}


def test_a_superseded_version_can_be_declared(catalogue, member):
    assert catalogue.v1.status == VersionStatus.SUPERSEDED

    assert _declare(member, catalogue.v1).version == catalogue.v1


def test_declaring_for_a_withdrawn_version_is_refused_and_nothing_is_stored(
    catalogue, member, steward
):
    version_withdraw(actor=steward, version=catalogue.v1, reason="Wrong codes")

    with pytest.raises(VersionNotAdoptable, match=r"1\.0\.0 has been withdrawn, so you cannot"):
        _declare(member, catalogue.v1)
    assert not AdoptionRecord.objects.exists()
    assert not AdoptionEvent.objects.exists()


def test_declaring_for_a_draft_is_refused(catalogue, member, steward):
    draft = version_draft_create(
        actor=steward, standard=catalogue.standard, number="1.2.0", base=catalogue.v2
    )

    with pytest.raises(VersionNotAdoptable, match="is a draft"):
        _declare(member, draft)


@pytest.mark.parametrize(
    "who",
    ["other_organisation", "unverified_email", "unverified_organisation", "no_organisation"],
)
def test_only_verified_members_of_the_organisation_declare(catalogue, member, who):
    organisation = member.organisation
    if who == "other_organisation":
        actor = MemberUserFactory()
    elif who == "unverified_email":
        actor = member
        EmailAddress.objects.filter(user=member).update(verified=False)
    elif who == "unverified_organisation":
        actor = MemberUserFactory(organisation=OrganisationFactory(unverified=True))
        organisation = actor.organisation
    else:
        actor = UserFactory()

    with pytest.raises(NotAllowed):
        _declare(member, catalogue.v2, actor=actor, organisation=organisation)
    assert not AdoptionRecord.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"components": []}, "Select the components"),
        ({"system_name": "   "}, "Enter the name of the system"),
        ({"system_name": "x" * 201}, "200 characters or fewer"),
        ({"status": "retired"}, "Select how far"),
    ],
)
def test_bad_declarations_are_refused(catalogue, member, overrides, message):
    with pytest.raises(InvalidState, match=message):
        _declare(member, catalogue.v2, **overrides)


def test_a_component_from_another_version_is_refused(catalogue, member):
    # Damp survey first appears in 1.1.0.
    with pytest.raises(InvalidState, match="Select components that are in"):
        _declare(member, catalogue.v1, components=_components(catalogue.v2, "damp-survey"))


def test_the_same_system_cannot_be_declared_twice_but_can_after_withdrawing(catalogue, member):
    record = _declare(member, catalogue.v2)

    with pytest.raises(InvalidState, match="already declared"):
        _declare(member, catalogue.v2, system_name="REPAIRS HUB")
    services.adoption_withdraw(actor=member, record=record)

    assert _declare(member, catalogue.v2).pk != record.pk


# Changing ----------------------------------------------------------------------------------------


def test_a_colleague_updates_the_declaration(catalogue, member):
    record = _declare(member, catalogue.v2)
    colleague = MemberUserFactory(organisation=member.organisation)

    record = services.adoption_update(
        actor=colleague,
        record=record,
        revision=1,
        components=_components(catalogue.v2, "work-order"),
        status=AdoptionStatus.IN_DEVELOPMENT,
        system_name="Repairs Hub",
    )

    record.refresh_from_db()
    assert record.revision == 2
    assert record.status == AdoptionStatus.IN_DEVELOPMENT
    assert list(record.components.values_list("key", flat=True)) == ["work-order"]
    event = record.events.get(kind=AdoptionEventKind.UPDATED)
    assert event.actor == colleague
    assert event.detail["changed"] == {
        "status": {"from": "in_production", "to": "in_development"},
        "components": {"from": ["property", "work-order"], "to": ["work-order"]},
    }
    assert record.history.count() >= 2


def test_an_update_that_changes_nothing_writes_nothing(catalogue, member):
    record = _declare(member, catalogue.v2)

    services.adoption_update(
        actor=member,
        record=record,
        revision=1,
        components=_components(catalogue.v2, "property", "work-order"),
        status=AdoptionStatus.IN_PRODUCTION,
        system_name="Repairs Hub",
    )

    record.refresh_from_db()
    assert record.revision == 1
    assert record.events.count() == 1


def _update(record, actor, revision=1, **overrides):
    arguments = {
        "actor": actor,
        "record": record,
        "revision": revision,
        "components": _components(record.version, "work-order"),
        "status": AdoptionStatus.PLANNED,
        "system_name": "Repairs Hub",
        **overrides,
    }
    return services.adoption_update(**arguments)


def test_an_update_on_a_stale_revision_is_refused(catalogue, member):
    record = _declare(member, catalogue.v2)
    _update(record, member)

    with pytest.raises(EditConflict):
        _update(record, member, status=AdoptionStatus.IN_PRODUCTION)


def test_someone_from_another_organisation_cannot_update(catalogue, member):
    record = _declare(member, catalogue.v2)

    with pytest.raises(NotAllowed):
        _update(record, MemberUserFactory())


def test_renaming_onto_another_declared_system_is_refused(catalogue, member):
    _declare(member, catalogue.v2, system_name="Other system")
    record = _declare(member, catalogue.v2)

    with pytest.raises(InvalidState, match="already declared"):
        _update(record, member, system_name="other SYSTEM")


# Withdrawing -----------------------------------------------------------------------------------


def test_withdrawing_keeps_the_record_and_refuses_further_changes(catalogue, member):
    record = _declare(member, catalogue.v2)

    record = services.adoption_withdraw(actor=member, record=record)

    assert record.withdrawn_by == member
    assert record.events.filter(kind=AdoptionEventKind.WITHDRAWN).exists()
    with pytest.raises(InvalidState, match="already been withdrawn"):
        services.adoption_withdraw(actor=member, record=record)
    with pytest.raises(InvalidState, match="withdrawn"):
        _update(record, member, revision=record.revision)


def test_withdrawing_needs_a_member_of_the_organisation(catalogue, member):
    record = _declare(member, catalogue.v2)

    with pytest.raises(NotAllowed):
        services.adoption_withdraw(actor=MemberUserFactory(), record=record)


# Hiding ----------------------------------------------------------------------------------------


def test_a_steward_hides_then_shows_a_declaration(catalogue, member, steward):
    record = _declare(member, catalogue.v2)

    record = services.adoption_hide(actor=steward, record=record, reason="  Not a real system ")

    assert record.is_hidden
    assert record.hidden_reason == "Not a real system"
    assert record.hidden_by == steward
    hidden = record.events.get(kind=AdoptionEventKind.HIDDEN)
    assert hidden.reason == "Not a real system"

    record = services.adoption_unhide(actor=steward, record=record, reason="Checked")

    assert not record.is_hidden
    assert record.hidden_reason == ""
    shown = record.events.get(kind=AdoptionEventKind.UNHIDDEN)
    assert shown.detail == {"hidden_reason": "Not a real system"}
    assert shown.reason == "Checked"


def test_hiding_refusals(catalogue, member, steward):
    record = _declare(member, catalogue.v2)

    with pytest.raises(NotAllowed):
        services.adoption_hide(actor=member, record=record, reason="Mine")
    with pytest.raises(InvalidState, match="Enter why"):
        services.adoption_hide(actor=steward, record=record, reason="  ")
    with pytest.raises(InvalidState, match="not hidden"):
        services.adoption_unhide(actor=steward, record=record)
    services.adoption_hide(actor=steward, record=record, reason="False")
    with pytest.raises(InvalidState, match="already hidden"):
        services.adoption_hide(actor=steward, record=record, reason="Again")
    with pytest.raises(NotAllowed):
        services.adoption_unhide(actor=member, record=record)


def test_events_are_append_only(catalogue, member):
    record = _declare(member, catalogue.v2)
    event = record.events.get()

    with pytest.raises(AdoptionError):
        event.save()
    with pytest.raises(AdoptionError):
        event.delete()
    with pytest.raises(AdoptionError):
        AdoptionEvent.objects.update(reason="changed")


# The email when a version is superseded -------------------------------------------------------


def _publish_next(catalogue, steward):
    draft = version_draft_create(
        actor=steward, standard=catalogue.standard, number="1.2.0", base=catalogue.v2
    )
    return publish_with_four_eyes(actor=steward, version=draft)


def test_adopters_of_the_superseded_version_are_emailed(
    catalogue, member, steward, django_capture_on_commit_callbacks
):
    colleague = MemberUserFactory(organisation=member.organisation)
    declare(version=catalogue.v2, member=member, system_name="Repairs Hub")
    hidden = declare(version=catalogue.v2, system_name="Made up")
    services.adoption_hide(actor=steward, record=hidden, reason="Not real")
    declare(version=catalogue.v1, system_name="Old system")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _publish_next(catalogue, steward)

    adoption_mail = [
        message for message in mail.outbox if "replaces the version" in message.subject
    ]
    assert [message.to for message in adoption_mail] == [[member.email]]
    message = adoption_mail[0]
    assert message.subject == (
        f"Damp and mould 1.2.0 replaces the version {member.organisation.name} uses"
    )
    assert "It supersedes version 1.1.0" in message.body
    assert "- Repairs Hub (in production): http://testserver/adoption/register/" in message.body
    assert colleague.email not in {address for m in adoption_mail for address in m.to}


def test_the_organisation_is_emailed_when_nobody_who_declared_still_works_there(
    catalogue, member, steward, django_capture_on_commit_callbacks
):
    declare(version=catalogue.v2, member=member)
    colleague = MemberUserFactory(organisation=member.organisation)
    member.organisation = OrganisationFactory()
    member.save()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _publish_next(catalogue, steward)

    adoption_mail = [
        message for message in mail.outbox if "replaces the version" in message.subject
    ]
    assert [message.to for message in adoption_mail] == [[colleague.email]]


def test_no_adoption_email_without_adopters(catalogue, steward, django_capture_on_commit_callbacks):
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _publish_next(catalogue, steward)

    assert not [message for message in mail.outbox if "replaces the version" in message.subject]


def test_withdrawn_at_is_kept_with_history(catalogue, member):
    record = _declare(member, catalogue.v2)
    before = timezone.now()

    services.adoption_withdraw(actor=member, record=record)

    latest = record.history.latest()
    assert latest.withdrawn_at >= before


def test_the_publication_seam_does_nothing_without_the_app(
    monkeypatch, django_capture_on_commit_callbacks
):
    from standards.notify import services as notifications

    monkeypatch.setattr(notifications.apps, "is_installed", lambda name: name != "adoption")

    with django_capture_on_commit_callbacks() as callbacks:
        notifications._adopters_of_superseded(1)

    assert callbacks == []
