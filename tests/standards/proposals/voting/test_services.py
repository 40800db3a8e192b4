"""Voting services: each state change, the event it writes, the email it sends, and refusals.

The rule itself (quorum, threshold, advisory groups, lazy consensus) is table-tested in
``test_tally``; these tests check what the services do around it.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from community.choices import MembershipStatus
from community.models import Membership
from standards.choices import (
    DecisionResult,
    ObjectionResponseKind,
    ProposalEventKind,
    ProposalStatus,
    Stance,
)
from standards.exceptions import InvalidState, NotAllowed, StandardsError
from standards.models import (
    Ballot,
    BallotVoter,
    Decision,
    DecisionRule,
    ObjectionResponse,
    Position,
    Proposal,
    ProposalEvent,
)
from standards.proposals.services import proposal_withdraw
from standards.proposals.voting import services as voting_services
from standards.proposals.voting import tasks as voting_tasks
from standards.proposals.voting.selectors import ballot_tally
from standards.proposals.voting.services import (
    ballot_close,
    ballot_close_if_due,
    ballot_open,
    ballots_close_due,
    decision_rule_update,
    objection_respond,
    position_cast,
)
from tests.community.factories import MembershipFactory, StewardFactory, WorkingGroupFactory
from tests.standards.factories import (
    electorate,
    member_of,
    open_proposal,
    past_deadline,
    past_minimum_open_time,
    person,
    watch,
)

APPROVE, OBJECT, ABSTAIN = Stance.APPROVE, Stance.OBJECT, Stance.ABSTAIN


@pytest.fixture
def vote(steward):
    """The founding groups with members, and a proposal ready to be voted on."""
    return electorate(steward=steward)


@pytest.fixture
def ballot(vote):
    return vote.open_ballot()


def _events(proposal, kind) -> list[ProposalEvent]:
    return list(ProposalEvent.objects.filter(proposal=proposal, kind=kind).order_by("pk"))


def _cast(vote, voter, group, stance=APPROVE, reason=""):
    return position_cast(
        actor=voter, proposal=vote.proposal, group=group, stance=stance, reason=reason
    )


def _everyone_approves(vote) -> None:
    """One approval in each group: enough for quorum (30%) and threshold in all three."""
    _cast(vote, vote.members["la"][0], vote.la)
    _cast(vote, vote.members["ha"][0], vote.ha)
    _cast(vote, vote.members["ts"][0], vote.ts)


def _voters(ballot) -> set[tuple[int, int]]:
    return set(BallotVoter.objects.filter(ballot=ballot).values_list("group_id", "user_id"))


def _recipients(subject_start: str) -> list[str]:
    return sorted(
        address
        for message in mail.outbox
        if message.subject.startswith(subject_start)
        for address in [*message.to, *message.cc, *message.bcc]
    )


# Opening the vote --------------------------------------------------------------------------


def test_open_is_refused_for_a_plain_member(vote):
    with pytest.raises(NotAllowed, match="Only conveners and stewards can start voting"):
        ballot_open(actor=vote.members["ha"][0], proposal=vote.proposal)

    vote.proposal.refresh_from_db()
    assert vote.proposal.status == ProposalStatus.OPEN
    assert not Ballot.objects.filter(proposal=vote.proposal).exists()


def test_open_is_refused_before_the_comment_period_ends(vote):
    Proposal.objects.filter(pk=vote.proposal.pk).update(
        opened_at=timezone.now() - timedelta(days=13)
    )

    with pytest.raises(InvalidState, match="The comment period has not ended"):
        ballot_open(actor=vote.convener, proposal=vote.proposal)

    vote.proposal.refresh_from_db()
    assert vote.proposal.status == ProposalStatus.OPEN
    assert not Ballot.objects.filter(proposal=vote.proposal).exists()


def test_open_by_a_convener_moves_the_proposal_to_voting(vote):
    ballot = ballot_open(actor=vote.convener, proposal=vote.proposal)

    vote.proposal.refresh_from_db()
    assert vote.proposal.status == ProposalStatus.VOTING
    assert ballot.is_open
    assert (ballot.opened_by, ballot.revision) == (vote.convener, vote.proposal.revision)


def test_open_by_a_steward_who_is_in_no_group_is_allowed(vote):
    ballot = ballot_open(actor=vote.steward, proposal=vote.proposal)

    vote.proposal.refresh_from_db()
    assert vote.proposal.status == ProposalStatus.VOTING
    assert ballot.opened_by == vote.steward


def test_open_is_refused_when_voting_has_already_started(vote, ballot):
    with pytest.raises(InvalidState, match="is voting, so you cannot start voting"):
        ballot_open(actor=vote.convener, proposal=vote.proposal)

    assert Ballot.objects.filter(proposal=vote.proposal).count() == 1


def test_open_writes_a_status_event(vote, ballot):
    event = _events(vote.proposal, ProposalEventKind.STATUS_CHANGED)[-1]

    assert (event.actor, event.from_status, event.to_status) == (
        vote.convener,
        ProposalStatus.OPEN,
        ProposalStatus.VOTING,
    )


def test_open_copies_the_defaults_when_the_standard_has_no_rule(vote, ballot):
    assert not DecisionRule.objects.filter(standard=vote.proposal.standard).exists()
    assert {name: value for name, value in ballot.rule.items() if name != "groups"} == {
        "impact": "minor",
        "voting_period_days": 14,
        "minimum_open_days": 7,
        "quorum_percent": 30,
        "threshold_numerator": 2,
        "threshold_denominator": 3,
        "lazy_consensus": False,
    }
    assert ballot.closes_at - ballot.opened_at == timedelta(days=14)


def test_open_with_no_rule_lets_every_active_group_decide(vote, ballot):
    assert ballot.rule["groups"] == [
        {"id": group.pk, "name": group.name, "slug": group.slug, "advisory": False}
        for group in sorted(vote.groups.values(), key=lambda group: group.name)
    ]


def test_open_copies_the_standards_rule(vote, steward):
    decision_rule_update(
        actor=steward,
        standard=vote.proposal.standard,
        voting_period_days=10,
        minimum_open_days=3,
        quorum_percent=50,
        threshold_numerator=1,
        threshold_denominator=2,
        advisory_groups=[vote.ts],
    )

    ballot = vote.open_ballot()

    assert ballot.rule["voting_period_days"] == 10
    assert ballot.rule["minimum_open_days"] == 3
    assert ballot.rule["quorum_percent"] == 50
    assert (ballot.rule["threshold_numerator"], ballot.rule["threshold_denominator"]) == (1, 2)
    assert {group["slug"]: group["advisory"] for group in ballot.rule["groups"]} == {
        "local-authorities": False,
        "housing-associations": False,
        "technology-suppliers": True,
    }
    assert ballot.closes_at - ballot.opened_at == timedelta(days=10)


def test_open_makes_groups_not_required_advisory(vote, steward):
    decision_rule_update(
        actor=steward, standard=vote.proposal.standard, required_groups=[vote.la, vote.ha]
    )

    ballot = vote.open_ballot()

    advisory = {group["slug"] for group in ballot.rule["groups"] if group["advisory"]}
    assert advisory == {"technology-suppliers"}


def test_open_uses_the_profile_for_the_proposals_impact(vote, steward):
    standard = vote.proposal.standard
    decision_rule_update(actor=steward, standard=standard, quorum_percent=40)
    decision_rule_update(
        actor=steward, standard=standard, impact="minor", lazy_consensus=True, quorum_percent=0
    )
    decision_rule_update(actor=steward, standard=standard, impact="major", quorum_percent=90)

    ballot = vote.open_ballot()

    assert vote.proposal.impact == "minor"
    assert ballot.rule["impact"] == "minor"
    assert ballot.rule["lazy_consensus"] is True
    assert ballot.rule["quorum_percent"] == 0


def test_open_falls_back_to_the_default_rule_without_a_profile_for_the_impact(vote, steward):
    standard = vote.proposal.standard
    decision_rule_update(actor=steward, standard=standard, quorum_percent=40)
    decision_rule_update(actor=steward, standard=standard, impact="major", quorum_percent=90)

    ballot = vote.open_ballot()

    assert (ballot.rule["impact"], ballot.rule["quorum_percent"]) == ("minor", 40)


def test_open_snapshots_active_members_of_active_groups_only(vote):
    left = MembershipFactory(
        group=vote.ha, status=MembershipStatus.LEFT, ended_at=timezone.now()
    ).user
    removed = MembershipFactory(
        group=vote.la, status=MembershipStatus.REMOVED, ended_at=timezone.now()
    ).user
    deactivated = member_of(vote.ts, is_active=False)
    archived_group = WorkingGroupFactory(archived=True)
    in_archived_group = member_of(archived_group)

    ballot = vote.open_ballot()

    expected = {
        (membership.group_id, membership.user_id)
        for membership in Membership.objects.filter(
            group__in=vote.groups.values(), status=MembershipStatus.ACTIVE, user__is_active=True
        )
    }
    assert _voters(ballot) == expected
    voter_ids = {user_id for _, user_id in expected}
    assert not voter_ids & {left.pk, removed.pk, deactivated.pk, in_archived_group.pk}
    assert archived_group.pk not in {group["id"] for group in ballot.rule["groups"]}


def test_open_lists_a_person_in_two_groups_once_in_each(vote):
    both = member_of(vote.la, vote.ts)

    ballot = vote.open_ballot()

    groups = BallotVoter.objects.filter(ballot=ballot, user=both).values_list("group_id", flat=True)
    assert sorted(groups) == sorted([vote.la.pk, vote.ts.pk])


def test_open_emails_every_eligible_member_once(vote, django_capture_on_commit_callbacks):
    both = member_of(vote.la, vote.ts)
    outsider = person()

    with django_capture_on_commit_callbacks(execute=True):
        ballot = vote.open_ballot()

    eligible = sorted(
        set(BallotVoter.objects.filter(ballot=ballot).values_list("user__email", flat=True))
    )
    assert _recipients(f"Vote on {vote.proposal.reference}") == eligible
    assert both.email in eligible
    assert outsider.email not in eligible
    assert vote.steward.email not in eligible


def test_open_emails_nothing_until_the_transaction_commits(vote):
    vote.open_ballot()

    assert mail.outbox == []


def test_open_tells_the_author_voting_has_started(vote, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        vote.open_ballot()

    assert vote.author.email in _recipients(f"{vote.proposal.reference} is now voting")


def test_the_reminder_goes_once_to_eligible_members_who_have_not_voted(vote, ballot):
    _everyone_approves(vote)
    voted = {vote.members[key][0].email for key in ("la", "ha", "ts")}
    eligible = set(BallotVoter.objects.filter(ballot=ballot).values_list("user__email", flat=True))

    voting_tasks.send_voting_reminder.call(ballot.pk)
    voting_tasks.send_voting_reminder.call(ballot.pk)

    subject = f"Voting on {vote.proposal.reference} closes in 2 days"
    assert _recipients(subject) == sorted(eligible - voted)


def test_no_reminder_once_the_vote_has_closed(vote, ballot):
    past_deadline(ballot)
    ballot_close(actor=None, proposal=vote.proposal)

    assert voting_tasks.send_voting_reminder.call(ballot.pk) == 0
    assert mail.outbox == []


# Casting ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stance", "reason"),
    [(APPROVE, ""), (OBJECT, "It breaks our nightly export."), (ABSTAIN, "")],
)
def test_cast_records_the_position(vote, ballot, stance, reason):
    voter = vote.members["ha"][0]

    position = _cast(vote, voter, vote.ha, stance, reason)

    position.refresh_from_db()
    assert (position.ballot, position.group, position.voter) == (ballot, vote.ha, voter)
    assert (position.stance, position.reason) == (stance, reason)


def test_cast_records_the_revision_it_was_cast_on(vote, ballot):
    position = _cast(vote, vote.members["la"][0], vote.la)

    assert position.revision == vote.proposal.revision == ballot.revision


def test_cast_writes_a_position_event(vote, ballot):
    voter = vote.members["la"][0]

    _cast(vote, voter, vote.la, ABSTAIN)

    (event,) = _events(vote.proposal, ProposalEventKind.POSITION_CAST)
    assert event.actor == voter
    assert event.revision == vote.proposal.revision
    assert event.detail == {"group": vote.la.name, "stance": ABSTAIN, "changed_from": None}


@pytest.mark.parametrize("reason", ["", "   ", "\x00"])
def test_cast_refuses_an_objection_without_a_reason(vote, ballot, reason):
    with pytest.raises(StandardsError, match="Enter why you object"):
        _cast(vote, vote.members["ha"][0], vote.ha, OBJECT, reason)

    assert not Position.objects.exists()


def test_cast_refuses_an_unknown_stance(vote, ballot):
    with pytest.raises(StandardsError, match="Choose approve, object or abstain"):
        _cast(vote, vote.members["ha"][0], vote.ha, "veto")


def test_cast_refuses_a_member_voting_in_a_group_they_are_not_in(vote, ballot):
    with pytest.raises(NotAllowed, match="You cannot vote for"):
        _cast(vote, vote.members["la"][0], vote.ha)

    assert not Position.objects.exists()


def test_cast_refuses_someone_in_no_group(vote, ballot):
    with pytest.raises(NotAllowed, match="only its members when voting opened can"):
        _cast(vote, person(), vote.ha)


def test_cast_refuses_a_steward_who_is_not_a_member(vote, ballot):
    with pytest.raises(NotAllowed, match="You cannot vote for"):
        _cast(vote, vote.steward, vote.la)


def test_cast_allows_a_steward_who_is_also_a_member(vote):
    steward_member = StewardFactory()
    MembershipFactory(user=steward_member, group=vote.la)
    vote.open_ballot()

    position = _cast(vote, steward_member, vote.la)

    assert position.voter == steward_member


def test_cast_refuses_a_member_who_joined_after_voting_opened(vote, ballot):
    latecomer = member_of(vote.ha)

    with pytest.raises(NotAllowed, match="only its members when voting opened can"):
        _cast(vote, latecomer, vote.ha)


def test_cast_allows_a_member_who_left_after_voting_opened(vote, ballot):
    voter = vote.members["ts"][0]
    Membership.objects.filter(user=voter, group=vote.ts).update(
        status=MembershipStatus.LEFT, ended_at=timezone.now()
    )

    position = _cast(vote, voter, vote.ts)

    assert position.voter == voter


def test_a_person_in_two_groups_votes_in_each(vote):
    both = member_of(vote.la, vote.ts)
    ballot = vote.open_ballot()

    _cast(vote, both, vote.la, APPROVE)
    _cast(vote, both, vote.ts, OBJECT, "Suppliers cannot build this in time.")

    groups = {group.group_id: group for group in ballot_tally(ballot=ballot).tally.groups}
    assert (groups[vote.la.pk].approve, groups[vote.la.pk].object) == (1, 0)
    assert (groups[vote.ts.pk].approve, groups[vote.ts.pk].object) == (0, 1)


def test_changing_a_vote_appends_a_position_and_the_latest_counts(vote, ballot):
    voter = vote.members["ha"][0]
    first = _cast(vote, voter, vote.ha, OBJECT, "Unclear definition.")

    second = _cast(vote, voter, vote.ha, APPROVE)

    assert list(Position.objects.filter(voter=voter).values_list("pk", flat=True)) == [
        first.pk,
        second.pk,
    ]
    (ha,) = [
        group for group in ballot_tally(ballot=ballot).tally.groups if group.name == vote.ha.name
    ]
    assert (ha.approve, ha.object, ha.voted) == (1, 0, 1)


def test_changing_a_vote_records_what_it_changed_from(vote, ballot):
    voter = vote.members["ha"][0]
    _cast(vote, voter, vote.ha, OBJECT, "Unclear definition.")

    _cast(vote, voter, vote.ha, APPROVE)

    event = _events(vote.proposal, ProposalEventKind.POSITION_CAST)[-1]
    assert event.detail == {"group": vote.ha.name, "stance": APPROVE, "changed_from": OBJECT}


def test_casting_the_same_position_twice_records_it_once(vote, ballot):
    voter = vote.members["la"][0]
    first = _cast(vote, voter, vote.la, OBJECT, "Too costly.")

    again = _cast(vote, voter, vote.la, OBJECT, "  Too costly.  ")

    assert again.pk == first.pk
    assert Position.objects.filter(voter=voter).count() == 1
    assert len(_events(vote.proposal, ProposalEventKind.POSITION_CAST)) == 1


def test_objecting_again_with_a_new_reason_records_a_new_position(vote, ballot):
    voter = vote.members["la"][0]
    _cast(vote, voter, vote.la, OBJECT, "Too costly.")

    _cast(vote, voter, vote.la, OBJECT, "Too costly, and no one asked for it.")

    assert Position.objects.filter(voter=voter).count() == 2


def test_cast_after_the_deadline_is_refused_and_closes_the_vote(vote, ballot):
    _cast(vote, vote.members["la"][0], vote.la)
    past_deadline(ballot)

    with pytest.raises(InvalidState, match="Voting has closed"):
        _cast(vote, vote.members["ha"][0], vote.ha)

    ballot.refresh_from_db()
    vote.proposal.refresh_from_db()
    assert not ballot.is_open
    assert Decision.objects.get(ballot=ballot).closed_by is None
    assert vote.proposal.status in (ProposalStatus.ACCEPTED, ProposalStatus.REJECTED)
    assert Position.objects.filter(ballot=ballot).count() == 1


def test_cast_after_the_vote_closed_is_refused(vote, ballot):
    past_deadline(ballot)
    ballot_close(actor=None, proposal=vote.proposal)

    with pytest.raises(InvalidState, match="Voting has closed"):
        _cast(vote, vote.members["la"][0], vote.la)


def test_cast_refuses_a_proposal_not_put_to_a_vote(vote):
    with pytest.raises(InvalidState, match="Voting on this proposal is not open"):
        _cast(vote, vote.members["la"][0], vote.la)


# Answering objections ------------------------------------------------------------------------


@pytest.fixture
def objection(vote, ballot):
    return _cast(vote, vote.members["ha"][0], vote.ha, OBJECT, "The code clashes with ours.")


def _answer(actor, objection, kind=ObjectionResponseKind.NOT_PERSUASIVE, text="Ours is new."):
    return objection_respond(actor=actor, objection=objection, kind=kind, text=text)


def test_the_author_answers_an_objection(vote, objection):
    response = _answer(
        vote.author, objection, ObjectionResponseKind.PERSUASIVE, "  Fair: renamed. "
    )

    response.refresh_from_db()
    assert (response.objection, response.responder) == (objection, vote.author)
    assert (response.kind, response.text) == (ObjectionResponseKind.PERSUASIVE, "Fair: renamed.")


def test_a_convener_answers_an_objection(vote, objection):
    response = _answer(vote.convener, objection, ObjectionResponseKind.OUT_OF_SCOPE)

    assert response.responder == vote.convener


def test_answering_an_objection_writes_an_event(vote, objection):
    _answer(vote.author, objection)

    (event,) = _events(vote.proposal, ProposalEventKind.OBJECTION_ANSWERED)
    assert event.actor == vote.author
    assert event.detail == {
        "objector": str(objection.voter),
        "kind": ObjectionResponseKind.NOT_PERSUASIVE,
    }


def test_answering_an_objection_emails_the_objector(
    vote, objection, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _answer(vote.author, objection)

    (message,) = mail.outbox
    assert message.to == [objection.voter.email]
    assert message.subject == f"Your objection to {vote.proposal.reference} has been answered"


def test_a_plain_member_cannot_answer_an_objection(vote, objection):
    with pytest.raises(NotAllowed, match="Only the author or a convener"):
        _answer(vote.members["la"][0], objection)

    assert not ObjectionResponse.objects.exists()


def test_the_objector_cannot_answer_their_own_objection(vote, objection):
    with pytest.raises(NotAllowed, match="Only the author or a convener"):
        _answer(objection.voter, objection)


def test_only_an_objection_can_be_answered(vote, ballot):
    approval = _cast(vote, vote.members["la"][0], vote.la, APPROVE)

    with pytest.raises(StandardsError, match="Only an objection can be answered"):
        _answer(vote.author, approval)

    assert not ObjectionResponse.objects.exists()


def test_answering_needs_a_kind_and_text(vote, objection):
    with pytest.raises(StandardsError, match="persuasive, not persuasive or out of scope"):
        _answer(vote.author, objection, kind="agreed")
    with pytest.raises(StandardsError, match="Enter your answer"):
        _answer(vote.author, objection, text="   ")


# Closing ----------------------------------------------------------------------------------


def test_close_before_the_deadline_is_refused_unless_early(vote, ballot):
    with pytest.raises(InvalidState, match="Voting is open until"):
        ballot_close(actor=vote.convener, proposal=vote.proposal)

    ballot.refresh_from_db()
    assert ballot.is_open
    assert not Decision.objects.exists()


def test_early_close_is_refused_before_the_minimum_open_time(vote, ballot):
    _everyone_approves(vote)

    with pytest.raises(InvalidState, match="Voting must stay open until"):
        ballot_close(actor=vote.convener, proposal=vote.proposal, early=True)

    assert not Decision.objects.exists()


def test_early_close_is_refused_while_a_group_does_not_pass(vote, ballot):
    _cast(vote, vote.members["la"][0], vote.la)
    _cast(vote, vote.members["ha"][0], vote.ha)
    past_minimum_open_time(ballot)

    with pytest.raises(InvalidState, match="only when every deciding group passes"):
        ballot_close(actor=vote.convener, proposal=vote.proposal, early=True)

    assert not Decision.objects.exists()


def test_early_close_is_refused_for_a_plain_member(vote, ballot):
    _everyone_approves(vote)
    past_minimum_open_time(ballot)

    with pytest.raises(NotAllowed, match="Only conveners and stewards can close a vote early"):
        ballot_close(actor=vote.members["la"][1], proposal=vote.proposal, early=True)

    assert not Decision.objects.exists()


def test_early_close_by_a_convener_once_every_group_passes(vote, ballot):
    _everyone_approves(vote)
    past_minimum_open_time(ballot)

    decision = ballot_close(actor=vote.convener, proposal=vote.proposal, early=True)

    vote.proposal.refresh_from_db()
    assert (decision.result, decision.closed_by) == (DecisionResult.ACCEPTED, vote.convener)
    assert vote.proposal.status == ProposalStatus.ACCEPTED
    assert _events(vote.proposal, ProposalEventKind.DECIDED)[-1].detail == {
        "result": DecisionResult.ACCEPTED,
        "early": True,
    }


def test_close_at_the_deadline_freezes_the_tally(vote, ballot):
    _everyone_approves(vote)
    _cast(vote, vote.members["ha"][1], vote.ha, ABSTAIN)
    expected = ballot_tally(ballot=ballot).tally.as_json()
    past_deadline(ballot)

    decision = ballot_close(actor=None, proposal=vote.proposal)

    decision.refresh_from_db()
    assert decision.tally == expected
    assert decision.closed_by is None
    ballot.refresh_from_db()
    assert decision.decided_at == ballot.closed_at


def test_close_at_the_deadline_accepts_a_proposal_every_group_passes(vote, ballot):
    _everyone_approves(vote)
    past_deadline(ballot)

    decision = ballot_close(actor=None, proposal=vote.proposal)

    vote.proposal.refresh_from_db()
    assert decision.result == DecisionResult.ACCEPTED
    assert vote.proposal.status == ProposalStatus.ACCEPTED
    assert vote.proposal.closed_at == decision.decided_at


def test_close_at_the_deadline_rejects_a_proposal_a_group_fails(vote, ballot):
    _cast(vote, vote.members["la"][0], vote.la)
    _cast(vote, vote.members["ha"][0], vote.ha)
    past_deadline(ballot)  # Technology suppliers never reached quorum.

    decision = ballot_close(actor=None, proposal=vote.proposal)

    vote.proposal.refresh_from_db()
    assert decision.result == DecisionResult.REJECTED
    assert vote.proposal.status == ProposalStatus.REJECTED
    assert decision.tally["passes"] is False


def test_close_records_unresolved_objections_with_their_latest_answer(vote, ballot):
    objector = vote.members["ha"][0]
    objection = _cast(vote, objector, vote.ha, OBJECT, "The code clashes with ours.")
    _answer(vote.author, objection, ObjectionResponseKind.NOT_PERSUASIVE, "Ours came first.")
    _answer(vote.convener, objection, ObjectionResponseKind.OUT_OF_SCOPE, "Raise it separately.")
    changed_mind = vote.members["la"][0]
    _cast(vote, changed_mind, vote.la, OBJECT, "Too costly.")
    _cast(vote, changed_mind, vote.la, APPROVE)
    unanswered = vote.members["ts"][0]
    _cast(vote, unanswered, vote.ts, OBJECT, "No supplier asked for it.")
    past_deadline(ballot)

    decision = ballot_close(actor=None, proposal=vote.proposal)

    assert decision.unresolved_objections == [
        {
            "voter": objector.get_full_name(),
            "group": vote.ha.name,
            "reason": "The code clashes with ours.",
            "response": "Raise it separately.",
            "response_kind": ObjectionResponseKind.OUT_OF_SCOPE.label,
        },
        {
            "voter": unanswered.get_full_name(),
            "group": vote.ts.name,
            "reason": "No supplier asked for it.",
            "response": "",
            "response_kind": "",
        },
    ]


def test_close_writes_a_decided_event_and_a_status_event(vote, ballot):
    _everyone_approves(vote)
    past_deadline(ballot)

    ballot_close(actor=None, proposal=vote.proposal)

    (decided,) = _events(vote.proposal, ProposalEventKind.DECIDED)
    assert (decided.actor, decided.detail) == (
        None,
        {"result": DecisionResult.ACCEPTED, "early": False},
    )
    status = _events(vote.proposal, ProposalEventKind.STATUS_CHANGED)[-1]
    assert (status.actor, status.from_status, status.to_status) == (
        None,
        ProposalStatus.VOTING,
        ProposalStatus.ACCEPTED,
    )
    assert status.pk > decided.pk


def test_close_emails_the_outcome_to_the_author_and_watchers(
    vote, ballot, django_capture_on_commit_callbacks
):
    watcher = person()
    watch(vote.proposal, watcher)
    past_deadline(ballot)

    with django_capture_on_commit_callbacks(execute=True):
        ballot_close(actor=None, proposal=vote.proposal)

    assert _recipients(f"{vote.proposal.reference} is now rejected") == sorted(
        [vote.author.email, watcher.email]
    )


def test_closing_twice_returns_the_same_decision(vote, ballot):
    _everyone_approves(vote)
    past_deadline(ballot)

    first = ballot_close(actor=None, proposal=vote.proposal)
    second = ballot_close(actor=None, proposal=vote.proposal)

    assert second.pk == first.pk
    assert Decision.objects.filter(ballot=ballot).count() == 1
    assert len(_events(vote.proposal, ProposalEventKind.DECIDED)) == 1


def test_close_refuses_a_proposal_never_put_to_a_vote(vote):
    with pytest.raises(InvalidState, match="has not been put to a vote"):
        ballot_close(actor=None, proposal=vote.proposal)


# Closing when due ------------------------------------------------------------------------


def test_close_if_due_leaves_a_vote_before_its_deadline_alone(vote, ballot):
    assert ballot_close_if_due(proposal=vote.proposal) is None

    ballot.refresh_from_db()
    assert ballot.is_open


def test_close_if_due_closes_a_vote_past_its_deadline(vote, ballot):
    past_deadline(ballot)

    decision = ballot_close_if_due(proposal=vote.proposal)

    assert decision == Decision.objects.get(ballot=ballot)
    assert decision.closed_by is None


def test_close_if_due_on_a_closed_vote_does_nothing(vote, ballot):
    past_deadline(ballot)
    ballot_close_if_due(proposal=vote.proposal)

    assert ballot_close_if_due(proposal=vote.proposal) is None
    assert Decision.objects.count() == 1


def test_close_ballot_task_closes_only_when_due(vote, ballot):
    assert voting_services.close_ballot.call(ballot.pk) == "not due"

    past_deadline(ballot)

    assert voting_services.close_ballot.call(ballot.pk) == DecisionResult.REJECTED
    assert voting_services.close_ballot.call(ballot.pk) == "not due"
    assert Decision.objects.filter(ballot=ballot).count() == 1


def _three_ballots(vote, steward):
    """The fixture's ballot and two more on other standards; the first two are past due."""
    due = vote.open_ballot()
    other = open_proposal(author=vote.author, steward=steward)
    also_due = ballot_open(actor=vote.convener, proposal=other)
    later = open_proposal(author=vote.author, steward=steward)
    not_due = ballot_open(actor=vote.convener, proposal=later)
    return past_deadline(due), past_deadline(also_due), not_due


