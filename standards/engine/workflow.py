"""The lifecycles of versions and of proposals: one table of allowed status changes each.

Services consult it before changing a status, and the model consults it again as a guard, so a
status can only move along these edges whoever writes the row.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from standards.choices import ProposalStatus, ReleaseStatus, VersionStatus
from standards.exceptions import InvalidState

ALLOWED_TRANSITIONS: Final[frozenset[tuple[VersionStatus, VersionStatus]]] = frozenset(
    {
        (VersionStatus.DRAFT, VersionStatus.PUBLISHED),
        # Only as a consequence of publishing the next version.
        (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED),
        (VersionStatus.PUBLISHED, VersionStatus.WITHDRAWN),
        (VersionStatus.SUPERSEDED, VersionStatus.WITHDRAWN),
    }
)

# Statuses whose contents are frozen. Everything except a draft.
LOCKED_STATUSES: Final[frozenset[VersionStatus]] = frozenset(VersionStatus) - {VersionStatus.DRAFT}

_VERBS = {
    VersionStatus.DRAFT: "return it to draft",
    VersionStatus.PUBLISHED: "publish it",
    VersionStatus.SUPERSEDED: "mark it as superseded",
    VersionStatus.WITHDRAWN: "withdraw it",
}


def transition_allowed(current: str, target: str) -> bool:
    return (current, target) in ALLOWED_TRANSITIONS


def transition_assert(*, current: str, target: str, label: str = "This version") -> None:
    """Raise ``InvalidState`` unless the table allows ``current`` -> ``target``."""
    if not transition_allowed(current, target):
        status = VersionStatus(current).label.lower()
        raise InvalidState(f"{label} is {status}, so you cannot {_VERBS[VersionStatus(target)]}")


# Proposals ---------------------------------------------------------------------------------------


class Mover(StrEnum):
    """Who may make a move: the proposal's author, a convener or steward, a steward, or the
    portal itself (closing a vote, publishing a version)."""

    AUTHOR = "author"
    MODERATOR = "moderator"
    STEWARD = "steward"
    SYSTEM = "system"
    # Releases: the steward who asks for a draft to be published, and a second steward who
    # neither wrote the draft nor requested it, nor wrote a proposal in it.
    REQUESTER = "requester"
    SECOND_STEWARD = "second_steward"


@dataclass(frozen=True)
class Move:
    verb: str
    mover: Mover
    # What must be true first, in words, for the table's readers; services enforce it.
    requires: str = ""


P = ProposalStatus

PROPOSAL_TRANSITIONS: Final[Mapping[tuple[ProposalStatus, ProposalStatus], Move]] = {
    (P.DRAFT, P.OPEN): Move(
        "submit it for comment", Mover.AUTHOR, "the change set has operations and all apply"
    ),
    (P.DRAFT, P.WITHDRAWN): Move("withdraw it", Mover.AUTHOR),
    (P.OPEN, P.WITHDRAWN): Move("withdraw it", Mover.AUTHOR),
    (P.OPEN, P.VOTING): Move(
        "start voting", Mover.MODERATOR, "the standard's minimum comment period has passed"
    ),
    (P.VOTING, P.WITHDRAWN): Move("withdraw it", Mover.AUTHOR),
    (P.VOTING, P.ACCEPTED): Move("accept it", Mover.SYSTEM, "the decision rule passes"),
    (P.VOTING, P.REJECTED): Move("reject it", Mover.SYSTEM, "the decision rule fails"),
    (P.ACCEPTED, P.RELEASED): Move("release it", Mover.STEWARD, "a version includes it"),
}
# A version published after a proposal's base leaves its change set describing an old state.
# That is the ``needs_rebase`` flag, not a status: a rebase keeps the status, and a proposal
# that needs one can make no move forward until it is rebased (``REBASE_FIRST``).
REBASE_FIRST: Final[frozenset[ProposalStatus]] = frozenset({P.OPEN, P.VOTING})

# The verb of the first move into each status, for refusals: "you cannot submit it for comment".
_PROPOSAL_VERBS: dict[ProposalStatus, str] = {}
for (_source, _target), _move in PROPOSAL_TRANSITIONS.items():
    _PROPOSAL_VERBS.setdefault(_target, _move.verb)


def proposal_move(*, current: str, target: str) -> Move:
    """The table's row for ``current`` -> ``target``; ``InvalidState`` if there is none."""
    move = PROPOSAL_TRANSITIONS.get((ProposalStatus(current), ProposalStatus(target)))
    if move is None:
        status = ProposalStatus(current).label.lower()
        verb = _PROPOSAL_VERBS.get(ProposalStatus(target), "move it there")
        raise InvalidState(f"This proposal is {status}, so you cannot {verb}")
    return move


# Releases ----------------------------------------------------------------------------------------

R = ReleaseStatus

RELEASE_TRANSITIONS: Final[Mapping[tuple[ReleaseStatus, ReleaseStatus], Move]] = {
    (R.AWAITING_APPROVAL, R.PUBLISHED): Move(
        "approve and publish it",
        Mover.SECOND_STEWARD,
        "the draft is what the requester asked to publish",
    ),
    (R.AWAITING_APPROVAL, R.REJECTED): Move("reject it", Mover.SECOND_STEWARD, "a reason is given"),
    (R.AWAITING_APPROVAL, R.WITHDRAWN): Move("withdraw the request", Mover.REQUESTER),
    (R.REJECTED, R.AWAITING_APPROVAL): Move("request approval again", Mover.STEWARD),
    (R.WITHDRAWN, R.AWAITING_APPROVAL): Move("request approval again", Mover.STEWARD),
}

_RELEASE_VERBS: dict[ReleaseStatus, str] = {}
for (_source, _target), _move in RELEASE_TRANSITIONS.items():
    _RELEASE_VERBS.setdefault(_target, _move.verb)


def release_move(*, current: str, target: str, number: str) -> Move:
    """The table's row for ``current`` -> ``target``; ``InvalidState`` if there is none."""
    move = RELEASE_TRANSITIONS.get((ReleaseStatus(current), ReleaseStatus(target)))
    if move is None:
        status = ReleaseStatus(current).label.lower()
        verb = _RELEASE_VERBS.get(ReleaseStatus(target), "move it there")
        raise InvalidState(
            f"The request to publish version {number} is {status}, so you cannot {verb}"
        )
    return move
