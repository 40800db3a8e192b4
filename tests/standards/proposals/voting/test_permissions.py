"""The voting permission matrix: each role against each voting action, through the services.

Group A is Local authorities, which the convener convenes; group B is Housing associations,
which the author belongs to. The objection answered is a Technology suppliers member's, so no
role here is answering their own.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from standards import permissions
from standards.choices import ObjectionResponseKind, ProposalStatus, Stance
from standards.exceptions import NotAllowed
from standards.models import Ballot, Decision, ObjectionResponse, Position
from standards.proposals.voting.services import (
    ballot_close,
    ballot_open,
    objection_respond,
    position_cast,
)
from tests.standards.factories import electorate, past_minimum_open_time, person

ROLES = ["anonymous", "non_member", "member_a", "member_b", "convener", "steward", "author"]


@pytest.fixture
def vote(steward):
    return electorate(steward=steward)


def _actor(role: str, vote):
    return {
        "anonymous": AnonymousUser(),
        "non_member": person(),
        "member_a": vote.members["la"][0],
        "member_b": vote.members["ha"][0],
        "convener": vote.convener,
        "steward": vote.steward,
        "author": vote.author,
    }[role]


def _open(vote):
    vote.open_ballot()


def _approve_everywhere(vote):
    for key in ("la", "ha", "ts"):
        position_cast(
            actor=vote.members[key][1],
            proposal=vote.proposal,
            group=vote.groups[key],
            stance=Stance.APPROVE,
        )


def _open_voting(vote, actor):
    ballot_open(actor=actor, proposal=vote.proposal)
    return Ballot.objects.filter(proposal=vote.proposal).exists()


def _cast_in(key):
    def cast(vote, actor):
        _open(vote)
        position_cast(
            actor=actor, proposal=vote.proposal, group=vote.groups[key], stance=Stance.APPROVE
        )
        return Position.objects.filter(voter_id=actor.pk, group=vote.groups[key]).exists()

    return cast


def _answer_objection(vote, actor):
    _open(vote)
    objection = position_cast(
        actor=vote.members["ts"][0],
        proposal=vote.proposal,
        group=vote.ts,
        stance=Stance.OBJECT,
        reason="Suppliers cannot build it this year.",
    )
    objection_respond(
        actor=actor,
        objection=objection,
        kind=ObjectionResponseKind.NOT_PERSUASIVE,
        text="The change is optional.",
    )
    return ObjectionResponse.objects.filter(objection=objection).exists()


def _close_early(vote, actor):
    ballot = vote.open_ballot()
    _approve_everywhere(vote)
    past_minimum_open_time(ballot)
    ballot_close(actor=actor, proposal=vote.proposal, early=True)
    vote.proposal.refresh_from_db()
    return Decision.objects.filter(ballot=ballot).exists() and (
        vote.proposal.status == ProposalStatus.ACCEPTED
    )


# Each action, with the roles it allows. Every other role is refused with ``NotAllowed``.
MATRIX = {
    "open_voting": (_open_voting, {"convener", "steward"}),
    "cast_in_group_a": (_cast_in("la"), {"member_a", "convener"}),
    "cast_in_group_b": (_cast_in("ha"), {"member_b", "author"}),
    "cast_in_a_group_of_none_of_them": (_cast_in("ts"), set()),
    # GOVERNANCE.md names the author and conveners, and nobody else.
    "answer_objection": (_answer_objection, {"author", "convener"}),
    "close_early": (_close_early, {"convener", "steward"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", MATRIX)
def test_voting_permission_matrix(vote, action, role):
    run, allowed = MATRIX[action]
    actor = _actor(role, vote)

    if role in allowed:
        assert run(vote, actor) is True
    else:
        with pytest.raises(NotAllowed):
            run(vote, actor)


# The predicates the pages use to show or hide each action agree with the services.
PREDICATES = {
    "can_open_voting": (lambda user, proposal: permissions.can_open_voting(user), "open_voting"),
    "can_answer_objection": (permissions.can_answer_objection, "answer_objection"),
    "can_close_early": (lambda user, proposal: permissions.can_close_early(user), "close_early"),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("predicate", PREDICATES)
def test_voting_predicates_agree_with_the_matrix(vote, predicate, role):
    check, action = PREDICATES[predicate]

    assert check(_actor(role, vote), vote.proposal) is (role in MATRIX[action][1])
