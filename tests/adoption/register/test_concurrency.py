"""Two people changing the register at the same moment. PostgreSQL only: SQLite serialises
writers for the whole database, so these races cannot happen there."""

import time

import pytest
from django.db import connection

from adoption.exceptions import AdoptionError
from adoption.models import AdoptionEvent, AdoptionRecord
from adoption.register import services as services_register
from standards.models import Component
from standards.versions.services import version_withdraw
from tests.adoption.factories import declare
from tests.community.factories import MemberUserFactory, StewardFactory
from tests.concurrency import race
from tests.standards.factories import publish_small_version

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _race(*actions) -> list[str]:
    return race(*actions, refused=AdoptionError, describe=lambda error: type(error).__name__)


def _slowly(monkeypatch, name: str) -> None:
    """Widen the window between the service's read and its write."""
    original = getattr(services_register, name)

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(services_register, name, slow)


@pytest.fixture
def version():
    if connection.vendor != "postgresql":
        pytest.skip("Row locking races need PostgreSQL")
    return publish_small_version(steward=StewardFactory())


def test_two_edits_from_the_same_page_one_wins_one_is_refused(version, monkeypatch):
    member = MemberUserFactory()
    colleague = MemberUserFactory(organisation=member.organisation)
    record = declare(version=version, keys=("work-order",), member=member)
    components = list(Component.objects.filter(key="work-order", standard=version.standard))
    _slowly(monkeypatch, "_clean_components")

    def edit(actor, status):
        return lambda: services_register.adoption_update(
            actor=actor,
            record=record,
            revision=1,
            components=components,
            status=status,
            system_name="Repairs Hub",
        )

    outcomes = _race(edit(member, "planned"), edit(colleague, "in_development"))

    assert sorted(outcomes) == ["done", "refused: EditConflict"]
    record.refresh_from_db()
    assert record.revision == 2
    assert AdoptionEvent.objects.filter(record=record, kind="updated").count() == 1


def test_the_same_system_declared_twice_at_once_is_stored_once(version, monkeypatch):
    member = MemberUserFactory()
    colleague = MemberUserFactory(organisation=member.organisation)
    _slowly(monkeypatch, "_clean_components")

    outcomes = _race(
        lambda: declare(version=version, keys=("work-order",), member=member),
        lambda: declare(version=version, keys=("work-order",), member=colleague),
    )

    assert sorted(outcomes) == ["done", "refused: InvalidState"]
    assert AdoptionRecord.objects.count() == 1


def test_a_declaration_racing_a_withdrawal_of_its_version_is_refused_or_first(version, monkeypatch):
    member = MemberUserFactory()
    steward = StewardFactory()
    _slowly(monkeypatch, "_clean_components")

    outcomes = race(
        lambda: declare(version=version, keys=("work-order",), member=member),
        lambda: version_withdraw(actor=steward, version=version, reason="Wrong codes"),
        refused=Exception,
        describe=lambda error: type(error).__name__,
    )

    # Whichever locks the version first wins; a declaration is never written after the
    # withdrawal has committed.
    assert "crashed" not in " ".join(outcomes)
    version.refresh_from_db()
    records = AdoptionRecord.objects.count()
    if "refused: VersionNotAdoptable" in outcomes:
        assert records == 0
    else:
        assert records == 1
