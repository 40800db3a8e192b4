"""The one base of every domain error (docs/adr/0017-capability-packages.md).

A service raises a domain error when the actor may not do something or the thing is in the
wrong state; nothing has been written. Each message is written in GOV.UK style for the person
who will read it: what is wrong and, where it helps, what to do instead. Views show
``str(error)`` as a form error (on ``field``, when set) or a flash message; an API problem
response uses ``code`` and ``message``.

Each app has its own base (``StandardsError``, ``CommunityError``, ``AdoptionError``) that
derives from ``DomainError``, and its "not allowed" and "invalid state" errors also derive from
``NotAllowed`` and ``InvalidState`` here, so shared code can catch those whatever the app.
"""

# The names read as outcomes ("NotAllowed"); an Error suffix adds nothing.
# ruff: noqa: N818


class DomainError(Exception):
    """A service refused a change. Nothing was written."""

    code = "error"
    default_message = "There is a problem"
    field: str | None = None

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        self.message = message or self.default_message
        if field is not None:
            self.field = field
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class NotAllowed(DomainError):
    """The actor may not do this."""

    code = "not_allowed"
    default_message = "You do not have permission to do this"


class InvalidState(DomainError):
    """The thing is not in a state that allows this, for example someone else decided first."""

    code = "invalid_state"
    default_message = "You cannot do this now"
