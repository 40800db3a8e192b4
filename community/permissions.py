"""Small permission predicates. Services enforce them; templates use them to show or hide actions.

Each predicate answers one question about one action, so the permission matrix tests can name
them. None of them caches: services call them again after locking rows, and must see the truth.
"""

from allauth.account.models import EmailAddress

from community.choices import MembershipRole, MembershipStatus

STEWARDS_GROUP = "Stewards"


def is_steward(user) -> bool:
    """Stewards are the data team: they run the portal and approve editorial changes."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=STEWARDS_GROUP).exists()


def _active_role(user, group) -> str | None:
    if not user.is_authenticated:
        return None
    return (
        group.memberships.filter(user=user, status=MembershipStatus.ACTIVE)
        .values_list("role", flat=True)
        .first()
    )


def is_member(user, group) -> bool:
    return _active_role(user, group) is not None


def is_convener(user, group) -> bool:
    return _active_role(user, group) == MembershipRole.CONVENER


def has_verified_email(user) -> bool:
    """Whether the person has proved they hold the address they use here.

    Community actions (saying where you work, asking to join, accepting an invitation) need it:
    conveners judge people partly by their email address, so it must be theirs. allauth refuses
    to sign in an unverified address, but a session can predate a change of address.
    """
    if not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def can_register_organisation(user) -> bool:
    return has_verified_email(user)


def can_choose_organisation(user) -> bool:
    return has_verified_email(user)


def can_request_to_join(user, group) -> bool:
    return group.is_active and not is_member(user, group) and has_verified_email(user)


def can_withdraw_request(user, join_request) -> bool:
    return user.is_authenticated and join_request.user_id == user.pk


def can_view_members(user, group) -> bool:
    """Names are shown only to the group's own members, and to stewards who oversee them."""
    return is_member(user, group) or is_steward(user)


def can_manage_group(user, group) -> bool:
    """See the convener dashboard: the group's conveners, and stewards who oversee every group."""
    return is_convener(user, group) or is_steward(user)


def can_decide_request(user, group) -> bool:
    return can_manage_group(user, group)


def can_invite(user, group) -> bool:
    return group.is_active and can_manage_group(user, group)


def can_revoke_invitation(user, group) -> bool:
    return can_manage_group(user, group)


def can_remove_member(user, membership) -> bool:
    """Conveners remove others; removing yourself is leaving, which has its own journey."""
    return membership.user_id != user.pk and can_manage_group(user, membership.group)


def can_change_role(user, group) -> bool:
    """Promote a member to convener, or make a convener a member again."""
    return can_manage_group(user, group)


def can_leave(user, membership) -> bool:
    return user.is_authenticated and membership.user_id == user.pk


def can_accept_invitation(user) -> bool:
    """Any verified person may try; the service then checks the invitation is addressed to them."""
    return has_verified_email(user)


def can_verify_organisation(user) -> bool:
    return is_steward(user)


def can_manage_organisations(user) -> bool:
    return is_steward(user)


def can_manage_groups(user) -> bool:
    """Create, change and archive working groups."""
    return is_steward(user)


def can_appoint_convener(user) -> bool:
    return is_steward(user)
