"""Emails to a proposal's watchers. Queued after the commit."""

from django.tasks import task

from portal.links import absolute_url
from portal.mail import send_email
from standards.models import (
    ProposalComment,
    ProposalEvent,
)
from standards.proposals.selectors import watcher_emails


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
def send_proposal_needs_rebase(event_id: int) -> int:
    """To the author and watchers who may see the proposal: a newer version is out, so its
    change set must be rebased before it can move on."""
    event = ProposalEvent.objects.select_related("proposal__standard", "proposal__author").get(
        pk=event_id
    )
    proposal = event.proposal
    return send_email(
        to=watcher_emails(proposal=proposal),
        template="standards/email/proposal_needs_rebase",
        context={
            "event": event,
            "proposal": proposal,
            "proposal_url": absolute_url(proposal.get_absolute_url()),
        },
    )
