"""Who may do what in the adoption register. Services enforce these; templates use them only
to show or hide actions, and the permission matrix tests name them.

A person speaks for the organisation they work for (``User.organisation``), and only once
they have proved their email address and a steward has verified the organisation: the register
is public, so a declaration must come from someone the organisation would vouch for.
"""

from community.permissions import has_verified_email, is_steward
from standards.permissions import is_group_member


def can_declare_adoption(user, organisation) -> bool:
    return (
        organisation is not None
        and user.is_authenticated
        and user.organisation_id == organisation.pk
        and organisation.is_verified
        and has_verified_email(user)
    )


def can_change_adoption(user, record) -> bool:
    """Any verified member of the organisation may keep its declarations up to date."""
    return can_declare_adoption(user, record.organisation)


def can_hide_adoption(user) -> bool:
    """Stewards hide false declarations, and show them again."""
    return is_steward(user)


def can_view_adoption(user, record) -> bool:
    """Hidden and withdrawn declarations stay visible to their organisation and the stewards."""
    if record.is_public:
        return True
    return is_steward(user) or (
        user.is_authenticated and user.organisation_id == record.organisation_id
    )


def can_see_affected_names(user) -> bool:
    """Which organisations a proposal would affect is for the working groups and stewards;
    everyone else sees the count."""
    return is_group_member(user) or is_steward(user)
