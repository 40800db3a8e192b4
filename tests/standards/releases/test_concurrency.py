"""Two stewards approving one release at the same moment: it is published exactly once.

SQLite serialises writers for the whole database, so this race only exists, and is only
tested, on PostgreSQL.
"""

import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from standards.choices import ProposalStatus, VersionEventKind, VersionStatus
from standards.exceptions import StandardsError
from standards.models import ProposalEvent, Release, ReleaseStatus, StandardVersion, VersionEvent
from standards.releases import services as services_releases
from standards.releases.services import release_approve, release_build
from tests.community.factories import StewardFactory
from tests.concurrency import race
from tests.standards.factories import (
    accepted_proposal,
    add_attribute,
    new_standard,
    publish_small_version,
    voters,
)

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


def test_six_approvals_through_the_page_publish_once_and_refuse_five_clearly(postgresql):
    builder = StewardFactory()
    approvers = [StewardFactory() for _ in range(6)]
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
    url = reverse("standards:release_approve", args=[version.standard.slug, release.pk])
    release_path = reverse("standards:release_detail", args=[version.standard.slug, release.pk])
    answers: list[tuple[int, str, str]] = []

    def approve(approver):
        def action():
            client = Client()
            client.force_login(approver)
            response = client.post(url)
            answers.append((response.status_code, response.get("Location", ""), response.text))

        return action

    outcomes = _race(*(approve(approver) for approver in approvers))

    assert outcomes == ["done"] * 6
    published = [a for a in answers if a[0] == 302 and a[1] == release.version.get_absolute_url()]
    refused = [a for a in answers if a not in published]
    assert len(published) == 1
    for status, location, page in refused:
        # Refused by the service under its lock, in the error summary; or, for one that
        # arrived after the publication, sent to the release page that says so.
        if status == 400:
            assert "There is a problem" in page
            assert "has already been published by" in page
        else:
            assert (status, location) == (302, release_path)
    assert (
        StandardVersion.objects.filter(
            standard=version.standard, status=VersionStatus.PUBLISHED
        ).count()
        == 1
    )