def test_ballots_close_due_closes_every_vote_past_its_deadline(vote, steward):
    due, also_due, not_due = _three_ballots(vote, steward)

    assert ballots_close_due() == 2

    assert set(Decision.objects.values_list("ballot_id", flat=True)) == {due.pk, also_due.pk}
    not_due.refresh_from_db()
    assert not_due.is_open


def test_close_votes_command_reports_how_many_it_closed(vote, steward):
    _three_ballots(vote, steward)
    out = StringIO()

    call_command("close_votes", stdout=out)
    call_command("close_votes", stdout=out)

    assert out.getvalue().splitlines() == ["Closed 2 votes.", "Closed 0 votes."]


# Withdrawing during the vote ---------------------------------------------------------------


def test_withdrawing_during_voting_seals_the_vote_without_a_decision(vote, ballot):
    _cast(vote, vote.members["la"][0], vote.la)

    proposal_withdraw(actor=vote.author, proposal=vote.proposal, reason="Superseded.")

    ballot.refresh_from_db()
    vote.proposal.refresh_from_db()
    assert vote.proposal.status == ProposalStatus.WITHDRAWN
    assert not ballot.is_open
    assert not Decision.objects.exists()


def test_a_withdrawn_proposals_vote_takes_no_more_casts(vote, ballot):
    proposal_withdraw(actor=vote.author, proposal=vote.proposal)

    with pytest.raises(InvalidState, match="Voting has closed"):
        _cast(vote, vote.members["la"][0], vote.la)


