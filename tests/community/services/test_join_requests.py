import pytest

from community.choices import EventKind, JoinRequestStatus, MembershipRole, MembershipStatus
from community.exceptions import (
    CommunityError,
    DuplicateError,
    InvalidStateError,
    NotAllowedError,
)
from community.models import JoinRequest, Membership, MembershipEvent
from community.services import join_requests as services_join_requests
from tests.community.factories import JoinRequestFactory, UserFactory, WorkingGroupFactory


def test_asking_to_join_creates_a_pending_request(group, convener, outsider):
    join_request = services_join_requests.join_request_create(
        actor=outsider, group=group, statement="I run our repairs data."
    )

    assert join_request.status == JoinRequestStatus.PENDING
    assert join_request.statement == "I run our repairs data."


def test_asking_to_join_writes_an_event(group, convener, outsider):
    services_join_requests.join_request_create(actor=outsider, group=group, statement="Please")

    event = MembershipEvent.objects.get(kind=EventKind.REQUEST_MADE)
    assert (event.actor, event.subject, event.group) == (outsider, outsider, group)


def test_asking_to_join_emails_the_conveners(group, convener, outsider, mailoutbox, send_emails):
    with send_emails:
        services_join_requests.join_request_create(actor=outsider, group=group, statement="Please")

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [convener.email]
    assert str(outsider) in mailoutbox[0].subject
    assert "/manage/" in mailoutbox[0].body


