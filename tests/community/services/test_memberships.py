import pytest

from community.choices import EventKind, MembershipRole, MembershipStatus
from community.exceptions import (
    DuplicateError,
    InvalidStateError,
    LastConvenerError,
    NotAllowedError,
)
from community.models import Membership, MembershipEvent
from community.services import groups as services_groups
from community.services import memberships as services_memberships
from tests.community.factories import ConvenerFactory, MembershipFactory, UserFactory


def test_a_member_leaves_a_group(member, member_membership):
    services_memberships.membership_leave(
        actor=member, membership=member_membership, reason="New job"
    )

    member_membership.refresh_from_db()
    assert member_membership.status == MembershipStatus.LEFT
    assert member_membership.ended_at is not None
    event = MembershipEvent.objects.get(kind=EventKind.MEMBER_LEFT)
    assert (event.actor, event.subject, event.reason) == (member, member, "New job")


def test_nobody_can_leave_on_someone_elses_behalf(convener, member_membership):
    with pytest.raises(NotAllowedError):
        services_memberships.membership_leave(actor=convener, membership=member_membership)


def test_the_last_convener_cannot_leave(convener, convener_membership):
    with pytest.raises(LastConvenerError, match=r"only convener .* cannot leave yet"):
        services_memberships.membership_leave(actor=convener, membership=convener_membership)
    convener_membership.refresh_from_db()
    assert convener_membership.is_active


def test_a_convener_can_leave_when_another_convener_remains(group, convener, convener_membership):
    ConvenerFactory(group=group)

    services_memberships.membership_leave(actor=convener, membership=convener_membership)

    convener_membership.refresh_from_db()
    assert convener_membership.status == MembershipStatus.LEFT


def test_leaving_twice_is_refused(member, member_membership):
    services_memberships.membership_leave(actor=member, membership=member_membership)

    with pytest.raises(InvalidStateError, match="no longer a member"):
        services_memberships.membership_leave(actor=member, membership=member_membership)


def test_a_convener_removes_a_member_with_a_reason(
    convener, member, member_membership, mailoutbox, send_emails
):
    with send_emails:
        services_memberships.membership_remove(
            actor=convener, membership=member_membership, reason="Left the sector"
        )

    member_membership.refresh_from_db()
    assert member_membership.status == MembershipStatus.REMOVED
    event = MembershipEvent.objects.get(kind=EventKind.MEMBER_REMOVED)
    assert (event.actor, event.subject, event.reason) == (convener, member, "Left the sector")
    assert mailoutbox[0].to == [member.email]
    assert "Left the sector" in mailoutbox[0].body


def test_removing_without_a_reason_is_refused(convener, member_membership):
    with pytest.raises(Exception, match="Enter a reason"):
        services_memberships.membership_remove(
            actor=convener, membership=member_membership, reason=""
        )
    member_membership.refresh_from_db()
    assert member_membership.is_active


@pytest.mark.parametrize("who", ["outsider", "other_convener"])
def test_only_conveners_and_stewards_remove_members(member_membership, who, request):
    with pytest.raises(NotAllowedError):
        services_memberships.membership_remove(
            actor=request.getfixturevalue(who), membership=member_membership, reason="No"
        )


def test_a_member_cannot_remove_another_member(group, member, convener):
    other = MembershipFactory(group=group)

    with pytest.raises(NotAllowedError):
        services_memberships.membership_remove(actor=member, membership=other, reason="No")


def test_a_convener_cannot_remove_themselves(convener, convener_membership):
    with pytest.raises(NotAllowedError, match="Leave this group"):
        services_memberships.membership_remove(
            actor=convener, membership=convener_membership, reason="Me"
        )


def test_a_steward_cannot_remove_the_last_convener(steward, convener_membership):
    with pytest.raises(LastConvenerError, match="Make another member a convener"):
        services_memberships.membership_remove(
            actor=steward, membership=convener_membership, reason="Gone"
        )
    convener_membership.refresh_from_db()
    assert convener_membership.is_active


