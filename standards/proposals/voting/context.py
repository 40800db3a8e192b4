"""What the proposal page needs from voting."""

from django.http import HttpRequest
from django.utils import timezone

from standards import permissions
from standards.engine.tally import rule_words
from standards.models import Position, Proposal
from standards.proposals.lookups import proposal_or_404
from standards.proposals.voting import selectors as selectors_voting
from standards.proposals.voting import services as services_voting


def proposal_with_vote_settled(request: HttpRequest, standard: str, reference: str) -> Proposal:
    """The proposal, after closing its vote if the deadline has passed (a write on read, so a
    vote never outlives its deadline because no worker ran)."""
    proposal = proposal_or_404(request, standard, reference)
    if services_voting.ballot_close_if_due(proposal=proposal) is not None:
        proposal = proposal_or_404(request, standard, reference)
    return proposal


def voting_context(request: HttpRequest, proposal: Proposal) -> dict:
    """What the proposal page's voting panel needs. Call after ``proposal_with_vote_settled``."""
    ballot = selectors_voting.ballot_current(proposal=proposal)
    if ballot is None:
        return {"ballot": None}
    view = selectors_voting.ballot_tally(ballot=ballot)
    user = request.user
    my_groups = selectors_voting.eligible_groups(ballot=ballot, user=user) if ballot.is_open else []
    positions_by_group: dict[int, list[Position]] = {}
    for position in view.positions:
        positions_by_group.setdefault(position.group_id, []).append(position)
    now = timezone.now()
    return {
        "ballot": ballot,
        "tally": view.tally,
        "tally_rows": [
            (group, positions_by_group.get(group.group_id, [])) for group in view.tally.groups
        ],
        "rule_words": rule_words(ballot.rule),
        "show_names": permissions.can_see_voter_names(user),
        "my_groups": my_groups,
        "my_positions": [p for p in view.positions if p.voter_id == user.pk],
        "objections": selectors_voting.objections(ballot=ballot),
        "can_answer": permissions.can_answer_objection(user, proposal),
        "can_close_early": ballot.is_open
        and permissions.can_close_early(user)
        and now >= ballot.early_close_from
        and view.tally.passes,
        "decision": getattr(ballot, "decision", None) if not ballot.is_open else None,
        "current_revision": proposal.revision,
    }
