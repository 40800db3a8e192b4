"""The lifecycles of versions and of proposals: one table of allowed status changes each.

Services consult it before changing a status, and the model consults it again as a guard, so a
status can only move along these edges whoever writes the row.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from .choices import ProposalStatus, VersionStatus
from .exceptions import InvalidState

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


@dataclass(frozen=True)
class ProposalMove:
    verb: str
    mover: Mover
    # What must be true first, in words, for the table's readers; services enforce it.
    requires: str = ""


P = ProposalStatus

PROPOSAL_TRANSITIONS: Final[Mapping[tuple[ProposalStatus, ProposalStatus], ProposalMove]] = {
    (P.DRAFT, P.OPEN): ProposalMove(
        "submit it for comment", Mover.AUTHOR, "the change set has operations and all apply"
    ),
    (P.DRAFT, P.WITHDRAWN): ProposalMove("withdraw it", Mover.AUTHOR),
    (P.OPEN, P.WITHDRAWN): ProposalMove("withdraw it", Mover.AUTHOR),
    (P.OPEN, P.VOTING): ProposalMove(
        "start voting", Mover.MODERATOR, "the standard's minimum comment period has passed"
    ),
    (P.VOTING, P.WITHDRAWN): ProposalMove("withdraw it", Mover.AUTHOR),
    (P.VOTING, P.ACCEPTED): ProposalMove("accept it", Mover.SYSTEM, "the decision rule passes"),
    (P.VOTING, P.REJECTED): ProposalMove("reject it", Mover.SYSTEM, "the decision rule fails"),
    (P.ACCEPTED, P.RELEASED): ProposalMove("release it", Mover.STEWARD, "a version includes it"),
    # A version published after the base leaves the change set describing an old state.
    (P.DRAFT, P.STALE): ProposalMove("mark it as needing a rebase", Mover.SYSTEM),
    (P.OPEN, P.STALE): ProposalMove("mark it as needing a rebase", Mover.SYSTEM),
    (P.STALE, P.DRAFT): ProposalMove("rebase it", Mover.AUTHOR, "its operations apply"),
    (P.STALE, P.OPEN): ProposalMove("rebase it", Mover.AUTHOR, "its operations apply"),
    (P.STALE, P.WITHDRAWN): ProposalMove("withdraw it", Mover.AUTHOR),
}

# The verb of the first move into each status, for refusals: "you cannot submit it for comment".
_PROPOSAL_VERBS: dict[ProposalStatus, str] = {}
for (_source, _target), _move in PROPOSAL_TRANSITIONS.items():
    _PROPOSAL_VERBS.setdefault(_target, _move.verb)


def proposal_move(*, current: str, target: str) -> ProposalMove:
    """The table's row for ``current`` -> ``target``; ``InvalidState`` if there is none."""
    move = PROPOSAL_TRANSITIONS.get((ProposalStatus(current), ProposalStatus(target)))
    if move is None:
        status = ProposalStatus(current).label.lower()
        verb = _PROPOSAL_VERBS.get(ProposalStatus(target), "move it there")
        raise InvalidState(f"This proposal is {status}, so you cannot {verb}")
    return move
