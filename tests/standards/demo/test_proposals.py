"""The demo proposals: each reachable state, a conflicting pair, comments across groups."""

import pytest

import community.demo
from standards.choices import ProposalStatus
from standards.demo import catalogue as demo
from standards.demo import proposals as demo_proposals
from standards.models import Ballot, Decision, Proposal, ProposalComment, ProposalEvent
from standards.proposals.selectors import proposal_conflicts


@pytest.fixture
def loaded(db, django_capture_on_commit_callbacks):
    community.demo.load()
    demo.load()
    with django_capture_on_commit_callbacks(execute=True):
        demo_proposals.load()


def test_demo_proposals_cover_each_reachable_state(loaded):
    statuses = set(Proposal.objects.values_list("status", flat=True))

    assert statuses == {
        ProposalStatus.DRAFT,
        ProposalStatus.OPEN,
        ProposalStatus.VOTING,
        ProposalStatus.ACCEPTED,
        ProposalStatus.REJECTED,
        ProposalStatus.WITHDRAWN,
    }


def test_demo_vote_in_progress_has_mixed_positions(loaded):
    ballot = Ballot.objects.get(proposal__status=ProposalStatus.VOTING)

    stances = set(ballot.positions.values_list("stance", flat=True))

    assert stances == {"approve", "object", "abstain"}


def test_demo_rejection_records_an_unresolved_objection(loaded):
    decision = Decision.objects.get(result="rejected")

    assert decision.unresolved_objections


def test_demo_has_a_conflicting_pair(loaded):
    defining = Proposal.objects.get(title="Say what the notes on a hazard may contain")

    conflicts = proposal_conflicts(proposal=defining)

    assert [conflict.proposal.title for conflict in conflicts] == [
        "Deprecate free-text notes on hazards"
    ]
    assert conflicts[0].paths == ("investigation-hazard/notes",)


def test_demo_comments_come_from_members_of_different_groups(loaded):
    proposal = Proposal.objects.get(title="Record how many photographs were taken of a hazard")

    domains = {
        comment.author.email.split("@")[1]
        for comment in ProposalComment.objects.filter(proposal=proposal)
    }

    assert len(domains) == 3


def test_demo_proposals_load_twice_changes_nothing(loaded):
    before = (Proposal.objects.count(), ProposalEvent.objects.count())

    demo_proposals.load()

    assert (Proposal.objects.count(), ProposalEvent.objects.count()) == before


def test_demo_proposals_skip_without_the_demo_standard(db, capsys):
    demo_proposals.load()

    assert "Skipped the demo proposals" in capsys.readouterr().out
    assert not Proposal.objects.exists()
