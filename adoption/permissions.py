"""Who may do what in the adoption register. Services enforce these; templates use them only
to show or hide actions, and the permission matrix tests name them.

A person speaks for an organisation only when they act for it (``acts_for_organisation``, ADR
0016: the organisation they chose, proven by their verified email's domain or confirmed by a
steward or convener), and only once a steward has verified the organisation: the register is
public, so a declaration must come from someone the organisation would vouch for. Choosing an
organisation is not enough.
"""

from community.permissions import acts_for_organisation, is_steward
from standards.permissions import is_group_member


def can_declare_adoption(user, organisation) -> bool:
    return (
        organisation is not None
        and organisation.is_verified
        and acts_for_organisation(user, organisation)
    )


def can_change_adoption(user, record) -> bool:
    """Anyone who acts for the organisation may keep its declarations up to date."""
    return can_declare_adoption(user, record.organisation)


def can_hide_adoption(user) -> bool:
    """Stewards hide false declarations, and show them again."""
    return is_steward(user)


def can_view_adoption(user, record) -> bool:
    """Hidden and withdrawn declarations stay visible to their organisation and the stewards."""
    if record.is_public:
        return True
    return is_steward(user) or acts_for_organisation(user, record.organisation)


def can_see_affected_names(user) -> bool:
    """Which organisations a proposal would affect is for the working groups and stewards;
    everyone else sees the count."""
    return is_group_member(user) or is_steward(user)
