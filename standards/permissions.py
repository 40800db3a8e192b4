"""Who may do what with proposals. Small predicates: services enforce them, templates use them
only to show or hide actions, and the permission matrix tests name them.

They answer "may this person do this kind of thing to this proposal"; whether the proposal's
state allows it right now is the workflow table's question (``workflow.proposal_move``).
"""

from allauth.account.models import EmailAddress

from community.choices import GroupStatus, MembershipRole, MembershipStatus
from community.models import Membership, Organisation
from community.permissions import acts_for_organisation, is_steward
from standards.models import (
    WebhookEndpoint,
)

from .choices import ProposalStatus


def _active_memberships(user):
    return Membership.objects.filter(
        user=user, status=MembershipStatus.ACTIVE, group__status=GroupStatus.ACTIVE
    )


def has_verified_email(user) -> bool:
    """Community actions are taken in someone's name, so that name must be a checked address."""
    return (
        user.is_authenticated
        and EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    )


def is_group_member(user) -> bool:
    """An active member of any active working group."""
    return user.is_authenticated and _active_memberships(user).exists()


def is_convener(user) -> bool:
    return (
        user.is_authenticated
        and _active_memberships(user).filter(role=MembershipRole.CONVENER).exists()
    )


def can_draft_proposal(user) -> bool:
    """Members of an active working group draft proposals; stewards may too."""
    return has_verified_email(user) and (is_group_member(user) or is_steward(user))


def can_view_proposal(user, proposal) -> bool:
    """A draft is its author's working copy: only they and the stewards see it."""
    if proposal.status != ProposalStatus.DRAFT:
        return True
    return user.is_authenticated and (proposal.author_id == user.pk or is_steward(user))


def is_author(user, proposal) -> bool:
    return user.is_authenticated and proposal.author_id == user.pk


def can_edit_proposal(user, proposal) -> bool:
    """Only the author edits, and only while the proposal is a draft."""
    return is_author(user, proposal) and proposal.status == ProposalStatus.DRAFT


def can_withdraw_proposal(user, proposal) -> bool:
    return is_author(user, proposal)


def can_comment(user) -> bool:
    """Members of any group discuss proposals; stewards, who run the process, may too."""
    return has_verified_email(user) and (is_group_member(user) or is_steward(user))


def can_edit_comment(user, comment) -> bool:
    return user.is_authenticated and comment.author_id == user.pk


def can_moderate(user) -> bool:
    """Conveners and stewards hide comments and move proposals to voting."""
    return is_convener(user) or is_steward(user)


def can_open_voting(user) -> bool:
    return can_moderate(user)


def can_watch(user) -> bool:
    return user.is_authenticated


def can_see_voter_names(user) -> bool:
    """Members of the community and stewards see who voted how; the public sees counts."""
    return is_group_member(user) or is_steward(user)


def can_answer_objection(user, proposal) -> bool:
    """The author or a convener answers objections (GOVERNANCE.md section 4)."""
    return is_author(user, proposal) or is_convener(user)


def can_close_early(user) -> bool:
    return can_moderate(user)


def can_manage_decision_rules(user) -> bool:
    return is_steward(user)


def can_register_endpoint(user, organisation: Organisation | None = None) -> bool:
    """Stewards register site endpoints; people who act for an organisation register its own.

    Acting for it needs proof, not just having chosen it (ADR 0016).
    """
    if organisation is None:
        return is_steward(user)
    if is_steward(user):
        return True
    return acts_for_organisation(user, organisation)


def can_manage_endpoint(user, endpoint: WebhookEndpoint) -> bool:
    """Stewards manage every endpoint; people who act for its organisation manage its own."""
    if is_steward(user):
        return True
    return endpoint.organisation_id is not None and acts_for_organisation(
        user, endpoint.organisation
    )