def test_a_convener_promotes_a_member(convener, member, member_membership, mailoutbox, send_emails):
    with send_emails:
        services_memberships.membership_role_change(
            actor=convener, membership=member_membership, role=MembershipRole.CONVENER
        )

    member_membership.refresh_from_db()
    assert member_membership.role == MembershipRole.CONVENER
    event = MembershipEvent.objects.get(kind=EventKind.ROLE_CHANGED)
    assert event.details == {
        "from": "member",
        "to": "convener",
        "membership": member_membership.pk,
    }
    assert mailoutbox[0].to == [member.email]
    assert "You are now a convener" in mailoutbox[0].subject


def test_changing_to_the_same_role_changes_nothing(convener, member_membership, mailoutbox):
    services_memberships.membership_role_change(
        actor=convener, membership=member_membership, role=MembershipRole.MEMBER
    )

    assert not MembershipEvent.objects.filter(kind=EventKind.ROLE_CHANGED).exists()
    assert mailoutbox == []


def test_the_last_convener_cannot_step_down(convener, convener_membership):
    with pytest.raises(LastConvenerError, match="You are the only convener"):
        services_memberships.membership_role_change(
            actor=convener, membership=convener_membership, role=MembershipRole.MEMBER
        )
    convener_membership.refresh_from_db()
    assert convener_membership.role == MembershipRole.CONVENER


def test_a_convener_can_step_down_once_another_is_promoted(
    convener, convener_membership, member_membership
):
    services_memberships.membership_role_change(
        actor=convener, membership=member_membership, role=MembershipRole.CONVENER
    )

    services_memberships.membership_role_change(
        actor=convener, membership=convener_membership, role=MembershipRole.MEMBER
    )

    convener_membership.refresh_from_db()
    assert convener_membership.role == MembershipRole.MEMBER


@pytest.mark.parametrize("who", ["member", "outsider", "other_convener"])
def test_only_conveners_and_stewards_change_roles(member_membership, who, request):
    with pytest.raises(NotAllowedError):
        services_memberships.membership_role_change(
            actor=request.getfixturevalue(who),
            membership=member_membership,
            role=MembershipRole.CONVENER,
        )


def test_a_steward_appoints_a_convener_from_outside_the_group(
    group, steward, mailoutbox, send_emails
):
    person = UserFactory()

    with send_emails:
        membership = services_groups.convener_appoint(actor=steward, group=group, person=person)

    assert membership.role == MembershipRole.CONVENER
    assert MembershipEvent.objects.get(kind=EventKind.MEMBER_JOINED).details["role"] == "convener"
    assert mailoutbox[0].to == [person.email]


def test_a_steward_appoints_an_existing_member_as_convener(
    steward, group, member, member_membership
):
    services_groups.convener_appoint(actor=steward, group=group, person=member)

    member_membership.refresh_from_db()
    assert member_membership.role == MembershipRole.CONVENER
    assert Membership.objects.filter(user=member, group=group).count() == 1


def test_appointing_an_existing_convener_is_refused(steward, group, convener):
    with pytest.raises(InvalidStateError, match="already a convener"):
        services_groups.convener_appoint(actor=steward, group=group, person=convener)


def test_only_stewards_appoint_conveners(group, convener, outsider):
    with pytest.raises(NotAllowedError):
        services_groups.convener_appoint(actor=convener, group=group, person=outsider)


def test_a_steward_adds_a_member_directly(steward, group, outsider):
    membership = services_memberships.membership_add(
        actor=steward, group=group, person=outsider, role=MembershipRole.MEMBER
    )

    assert membership.is_active
    assert MembershipEvent.objects.filter(kind=EventKind.MEMBER_JOINED, subject=outsider).exists()


def test_adding_an_existing_member_is_refused(steward, group, member):
    with pytest.raises(DuplicateError):
        services_memberships.membership_add(
            actor=steward, group=group, person=member, role="member"
        )


def test_rejoining_after_leaving_starts_a_new_membership(group, steward, member, member_membership):
    services_memberships.membership_leave(actor=member, membership=member_membership)

    services_memberships.membership_add(actor=steward, group=group, person=member, role="member")

    assert Membership.objects.filter(user=member, group=group).count() == 2
