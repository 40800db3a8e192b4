"""Two stewards approving one release at the same moment: it is published exactly once.

SQLite serialises writers for the whole database, so this race only exists, and is only
tested, on PostgreSQL.
"""

import time

import pytest
from django.db import connection

from standards import services_releases
from standards.choices import ProposalStatus, VersionEventKind, VersionStatus
from standards.exceptions import StandardsError
from standards.models import ProposalEvent, Release, ReleaseStatus, StandardVersion, VersionEvent
from standards.services_releases import release_approve, release_build
from tests.community.factories import StewardFactory
from tests.concurrency import race
from tests.standards.proposal_factories import publish_small_version
from tests.standards.release_factories import accepted_proposal, add_attribute, voters
from tests.standards.voting_factories import new_standard

# Threads need committed data, so these tests run outside a wrapping transaction. Serialized
# rollback restores the migrated rows (content types, the seeded groups) after the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def postgresql(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Row locking races need PostgreSQL")
    # Widen the window between the status check and the write, so that without the lock both
    # approvals would pass the check before either wrote.
    check = services_releases._require_awaiting

    def slow_check(release):
        check(release)
        time.sleep(0.3)

    monkeypatch.setattr(services_releases, "_require_awaiting", slow_check)


def _race(*actions) -> list[str]:
    return race(*actions, refused=StandardsError, timeout=120)


def test_two_approvals_at_once_publish_once(postgresql):
    builder, first, second = StewardFactory(), StewardFactory(), StewardFactory()
    version = publish_small_version(steward=builder, standard=new_standard())
    proposal = accepted_proposal(
        people=voters(), base_version=version, operations=[add_attribute()]
    )
    release = release_build(
        actor=builder,
        standard=version.standard,
        proposals=[proposal],
        number=None,
        notes="Adds a priority.",
    )

    outcomes = _race(
        lambda: release_approve(actor=first, release=release),
        lambda: release_approve(actor=second, release=release),
    )

    assert sorted(outcome.split(":")[0] for outcome in outcomes) == ["done", "refused"]
    assert "has already been published" in next(o for o in outcomes if o.startswith("refused"))
    release = Release.objects.get(pk=release.pk)
    assert release.status == ReleaseStatus.PUBLISHED
    assert (
        StandardVersion.objects.filter(
            standard=version.standard, status=VersionStatus.PUBLISHED
        ).get()
        == release.version
    )
    assert (
        VersionEvent.objects.filter(
            version=release.version, kind=VersionEventKind.PUBLISHED
        ).count()
        == 1
    )
    assert (
        ProposalEvent.objects.filter(proposal=proposal, to_status=ProposalStatus.RELEASED).count()
        == 1
    )
