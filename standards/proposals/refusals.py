"""The words a refusal about a proposal is given in, shared by the services, the pages and the
API, so each says no to the same thing in the same way (tests/portal/test_api_writes.py)."""

from standards.models import Proposal

DRAFTING = "Only members of a working group, with a confirmed email address, can propose changes"
AUTHOR_ONLY = "Only the author can change or submit this draft"
NOT_IN_THE_VOTE = "Only members of the voting groups when voting opened can vote"
ANSWERING = "Only the proposal’s author and the conveners can answer objections"


def draft_closed(proposal: Proposal) -> str:
    """The draft has been submitted (or decided), so it can no longer be changed."""
    return (
        f"{proposal.reference} is {proposal.get_status_display().lower()}, so its draft can no "
        "longer be edited"
    )