def test_a_withdrawn_proposals_vote_is_never_decided(vote, ballot):
    proposal_withdraw(actor=vote.author, proposal=vote.proposal)
    past_deadline(ballot)

    assert ballot_close_if_due(proposal=vote.proposal) is None
    with pytest.raises(InvalidState, match="closed without a decision"):
        ballot_close(actor=None, proposal=vote.proposal)
    assert not Decision.objects.exists()


def test_withdrawing_after_the_deadline_is_refused_and_the_vote_is_decided(vote, ballot):
    """DOMAIN.md: the author can withdraw before voting closes; every write checks the deadline.

    Fails today: ``proposal_withdraw`` never checks the deadline, so an author can withdraw a
    proposal whose vote has ended but was not yet closed, and the decision is never recorded.
    """
    _everyone_approves(vote)
    past_deadline(ballot)

    with pytest.raises(InvalidState):
        proposal_withdraw(actor=vote.author, proposal=vote.proposal)

    vote.proposal.refresh_from_db()
    assert vote.proposal.status == ProposalStatus.ACCEPTED
    assert Decision.objects.filter(ballot=ballot).exists()


# The decision rule ---------------------------------------------------------------------------


def test_a_steward_sets_the_standards_rule(vote, steward):
    rule = decision_rule_update(
        actor=steward,
        standard=vote.proposal.standard,
        voting_period_days=21,
        quorum_percent=25,
        required_groups=[vote.la, vote.ha],
        advisory_groups=[vote.ts],
    )

    rule.refresh_from_db()
    assert (rule.impact, rule.voting_period_days, rule.quorum_percent) == ("", 21, 25)
    assert set(rule.required_groups.all()) == {vote.la, vote.ha}
    assert set(rule.advisory_groups.all()) == {vote.ts}


