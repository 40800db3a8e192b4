"""Domain errors for the standards app.

Every message is written for the person who will read it, in GOV.UK style: say what is wrong
and, where it helps, what to do instead. Views show ``str(error)`` as a form error or a
flash message; the public API can use ``code``.
"""

from collections.abc import Sequence

# The names read as domain outcomes ("VersionImmutable", "NotAllowed"); an Error suffix adds
# nothing, and the base class already says what they are.
# ruff: noqa: N818
from portal.errors import DomainError
from portal.errors import InvalidState as BaseInvalidState
from portal.errors import NotAllowed as BaseNotAllowed


class StandardsError(DomainError):
    code = "standards_error"
    default_message = "There is a problem with the standard"


class VersionImmutable(StandardsError):
    """Something tried to change a version that is no longer a draft."""

    code = "version_immutable"
    default_message = (
        "This version has been published, so it cannot be changed. "
        "Create a new draft version to make changes"
    )


class NotAllowed(StandardsError, BaseNotAllowed):
    code = "not_allowed"
    default_message = "You do not have permission to do this"


class InvalidVersionNumber(StandardsError):
    code = "invalid_version_number"
    default_message = "Enter a version number in the format 1.2.3"


class InvalidState(StandardsError, BaseInvalidState):
    code = "invalid_state"
    default_message = "You cannot do this while the version is in its current state"


class ChangeSetInvalid(StandardsError):
    """Operations that cannot apply to the base version. ``problems`` says which and why."""

    code = "change_set_invalid"
    default_message = "There is a problem with the change set"

    def __init__(self, problems, message: str | None = None) -> None:
        self.problems = list(problems)
        super().__init__(message or (self.problems[0].message if self.problems else None))


class EditConflict(StandardsError):
    """Someone saved a newer revision since the person editing loaded the page."""

    code = "edit_conflict"
    default_message = (
        "This proposal has been changed since you opened it. Check the changes below, "
        "then make your edit again"
    )


class RateLimited(StandardsError):
    """Done too often in a short time; the message says when to try again."""

    code = "rate_limited"
    default_message = "You have done this too many times in a short time. Try again later"


class ReleaseRefused(StandardsError):
    """The release cannot be built as chosen. ``errors`` lists every reason, each actionable."""

    code = "release_refused"

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__(self.errors[0] if self.errors else None)
