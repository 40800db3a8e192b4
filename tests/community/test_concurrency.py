"""Two people acting at the same moment: row locks make exactly one of them succeed.

SQLite serialises writers for the whole database, so these races only exist, and are only
tested, on PostgreSQL.
"""

import time

import pytest
from django.db import connection

from community.choices import JoinRequestStatus, MembershipRole, MembershipStatus
from community.exceptions import CommunityError
from community.models import JoinRequest, Membership
from community.services import common as services
from community.services import join_requests as services_join_requests
from community.services import memberships as services_memberships
from tests.community.factories import ConvenerFactory, JoinRequestFactory, WorkingGroupFactory
from tests.concurrency import race


def _race(*actions) -> list[str]:
    return race(*actions, refused=CommunityError)


# Threads need committed data, so these tests run outside a wrapping transaction. Serialized
# rollback restores the migrated rows (content types, the seeded groups) after the flush, as the
# browser tests expect when they run next.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def postgresql(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Row locking races need PostgreSQL")
    # Widen the window between each service's state check and its write, so that without
    # locks both threads would pass the check before either wrote.
    record = services._record

    def slow_record(*args, **kwargs):
        time.sleep(0.3)
        return record(*args, **kwargs)

    monkeypatch.setattr(services, "_record", slow_record)


def test_two_conveners_deciding_one_request_at_once(postgresql):
    group = WorkingGroupFactory()
    first, second = ConvenerFactory(group=group).user, ConvenerFactory(group=group).user
    join_request = JoinRequestFactory(group=group)

    outcomes = _race(
        lambda: services_join_requests.join_request_approve(actor=first, join_request=join_request),
        lambda: services_join_requests.join_request_reject(
            actor=second, join_request=join_request, reason="Not now"
        ),
    )

    assert sorted(outcome.split(":")[0] for outcome in outcomes) == ["done", "refused"]
    assert "before you" in next(o for o in outcomes if o.startswith("refused"))
    decided = JoinRequest.objects.get(pk=join_request.pk)
    members = Membership.objects.filter(user=join_request.user, status=MembershipStatus.ACTIVE)
    assert members.exists() == (decided.status == JoinRequestStatus.APPROVED)


def test_two_conveners_stepping_down_at_once_leave_one_convener(postgresql):
    group = WorkingGroupFactory()
    first, second = ConvenerFactory(group=group), ConvenerFactory(group=group)

    outcomes = _race(
        lambda: services_memberships.membership_role_change(
            actor=first.user, membership=first, role=MembershipRole.MEMBER
        ),
        lambda: services_memberships.membership_role_change(
            actor=second.user, membership=second, role=MembershipRole.MEMBER
        ),
    )

    assert sorted(outcome.split(":")[0] for outcome in outcomes) == ["done", "refused"]
    assert (
        Membership.objects.filter(
            group=group, role=MembershipRole.CONVENER, status=MembershipStatus.ACTIVE
        ).count()
        == 1
    )
