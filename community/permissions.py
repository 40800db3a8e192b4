"""Small permission predicates. Services enforce them; templates use them to show or hide actions.

Each predicate answers one question about one action, so the permission matrix tests can name
them. None of them caches: services call them again after locking rows, and must see the truth.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef

from community.choices import (
    AffiliationStanding,
    ConfirmationStatus,
    GroupStatus,
    JoinRequestStatus,
    MembershipRole,
    MembershipStatus,
)
from community.models import (
    AffiliationConfirmation,
    JoinRequest,
    Membership,
    OrganisationDomain,
    WorkingGroup,
)
from community.validators import PUBLIC_EMAIL_DOMAINS, normalise_domain

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


# Affiliation: acting for an organisation (ADR 0016) -------------------------------------------
#
# Choosing an organisation on "Your organisation" is only the person's word. It lets them ask to
# join the right group, and conveners see it labelled. Acting for the organisation (its webhook
# endpoints, its declarations in the adoption register, anything organisation-scoped added
# later) needs proof, checked live on every call so that losing the proof removes the power at
# once: no background job, no cached flag.


@dataclass(frozen=True)
class Affiliation:
    """The organisation a person chose, and what backs it up."""

    organisation: object
    standing: AffiliationStanding
    confirmation: AffiliationConfirmation | None = None

    @property
    def is_proven(self) -> bool:
        return self.standing != AffiliationStanding.SELF_DECLARED

    @property
    def label(self) -> str:
        if self.confirmation is not None and self.standing == AffiliationStanding.CONFIRMED:
            return f"Confirmed by a {self.confirmation.get_confirmed_as_display().lower()}"
        return self.standing.label


def email_domain_of(user) -> str:
    return normalise_domain(user.email)


def email_domain_proves(user, organisation) -> bool:
    """The person's verified address is at one of the organisation's email domains.

    Exact match only, ignoring case: jo@repairs.example.org.uk does not prove a link to an
    organisation whose domain is example.org.uk, because organisations hand out addresses at
    subdomains to people who do not work for them (tenants, contractors, mailing services).
    Stewards add a subdomain as a domain of its own if it is the organisation's staff's.
    """
    if organisation is None or not has_verified_email(user):
        return False
    domain = email_domain_of(user)
    if not domain or domain in PUBLIC_EMAIL_DOMAINS:
        return False
    return OrganisationDomain.objects.filter(
        organisation_id=organisation.pk, domain__iexact=domain
    ).exists()


def active_confirmation(user, organisation) -> AffiliationConfirmation | None:
    """The steward's or convener's confirmation that still stands for this organisation."""
    if organisation is None or not user.is_authenticated:
        return None
    return (
        AffiliationConfirmation.objects.filter(
            person_id=user.pk, organisation_id=organisation.pk, status=ConfirmationStatus.ACTIVE
        )
        .select_related("confirmed_by")
        .first()
    )


def affiliation(user, organisation=None) -> Affiliation | None:
    """The person's chosen organisation and its standing; None if they have not chosen one.

    Pass `organisation` when the caller has already read the person's, to save a query.
    Without a verified email address nothing is proven, confirmation or not.
    """
    if not user.is_authenticated or user.organisation_id is None:
        return None
    if organisation is None or organisation.pk != user.organisation_id:
        organisation = user.organisation
    if not has_verified_email(user):
        return Affiliation(organisation, AffiliationStanding.SELF_DECLARED)
    if email_domain_proves(user, organisation):
        return Affiliation(organisation, AffiliationStanding.EMAIL_DOMAIN)
    confirmation = active_confirmation(user, organisation)
    if confirmation is not None:
        return Affiliation(organisation, AffiliationStanding.CONFIRMED, confirmation)
    return Affiliation(organisation, AffiliationStanding.SELF_DECLARED)


def acts_for_organisation(user, organisation) -> bool:
    """The one test of whether a person may act for an organisation.

    They must have chosen it, hold a verified email address, and have it proven: that address
    is at one of the organisation's email domains, or a steward or convener confirmed it and
    the confirmation still stands. Stewards' own powers are granted by the callers, not here.
    selectors.people_acting_for is the same rule in SQL, for lists and emails.
    """
    if organisation is None or not user.is_authenticated:
        return False
    if user.organisation_id != organisation.pk:
        return False
    return affiliation(user, organisation).is_proven


def convened_group_of(user, person) -> WorkingGroup | None:
    """An active group the user convenes that the person belongs to or has asked to join.

    Conveners vouch only for people they deal with as conveners.
    """
    if not user.is_authenticated:
        return None
    belongs = Exists(
        Membership.objects.filter(
            group=OuterRef("pk"), user_id=person.pk, status=MembershipStatus.ACTIVE
        )
    ) | Exists(
        JoinRequest.objects.filter(
            group=OuterRef("pk"), user_id=person.pk, status=JoinRequestStatus.PENDING
        )
    )
    return (
        WorkingGroup.objects.filter(
            belongs,
            status=GroupStatus.ACTIVE,
            memberships__user_id=user.pk,
            memberships__status=MembershipStatus.ACTIVE,
            memberships__role=MembershipRole.CONVENER,
        )
        .order_by("name")
        .first()
    )


def can_confirm_affiliation(user, person) -> bool:
    """Stewards confirm anyone; conveners confirm people in, or asking to join, their groups.

    Nobody confirms themselves: the point is that someone else vouches.
    """
    if not user.is_authenticated or user.pk == person.pk:
        return False
    return is_steward(user) or convened_group_of(user, person) is not None


def can_revoke_affiliation(user, confirmation) -> bool:
    """Whoever could confirm the person may take a confirmation back."""
    return can_confirm_affiliation(user, confirmation.person)


# Personal access tokens -------------------------------------------------------------------------


def can_create_token(user) -> bool:
    """Tokens act as their owner, and their emails go to the owner's address, so it must be
    theirs."""
    return user.is_authenticated and user.is_active and has_verified_email(user)


def can_see_token(user, token) -> bool:
    """The owner, and stewards who oversee every token. Anyone else is told it does not exist."""
    return user.is_authenticated and (token.owner_id == user.pk or is_steward(user))


def can_revoke_token(user, token) -> bool:
    return can_see_token(user, token)
