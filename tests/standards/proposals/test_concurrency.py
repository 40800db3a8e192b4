"""Two people acting on proposals at the same moment. PostgreSQL only: SQLite serialises
writers for the whole database, so these races cannot happen there."""

import time

import pytest
from django.db import connection

from standards.exceptions import StandardsError
from standards.models import Proposal
from standards.proposals import services as services_proposals
from standards.proposals.services import proposal_update
from tests.community.factories import StewardFactory
from tests.concurrency import race
from tests.standards.factories import draft_proposal, group_member, publish_small_version

# Threads need committed data, so these tests run outside a wrapping transaction. Serialized
# rollback restores the migrated rows after the flush, as later tests expect.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _race(*actions) -> list[str]:
    return race(*actions, refused=StandardsError, describe=lambda error: type(error).__name__)


def _slowly(monkeypatch, name: str) -> None:
    """Widen the window between a service's read and its write, so that without locks both
    threads would read before either wrote."""
    original = getattr(services_proposals, name)

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(services_proposals, name, slow)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("Row locking races need PostgreSQL")


@pytest.fixture
def version(postgresql):
    return publish_small_version(steward=StewardFactory())


def test_two_proposals_drafted_at_once_get_distinct_numbers(version, monkeypatch):
    first, second = group_member(), group_member()
    _slowly(monkeypatch, "_check_operations")

    outcomes = _race(
        lambda: draft_proposal(author=first, base_version=version),
        lambda: draft_proposal(author=second, base_version=version),
    )

    assert outcomes == ["done", "done"]
    numbers = sorted(Proposal.objects.filter(standard=version.standard).values_list("number"))
    assert numbers == [(1,), (2,)]


def test_two_saves_of_the_same_revision_leave_exactly_one(version, monkeypatch):
    author = group_member()
    proposal = draft_proposal(author=author, base_version=version)
    _slowly(monkeypatch, "_clean_details")

    outcomes = _race(
        lambda: proposal_update(
            actor=author, proposal=proposal, expected_revision=1, title="From the laptop"
        ),
        lambda: proposal_update(
            actor=author, proposal=proposal, expected_revision=1, title="From the phone"
        ),
    )

    assert sorted(outcomes) == ["done", "refused: EditConflict"]
    proposal.refresh_from_db()
    assert proposal.revision == 2
    assert proposal.title in {"From the laptop", "From the phone"}