def test_updating_the_rule_changes_the_same_row(vote, steward):
    standard = vote.proposal.standard
    first = decision_rule_update(actor=steward, standard=standard, quorum_percent=25)

    second = decision_rule_update(actor=steward, standard=standard, quorum_percent=35)

    assert second.pk == first.pk
    assert DecisionRule.objects.get(standard=standard, impact="").quorum_percent == 35


@pytest.mark.parametrize("actor", ["convener", "member", "author"])
def test_only_stewards_change_the_rule(vote, actor):
    people = {"convener": vote.convener, "member": vote.members["la"][0], "author": vote.author}

    with pytest.raises(NotAllowed, match="Only stewards can change the decision rule"):
        decision_rule_update(
            actor=people[actor], standard=vote.proposal.standard, quorum_percent=10
        )

    assert not DecisionRule.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"voting_period_days": 0}, "Enter a voting period between 1 and 90 days"),
        ({"voting_period_days": 91}, "Enter a voting period between 1 and 90 days"),
        (
            {"voting_period_days": 5, "minimum_open_days": 6},
            "Enter a minimum open time no longer than the voting period",
        ),
        ({"quorum_percent": 101}, "Enter a quorum between 0% and 100%"),
        ({"threshold_numerator": 0}, "Enter a threshold greater than zero"),
        ({"threshold_denominator": 0}, "Enter a threshold greater than zero"),
        (
            {"threshold_numerator": 4, "threshold_denominator": 3},
            "Enter a threshold no greater than all",
        ),
        ({"comment_period_days": 3}, "is not part of a decision rule"),
        ({"impact": "huge"}, "Choose patch, minor, major or every change"),
    ],
    ids=[
        "period-zero",
        "period-too-long",
        "minimum-longer-than-period",
        "quorum-over-100",
        "threshold-zero",
        "threshold-denominator-zero",
        "threshold-over-all",
        "unknown-field",
        "unknown-impact",
    ],
)
def test_the_rule_is_validated(vote, steward, fields, message):
    with pytest.raises(StandardsError, match=message):
        decision_rule_update(actor=steward, standard=vote.proposal.standard, **fields)

    assert not DecisionRule.objects.exists()


