"""Emails about votes. Queued after the commit."""

from django.tasks import task
from django.utils import timezone

from portal.links import absolute_url
from portal.mail import send_email
from standards.models import (
    Ballot,
    BallotVoter,
    ObjectionResponse,
    Position,
)


@task
def send_voting_opened(ballot_id: int) -> int:
    """To every eligible voter: what is being decided, by when, and where to vote."""
    ballot = Ballot.objects.select_related("proposal__standard").get(pk=ballot_id)
    to = list(
        BallotVoter.objects.filter(ballot=ballot, user__is_active=True)
        .values_list("user__email", flat=True)
        .distinct()
    )
    return send_email(
        to=to,
        template="standards/email/voting_opened",
        context={
            "ballot": ballot,
            "proposal": ballot.proposal,
            "vote_url": absolute_url(f"{ballot.proposal.get_absolute_url()}#voting"),
        },
    )


@task
def send_voting_reminder(ballot_id: int) -> int:
    """Two days before the deadline, to eligible voters who have not cast anything yet."""
    ballot = Ballot.objects.select_related("proposal__standard").get(pk=ballot_id)
    if not ballot.is_open or ballot.reminded_at is not None:
        return 0
    cast = set(Position.objects.filter(ballot=ballot).values_list("group_id", "voter_id"))
    to = sorted(
        {
            email
            for group_id, user_id, email in BallotVoter.objects.filter(
                ballot=ballot, user__is_active=True
            ).values_list("group_id", "user_id", "user__email")
            if (group_id, user_id) not in cast
        }
    )
    Ballot.objects.filter(pk=ballot.pk).update(reminded_at=timezone.now())
    return send_email(
        to=to,
        template="standards/email/voting_reminder",
        context={
            "ballot": ballot,
            "proposal": ballot.proposal,
            "vote_url": absolute_url(f"{ballot.proposal.get_absolute_url()}#voting"),
        },
    )


@task
def send_objection_answered(response_id: int) -> int:
    """To the objector: how the author or a convener answered their objection."""
    response = ObjectionResponse.objects.select_related(
        "responder", "objection__voter", "objection__ballot__proposal__standard"
    ).get(pk=response_id)
    proposal = response.objection.ballot.proposal
    return send_email(
        to=[response.objection.voter.email],
        template="standards/email/objection_answered",
        context={
            "response": response,
            "proposal": proposal,
            "proposal_url": absolute_url(f"{proposal.get_absolute_url()}#objections"),
        },
    )
