"""Domain errors for the adoption tools.

Messages are written for the person who reads them, in GOV.UK style: what is wrong and what to
do instead. Views show ``error.message`` as a form error or a flash message.
"""

# The names read as outcomes ("NotAllowed"); an Error suffix adds nothing.
# ruff: noqa: N818

from portal.errors import DomainError
from portal.errors import InvalidState as BaseInvalidState
from portal.errors import NotAllowed as BaseNotAllowed


class AdoptionError(DomainError):
    code = "adoption_error"
    default_message = "There is a problem with the adoption register"


class NotAllowed(AdoptionError, BaseNotAllowed):
    code = "not_allowed"
    default_message = "You do not have permission to do this"


class InvalidState(AdoptionError, BaseInvalidState):
    code = "invalid_state"
    default_message = "You cannot do this to the declaration in its current state"


class VersionNotAdoptable(AdoptionError):
    """A declaration names a draft or withdrawn version."""

    code = "version_not_adoptable"
    default_message = "Choose a published version of the standard"


class EditConflict(AdoptionError):
    """Someone changed the declaration since the person editing loaded the page."""

    code = "edit_conflict"
    default_message = (
        "Someone changed this declaration since you opened it. Check its details, "
        "then make your change again"
    )
