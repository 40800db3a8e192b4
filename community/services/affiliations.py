"""Confirming and revoking that a person works for their organisation. See
``community.services.common``.
"""

from django.db import transaction
from django.utils import timezone

from community import permissions, tasks
from community.choices import (
    AFFILIATION_TRANSITIONS,
    ConfirmationStatus,
    ConfirmerRole,
    EventKind,
)
from community.exceptions import (
    CommunityError,
    InvalidStateError,
)
from community.models import (
    AffiliationConfirmation,
    User,
)
from community.services.common import (
    _after_commit,
    _lock,
    _on,
    _record,
    _require,
    _require_transition,
)
from portal.history import save_with_history


def _end_confirmation(
    confirmation: AffiliationConfirmation, *, actor: User | None, status: str, reason: str
) -> None:
    _require_transition(
        AFFILIATION_TRANSITIONS,
        confirmation.status,
        status,
        f"The confirmation that {confirmation.person} works for {confirmation.organisation} "
        f"was already {confirmation.get_status_display().lower()}",
    )
    confirmation.status = status
    confirmation.ended_at = timezone.now()
    confirmation.ended_by = actor
    confirmation.ended_reason = reason
    save_with_history(confirmation, actor=actor, reason=reason)
    _record(
        EventKind.AFFILIATION_REVOKED
        if status == ConfirmationStatus.REVOKED
        else EventKind.AFFILIATION_LAPSED,
        actor=actor,
        subject=confirmation.person,
        group=confirmation.group,
        organisation=confirmation.organisation,
        reason=reason,
        confirmation=confirmation.pk,
    )


@transaction.atomic
def affiliation_confirm(*, actor: User, person: User, reason: str = "") -> AffiliationConfirmation:
    """A steward or convener vouches that the person works for the organisation they chose.

    From then on the person acts for it (ADR 0016), until they choose another organisation or
    someone revokes the confirmation.
    """
    person = _lock(User, person.pk)
    _require(
        permissions.can_confirm_affiliation(actor, person),
        "You cannot confirm your own organisation. Ask a steward or a convener of your group"
        if actor.pk == person.pk
        else "Only stewards, and conveners of a group the person is in or has asked to join, "
        "can confirm where they work",
    )
    organisation = person.organisation
    if organisation is None:
        raise InvalidStateError(
            f"{person} has not said which organisation they work for, so there is nothing to "
            "confirm. Ask them to choose it from their account page first"
        )
    if not organisation.is_verified:
        raise InvalidStateError(
            f"{organisation.name} has not been verified yet. A steward must verify the "
            "organisation before anyone can confirm that people work for it"
        )
    if permissions.email_domain_proves(person, organisation):
        raise InvalidStateError(
            f"{person}'s email address is at one of {organisation.name}'s email domains, so "
            "their affiliation is already proven. There is nothing to confirm"
        )
    existing = (
        AffiliationConfirmation.objects.select_for_update(of=("self",))
        .filter(person=person, status=ConfirmationStatus.ACTIVE)
        .select_related("confirmed_by")
        .first()
    )
    if existing is not None and existing.organisation_id == organisation.pk:
        raise InvalidStateError(
            f"{existing.confirmed_by} already confirmed that {person} works for "
            f"{organisation.name} on {_on(existing.confirmed_at)}. There is nothing more to do"
        )
    if existing is not None:
        # Only reachable if the organisation changed outside the services (the admin's user
        # editor): the old confirmation no longer says anything true.
        _end_confirmation(
            existing,
            actor=actor,
            status=ConfirmationStatus.LAPSED,
            reason="They chose another organisation",
        )
    steward = permissions.is_steward(actor)
    confirmation = AffiliationConfirmation(
        person=person,
        organisation=organisation,
        confirmed_by=actor,
        confirmed_as=ConfirmerRole.STEWARD if steward else ConfirmerRole.CONVENER,
        group=None if steward else permissions.convened_group_of(actor, person),
        reason=(reason or "").strip(),
    )
    save_with_history(confirmation, actor=actor, reason=confirmation.reason or "Confirmed")
    _record(
        EventKind.AFFILIATION_CONFIRMED,
        actor=actor,
        subject=person,
        group=confirmation.group,
        organisation=organisation,
        reason=confirmation.reason,
        confirmation=confirmation.pk,
        confirmed_as=confirmation.confirmed_as,
    )
    _after_commit(tasks.send_affiliation_confirmed, confirmation.pk)
    return confirmation


@transaction.atomic
def affiliation_revoke(
    *, actor: User, confirmation: AffiliationConfirmation, reason: str
) -> AffiliationConfirmation:
    """Take a confirmation back. The person stops acting for the organisation at once."""
    confirmation = (
        AffiliationConfirmation.objects.select_for_update(of=("self",))
        .select_related("person", "organisation", "group")
        .get(pk=confirmation.pk)
    )
    _require(
        permissions.can_revoke_affiliation(actor, confirmation),
        "Only stewards, and conveners of a group the person is in, can revoke a confirmation",
    )
    reason = (reason or "").strip()
    if not reason:
        raise CommunityError("Enter a reason for revoking the confirmation", field="reason")
    _end_confirmation(confirmation, actor=actor, status=ConfirmationStatus.REVOKED, reason=reason)
    _after_commit(tasks.send_affiliation_revoked, confirmation.pk)
    return confirmation
