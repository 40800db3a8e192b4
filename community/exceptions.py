"""Domain errors. Each message is written for the person who hit it, saying what to do next."""


class CommunityError(Exception):
    """Base class: a service refused a change. Nothing was written."""

    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field

    def __str__(self) -> str:
        return self.message


class NotAllowedError(CommunityError):
    """The actor may not do this."""


class InvalidStateError(CommunityError):
    """The thing has moved on, for example someone else decided the request first."""


class DuplicateError(CommunityError):
    """It already exists: an identifier, a pending request or an invitation."""


class LastConvenerError(CommunityError):
    """The change would leave a group with no convener."""


class InvitationError(CommunityError):
    """The invitation cannot be used: expired, revoked, used, or for another address."""
