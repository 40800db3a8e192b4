"""The proposal lifecycle table: every (source, target) pair, allowed or refused."""

import pytest

from standards.choices import ProposalStatus
from standards.engine.workflow import PROPOSAL_TRANSITIONS, Move, Mover, proposal_move
from standards.exceptions import InvalidState

STATUSES = list(ProposalStatus)
PAIRS = [(source, target) for source in STATUSES for target in STATUSES]
ALLOWED = [pair for pair in PAIRS if pair in PROPOSAL_TRANSITIONS]
REFUSED = [pair for pair in PAIRS if pair not in PROPOSAL_TRANSITIONS]


def _id(pair) -> str:
    return f"{pair[0].value}->{pair[1].value}"


@pytest.mark.parametrize(("source", "target"), ALLOWED, ids=[_id(pair) for pair in ALLOWED])
def test_a_move_in_the_table_is_allowed(source, target):
    move = proposal_move(current=source, target=target)

    assert move is PROPOSAL_TRANSITIONS[(source, target)]


@pytest.mark.parametrize(("source", "target"), REFUSED, ids=[_id(pair) for pair in REFUSED])
def test_a_move_not_in_the_table_is_refused_with_a_readable_message(source, target):
    with pytest.raises(InvalidState) as refusal:
        proposal_move(current=source, target=target)

    message = str(refusal.value)
    assert message.startswith(f"This proposal is {source.label.lower()}, so you cannot ")
    assert "ProposalStatus" not in message
    assert "_" not in message


@pytest.mark.parametrize(
    ("source", "target", "verb"),
    [
        (ProposalStatus.OPEN, ProposalStatus.OPEN, "submit it for comment"),
        (ProposalStatus.VOTING, ProposalStatus.OPEN, "submit it for comment"),
        (ProposalStatus.DRAFT, ProposalStatus.VOTING, "start voting"),
        (ProposalStatus.WITHDRAWN, ProposalStatus.WITHDRAWN, "withdraw it"),
        (ProposalStatus.OPEN, ProposalStatus.ACCEPTED, "accept it"),
    ],
)
def test_a_refusal_names_the_action_that_was_attempted(source, target, verb):
    """Submitting an open proposal is refused as a submission, not as a rebase."""
    with pytest.raises(InvalidState, match=f"so you cannot {verb}$"):
        proposal_move(current=source, target=target)


def test_the_table_is_the_lifecycle_of_governance_section_3():
    P = ProposalStatus  # noqa: N806
    assert set(PROPOSAL_TRANSITIONS) == {
        (P.DRAFT, P.OPEN),
        (P.DRAFT, P.WITHDRAWN),
        (P.OPEN, P.WITHDRAWN),
        (P.OPEN, P.VOTING),
        (P.VOTING, P.WITHDRAWN),
        (P.VOTING, P.ACCEPTED),
        (P.VOTING, P.REJECTED),
        (P.ACCEPTED, P.RELEASED),
    }


def test_needing_a_rebase_is_not_a_status():
    """A draft that needs a rebase stays a draft (``Proposal.needs_rebase``), so its visibility
    never depends on what happens to its base version."""
    assert "stale" not in ProposalStatus.values


@pytest.mark.parametrize(
    "status", [ProposalStatus.REJECTED, ProposalStatus.WITHDRAWN, ProposalStatus.RELEASED]
)
def test_a_closed_status_has_no_way_out(status):
    assert not [pair for pair in PROPOSAL_TRANSITIONS if pair[0] == status]


def test_only_the_author_withdraws():
    movers = {
        move.mover
        for (_, target), move in PROPOSAL_TRANSITIONS.items()
        if target == ProposalStatus.WITHDRAWN
    }

    assert movers == {Mover.AUTHOR}


def test_every_move_says_who_makes_it_and_what_it_does():
    for move in PROPOSAL_TRANSITIONS.values():
        assert isinstance(move, Move)
        assert move.verb
        assert move.mover in set(Mover)