def test_a_group_cannot_be_both_required_and_advisory(vote, steward):
    with pytest.raises(StandardsError, match="cannot both have to pass a proposal and only advise"):
        decision_rule_update(
            actor=steward,
            standard=vote.proposal.standard,
            required_groups=[vote.la, vote.ts],
            advisory_groups=[vote.ts],
        )


def test_every_change_to_the_rule_is_kept(vote, steward):
    standard = vote.proposal.standard
    other_steward = StewardFactory()
    decision_rule_update(actor=steward, standard=standard, quorum_percent=25)

    rule = decision_rule_update(actor=other_steward, standard=standard, quorum_percent=35)

    history = list(rule.history.order_by("history_date", "history_id"))
    assert [(row.quorum_percent, row.history_user) for row in history] == [
        (25, steward),
        (35, other_steward),
    ]


def test_a_running_vote_keeps_the_rule_it_copied(vote, steward, ballot):
    copied = dict(ballot.rule)
    closes_at = ballot.closes_at

    decision_rule_update(
        actor=steward,
        standard=vote.proposal.standard,
        voting_period_days=30,
        quorum_percent=90,
        lazy_consensus=True,
        advisory_groups=[vote.ts],
    )

    ballot.refresh_from_db()
    assert ballot.rule == copied
    assert ballot.closes_at == closes_at


def test_a_running_vote_is_decided_by_the_rule_it_copied(vote, steward, ballot):
    _everyone_approves(vote)
    decision_rule_update(actor=steward, standard=vote.proposal.standard, quorum_percent=100)
    past_deadline(ballot)

    decision = ballot_close(actor=None, proposal=vote.proposal)

    assert decision.result == DecisionResult.ACCEPTED
