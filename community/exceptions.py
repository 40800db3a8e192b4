"""Domain errors. Each message is written for the person who hit it, saying what to do next."""

from portal.errors import DomainError, InvalidState, NotAllowed


class CommunityError(DomainError):
    """Base class: a service refused a change. Nothing was written."""

    code = "community_error"
    default_message = "There is a problem with the community"


class NotAllowedError(CommunityError, NotAllowed):
    """The actor may not do this."""


class InvalidStateError(CommunityError, InvalidState):
    """The thing has moved on, for example someone else decided the request first."""


class DuplicateError(CommunityError):
    """It already exists: an identifier, a pending request or an invitation."""


class LastConvenerError(CommunityError):
    """The change would leave a group with no convener."""


class InvitationError(CommunityError):
    """The invitation cannot be used: expired, revoked, used, or for another address."""


class TokenError(CommunityError):
    """A personal access token cannot be created as asked: a missing name, no or unknown
    scopes, too long a life, or too many tokens already."""

    code = "token_refused"
    default_message = "The personal access token could not be created"
