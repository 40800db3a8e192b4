"""Emails about community decisions. Services queue these after their transaction commits.

Each task takes row ids, not objects, so it can run later in a worker; it reads the row as it
is then, which is the decision already committed.
"""

from django.tasks import task
from django.urls import reverse

from community.choices import MembershipRole, MembershipStatus
from community.models import (
    AccessToken,
    AffiliationConfirmation,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    User,
)
from community.permissions import STEWARDS_GROUP
from portal.links import absolute_url
from portal.mail import send_email


def _send(*, to: list[str], template: str, context: dict) -> int:
    return send_email(to=to, template=f"community/email/{template}", context=context)


def _convener_emails(group_id: int) -> list[str]:
    return list(
        Membership.objects.filter(
            group_id=group_id, status=MembershipStatus.ACTIVE, role=MembershipRole.CONVENER
        ).values_list("user__email", flat=True)
    )


@task
def send_request_received(join_request_id: int) -> int:
    join_request = JoinRequest.objects.select_related("user__organisation", "group").get(
        pk=join_request_id
    )
    manage_path = reverse("community:group_manage", kwargs={"slug": join_request.group.slug})
    return _send(
        to=_convener_emails(join_request.group_id),
        template="request_received",
        context={"join_request": join_request, "manage_url": absolute_url(manage_path)},
    )


@task
def send_request_decided(join_request_id: int) -> int:
    join_request = JoinRequest.objects.select_related("user", "group", "decided_by").get(
        pk=join_request_id
    )
    return _send(
        to=[join_request.user.email],
        template="request_decided",
        context={
            "join_request": join_request,
            "group_url": absolute_url(join_request.group.get_absolute_url()),
            "account_url": absolute_url(reverse("account_overview")),
        },
    )


@task
def send_invitation(invitation_id: int) -> int:
    invitation = Invitation.objects.select_related("group", "invited_by").get(pk=invitation_id)
    return _send(
        to=[invitation.email],
        template="invitation",
        context={
            "invitation": invitation,
            "accept_url": absolute_url(invitation.get_absolute_url()),
        },
    )


@task
def send_role_changed(membership_id: int) -> int:
    membership = Membership.objects.select_related("user", "group").get(pk=membership_id)
    return _send(
        to=[membership.user.email],
        template="role_changed",
        context={
            "membership": membership,
            "group_url": absolute_url(membership.group.get_absolute_url()),
            "manage_url": absolute_url(
                reverse("community:group_manage", kwargs={"slug": membership.group.slug})
            ),
        },
    )


@task
def send_member_removed(membership_id: int, reason: str) -> int:
    membership = Membership.objects.select_related("user", "group").get(pk=membership_id)
    return _send(
        to=[membership.user.email],
        template="member_removed",
        context={"membership": membership, "reason": reason},
    )


@task
def send_organisation_registered(organisation_id: int) -> int:
    organisation = Organisation.objects.select_related("registered_by").get(pk=organisation_id)
    stewards = User.objects.filter(groups__name=STEWARDS_GROUP, is_active=True)
    return _send(
        to=list(stewards.values_list("email", flat=True)),
        template="organisation_registered",
        context={
            "organisation": organisation,
            "steward_url": absolute_url(reverse("community:steward_overview")),
        },
    )


@task
def send_organisation_verified(organisation_id: int) -> int:
    organisation = Organisation.objects.get(pk=organisation_id)
    return _send(
        to=list(organisation.people.filter(is_active=True).values_list("email", flat=True)),
        template="organisation_verified",
        context={
            "organisation": organisation,
            "groups_url": absolute_url(reverse("community:group_list")),
        },
    )


def _confirmation(confirmation_id: int) -> AffiliationConfirmation:
    return AffiliationConfirmation.objects.select_related(
        "person", "organisation", "confirmed_by", "ended_by"
    ).get(pk=confirmation_id)


@task
def send_affiliation_confirmed(confirmation_id: int) -> int:
    confirmation = _confirmation(confirmation_id)
    return _send(
        to=[confirmation.person.email],
        template="affiliation_confirmed",
        context={
            "confirmation": confirmation,
            "account_url": absolute_url(reverse("account_overview")),
        },
    )


@task
def send_affiliation_revoked(confirmation_id: int) -> int:
    confirmation = _confirmation(confirmation_id)
    return _send(
        to=[confirmation.person.email],
        template="affiliation_revoked",
        context={
            "confirmation": confirmation,
            "account_url": absolute_url(reverse("account_overview")),
        },
    )


def _token(token_id: int) -> AccessToken:
    return AccessToken.objects.select_related("owner", "revoked_by").get(pk=token_id)


@task
def send_token_created(token_id: int) -> int:
    """Tell the owner, so a token someone else made with their session does not go unseen."""
    token = _token(token_id)
    return _send(
        to=[token.owner.email],
        template="token_created",
        context={"token": token, "tokens_url": absolute_url(reverse("token_list"))},
    )


@task
def send_token_revoked(token_id: int, reason: str) -> int:
    """Tell the owner that a steward revoked their token, before whatever used it fails."""
    token = _token(token_id)
    return _send(
        to=[token.owner.email],
        template="token_revoked",
        context={
            "token": token,
            "reason": reason,
            "tokens_url": absolute_url(reverse("token_list")),
        },
    )
