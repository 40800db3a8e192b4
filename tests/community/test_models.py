import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from community.choices import (
    GROUP_TRANSITIONS,
    INVITATION_TRANSITIONS,
    JOIN_REQUEST_TRANSITIONS,
    MEMBERSHIP_TRANSITIONS,
    GroupStatus,
    InvitationStatus,
    JoinRequestStatus,
    MembershipStatus,
    can_transition,
)
from community.models import JoinRequest, Membership, MembershipEvent, Organisation
from tests.community.factories import (
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    OrganisationFactory,
)

ALLOWED = {
    (MembershipStatus.ACTIVE, MembershipStatus.LEFT),
    (MembershipStatus.ACTIVE, MembershipStatus.REMOVED),
    (JoinRequestStatus.PENDING, JoinRequestStatus.APPROVED),
    (JoinRequestStatus.PENDING, JoinRequestStatus.REJECTED),
    (JoinRequestStatus.PENDING, JoinRequestStatus.WITHDRAWN),
    (InvitationStatus.PENDING, InvitationStatus.ACCEPTED),
    (InvitationStatus.PENDING, InvitationStatus.REVOKED),
    (InvitationStatus.PENDING, InvitationStatus.EXPIRED),
    (GroupStatus.ACTIVE, GroupStatus.ARCHIVED),
}
TABLES = [
    (MEMBERSHIP_TRANSITIONS, MembershipStatus),
    (JOIN_REQUEST_TRANSITIONS, JoinRequestStatus),
    (INVITATION_TRANSITIONS, InvitationStatus),
    (GROUP_TRANSITIONS, GroupStatus),
]
PAIRS = [
    (table, current, new)
    for table, statuses in TABLES
    for current, new in itertools.product(statuses.values, repeat=2)
]


@pytest.mark.parametrize(("table", "current", "new"), PAIRS)
def test_every_status_transition_is_allowed_or_refused_as_designed(table, current, new):
    assert can_transition(table, current, new) == ((current, new) in ALLOWED)


def test_membership_events_cannot_be_changed(db):
    event = MembershipEvent.objects.create(kind="member_left")

    event.reason = "Rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_membership_events_cannot_be_deleted(db):
    event = MembershipEvent.objects.create(kind="member_left")

    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_the_database_refuses_a_second_pending_request(db):
    join_request = JoinRequestFactory()

    with pytest.raises(IntegrityError):
        JoinRequest.objects.create(
            user=join_request.user, group=join_request.group, statement="Again"
        )


def test_the_database_refuses_two_active_memberships_of_one_group(db):
    membership = MembershipFactory()

    with pytest.raises(IntegrityError):
        Membership.objects.create(user=membership.user, group=membership.group)


def test_the_database_refuses_a_duplicate_identifier(db):
    OrganisationFactory(identifier="L4390")

    with pytest.raises(IntegrityError):
        Organisation.objects.create(name="Another", type="housing_association", identifier="L4390")


def test_organisation_validation_normalises_and_checks_the_identifier(db):
    organisation = Organisation(name="Keystone", type="technology_supplier", identifier="sc 123456")

    organisation.full_clean()

    assert organisation.identifier == "SC123456"


def test_organisation_validation_refuses_an_identifier_of_the_wrong_type(db):
    organisation = Organisation(name="Keystone", type="technology_supplier", identifier="E06000023")

    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "identifier" in error.value.message_dict


def test_an_invitation_past_its_expiry_date_is_expired(db):
    invitation = InvitationFactory(expired=True)

    assert invitation.is_expired()
    assert not invitation.is_open


def test_event_summaries_read_as_sentences(db):
    membership = MembershipFactory(user__first_name="Jo", user__last_name="Bloggs")
    event = MembershipEvent.objects.create(
        kind="role_changed",
        actor=membership.user,
        subject=membership.user,
        group=membership.group,
        details={"from": "member", "to": "convener"},
    )

    assert event.summary == "Jo Bloggs changed Jo Bloggs's role from member to convener"