def test_no_email_is_sent_until_the_transaction_commits(
    group, convener, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services_join_requests.join_request_create(actor=outsider, group=group, statement="Please")

    assert len(callbacks) == 1
    assert mailoutbox == []


def test_a_second_pending_request_to_the_same_group_is_refused(group, outsider):
    services_join_requests.join_request_create(actor=outsider, group=group, statement="First")

    with pytest.raises(DuplicateError, match="You already asked to join"):
        services_join_requests.join_request_create(actor=outsider, group=group, statement="Second")
    assert JoinRequest.objects.filter(user=outsider).count() == 1


def test_a_member_cannot_ask_to_join_again(group, member):
    with pytest.raises(InvalidStateError, match="already a member"):
        services_join_requests.join_request_create(actor=member, group=group, statement="Again")


def test_a_person_without_an_organisation_is_asked_to_give_one_first(group):
    person = UserFactory()

    with pytest.raises(CommunityError, match="Tell us which organisation"):
        services_join_requests.join_request_create(actor=person, group=group, statement="Please")
    assert not JoinRequest.objects.exists()


def test_an_archived_group_takes_no_requests(outsider):
    group = WorkingGroupFactory(archived=True)

    with pytest.raises(InvalidStateError, match="archived"):
        services_join_requests.join_request_create(actor=outsider, group=group, statement="Please")


def test_approving_a_request_makes_the_person_a_member(group, convener):
    join_request = JoinRequestFactory(group=group)

    services_join_requests.join_request_approve(
        actor=convener, join_request=join_request, reason="Welcome"
    )

    membership = Membership.objects.get(user=join_request.user, group=group)
    assert (membership.role, membership.status) == (MembershipRole.MEMBER, MembershipStatus.ACTIVE)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.APPROVED
    assert join_request.decided_by == convener


def test_approving_a_request_writes_approval_and_joining_events(group, convener):
    join_request = JoinRequestFactory(group=group)

    services_join_requests.join_request_approve(actor=convener, join_request=join_request)

    kinds = set(MembershipEvent.objects.filter(group=group).values_list("kind", flat=True))
    assert {EventKind.REQUEST_APPROVED, EventKind.MEMBER_JOINED} <= kinds


def test_approving_a_request_emails_the_requester(group, convener, mailoutbox, send_emails):
    join_request = JoinRequestFactory(group=group)

    with send_emails:
        services_join_requests.join_request_approve(
            actor=convener, join_request=join_request, reason="Welcome"
        )

    assert mailoutbox[0].to == [join_request.user.email]
    assert "approved" in mailoutbox[0].subject
    assert "Welcome" in mailoutbox[0].body


def test_rejecting_a_request_records_the_reason_and_emails_the_requester(
    group, convener, mailoutbox, send_emails
):
    join_request = JoinRequestFactory(group=group)

    with send_emails:
        services_join_requests.join_request_reject(
            actor=convener, join_request=join_request, reason="This group is for councils"
        )

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.REJECTED
    assert join_request.decision_reason == "This group is for councils"
    assert not Membership.objects.filter(user=join_request.user).exists()
    event = MembershipEvent.objects.get(kind=EventKind.REQUEST_REJECTED)
    assert event.reason == "This group is for councils"
    assert "rejected" in mailoutbox[0].subject
    assert "This group is for councils" in mailoutbox[0].body


def test_rejecting_without_a_reason_is_refused(group, convener):
    join_request = JoinRequestFactory(group=group)

    with pytest.raises(CommunityError, match="Enter a reason"):
        services_join_requests.join_request_reject(
            actor=convener, join_request=join_request, reason=" "
        )
    join_request.refresh_from_db()
    assert join_request.is_pending


def test_a_request_already_decided_by_another_convener_is_refused(group, convener):
    second_convener = Membership.objects.create(
        user=UserFactory(first_name="Sam", last_name="Second"),
        group=group,
        role=MembershipRole.CONVENER,
    ).user
    join_request = JoinRequestFactory(group=group)
    stale_copy = JoinRequest.objects.get(pk=join_request.pk)
    services_join_requests.join_request_reject(
        actor=convener, join_request=join_request, reason="Not now"
    )

    with pytest.raises(InvalidStateError, match=r"rejected this request .* before you"):
        services_join_requests.join_request_approve(actor=second_convener, join_request=stale_copy)
    assert not Membership.objects.filter(user=join_request.user).exists()
    assert MembershipEvent.objects.filter(kind=EventKind.REQUEST_APPROVED).count() == 0


@pytest.mark.parametrize("who", ["member", "outsider", "other_convener"])
def test_only_conveners_and_stewards_decide_requests(group, convener, who, request):
    actor = request.getfixturevalue(who)
    join_request = JoinRequestFactory(group=group)

    with pytest.raises(NotAllowedError):
        services_join_requests.join_request_approve(actor=actor, join_request=join_request)
    join_request.refresh_from_db()
    assert join_request.is_pending


def test_a_steward_can_decide_a_request(group, steward):
    join_request = JoinRequestFactory(group=group)

    services_join_requests.join_request_approve(actor=steward, join_request=join_request)

    assert Membership.objects.filter(user=join_request.user, group=group).exists()


def test_the_requester_can_withdraw_their_request(group):
    join_request = JoinRequestFactory(group=group)

    services_join_requests.join_request_withdraw(actor=join_request.user, join_request=join_request)

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.WITHDRAWN
    assert MembershipEvent.objects.filter(kind=EventKind.REQUEST_WITHDRAWN).exists()


def test_nobody_else_can_withdraw_a_request(group, convener):
    join_request = JoinRequestFactory(group=group)

    with pytest.raises(NotAllowedError):
        services_join_requests.join_request_withdraw(actor=convener, join_request=join_request)


def test_deciding_a_withdrawn_request_explains_it_was_withdrawn(group, convener):
    join_request = JoinRequestFactory(group=group)
    services_join_requests.join_request_withdraw(actor=join_request.user, join_request=join_request)

    with pytest.raises(InvalidStateError, match="withdrew this request"):
        services_join_requests.join_request_approve(actor=convener, join_request=join_request)


def test_a_new_request_is_allowed_after_a_rejection(group, convener, outsider):
    first = services_join_requests.join_request_create(
        actor=outsider, group=group, statement="First"
    )
    services_join_requests.join_request_reject(actor=convener, join_request=first, reason="Not yet")

    second = services_join_requests.join_request_create(
        actor=outsider, group=group, statement="Second"
    )

    assert second.is_pending


def test_simple_history_records_who_decided_and_why(group, convener):
    join_request = JoinRequestFactory(group=group)

    services_join_requests.join_request_reject(
        actor=convener, join_request=join_request, reason="Wrong group"
    )

    latest = join_request.history.first()
    assert latest.history_user == convener
    assert latest.history_change_reason == "Wrong group"
