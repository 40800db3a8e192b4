"""The version lifecycle: the one table of allowed status changes.

Services consult it before changing a status, and the model consults it again as a guard, so a
status can only move along these edges whoever writes the row.
"""

from typing import Final

from .choices import VersionStatus
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
