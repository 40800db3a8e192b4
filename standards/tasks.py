"""Emails about proposals. Services queue these after their transaction commits.

Each task takes row ids, so it can run later in a worker and read what was committed.
"""

from django.tasks import task
from django.utils import timezone

from community.tasks import absolute_url, send_email

from .models import (
    Ballot,
    BallotVoter,
    ObjectionResponse,
    Position,
    ProposalComment,
    ProposalEvent,
)
from .selectors_proposals import watcher_emails


@task
def send_proposal_commented(comment_id: int) -> int:
    """To the author and watchers, except whoever wrote the comment."""
    comment = ProposalComment.objects.select_related(
        "author", "proposal__standard", "proposal__author"
    ).get(pk=comment_id)
    proposal = comment.proposal
    to = [email for email in watcher_emails(proposal=proposal) if email != comment.author.email]
    return send_email(
        to=to,
        template="standards/email/proposal_commented",
        context={
            "comment": comment,
            "proposal": proposal,
            "proposal_url": absolute_url(f"{proposal.get_absolute_url()}#comment-{comment.pk}"),
        },
    )


@task
def send_proposal_status_changed(event_id: int) -> int:
    """To the author and watchers, except whoever made the change."""
    event = ProposalEvent.objects.select_related(
        "actor", "proposal__standard", "proposal__author"
    ).get(pk=event_id)
    proposal = event.proposal
    actor_email = event.actor.email if event.actor_id else None
    to = [email for email in watcher_emails(proposal=proposal) if email != actor_email]
    return send_email(
        to=to,
        template="standards/email/proposal_status_changed",
        context={
            "event": event,
            "proposal": proposal,
            "status": event.get_to_status_display().lower(),
            "proposal_url": absolute_url(proposal.get_absolute_url()),
        },
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
def close_ballot(ballot_id: int) -> str:
    """At the deadline: close the vote if nothing else has. Idempotent."""
    # Imported here: the voting services queue this task, so importing them at module level
    # would make each module need the other first.
    from .services_voting import ballot_close_if_due

    ballot = Ballot.objects.select_related("proposal").get(pk=ballot_id)
    decision = ballot_close_if_due(proposal=ballot.proposal)
    return decision.result if decision else "not due"


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
