"""Emails about proposals. Services queue these after their transaction commits.

Each task takes row ids, so it can run later in a worker and read what was committed.
"""

from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from community.tasks import absolute_url, send_email

from .models import (
    Ballot,
    BallotVoter,
    ObjectionResponse,
    Position,
    Proposal,
    ProposalComment,
    ProposalEvent,
    ReleaseProposal,
    StandardVersion,
    StandardWatch,
    WebhookEndpoint,
    WebhookEventType,
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


# Publication, withdrawal and decisions: emails and webhooks (``standards.notifications``) -----


def _version_news_recipients(version) -> list[str]:
    """The standard's watchers and the authors of the proposals in the version's release."""
    watchers = StandardWatch.objects.filter(
        standard_id=version.standard_id, user__is_active=True
    ).values_list("user__email", flat=True)
    authors = ReleaseProposal.objects.filter(
        release__version=version, proposal__author__is_active=True
    ).values_list("proposal__author__email", flat=True)
    return sorted(set(watchers) | set(authors))


@task
def send_version_news(version_id: int, event_type: str) -> int:
    """Email watchers and included proposals' authors that a version was published or
    withdrawn. One message for each person."""
    from .notifications import changelog_url
    from .selectors_changelog import changelog_entry

    version = StandardVersion.objects.select_related("standard").get(pk=version_id)
    entry = changelog_entry(version=version)
    template = (
        "standards/email/version_withdrawn"
        if event_type == WebhookEventType.VERSION_WITHDRAWN
        else "standards/email/version_published"
    )
    return send_email(
        to=_version_news_recipients(version),
        template=template,
        context={
            "version": entry.version,
            "standard": entry.version.standard,
            "entry": entry,
            "version_url": absolute_url(version.get_absolute_url()),
            "changelog_url": changelog_url(version.standard),
        },
    )


@task
def send_version_event(version_id: int, event_type: str) -> int:
    """Queue ``version.published`` or ``version.withdrawn`` for every subscribed endpoint."""
    from .notifications import version_event
    from .services_webhooks import event_queue

    version = StandardVersion.objects.select_related("standard").get(pk=version_id)
    message_id, body = version_event(version=version, event_type=event_type)
    return len(
        event_queue(
            event_type=event_type,
            body=body,
            standard_id=version.standard_id,
            message_id=message_id,
        )
    )


@task
def send_proposal_decided_event(proposal_id: int) -> int:
    """Queue ``proposal.accepted`` or ``proposal.rejected`` for every subscribed endpoint."""
    from .notifications import proposal_event
    from .services_webhooks import event_queue

    proposal = Proposal.objects.select_related("standard", "base_version").get(pk=proposal_id)
    event_type, message_id, body = proposal_event(proposal=proposal)
    return len(
        event_queue(
            event_type=event_type,
            body=body,
            standard_id=proposal.standard_id,
            message_id=message_id,
        )
    )


@task
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at one delivery; a failure schedules the next (``delivery_attempt``)."""
    from .services_webhooks import delivery_attempt

    delivery = delivery_attempt(delivery_id=delivery_id)
    return delivery.status if delivery else "nothing to do"


@task
def send_webhook_endpoint_disabled(endpoint_id: int) -> int:
    """To whoever registered the endpoint: it was disabled, why, and where to enable it."""
    endpoint = WebhookEndpoint.objects.select_related("created_by").get(pk=endpoint_id)
    if not endpoint.created_by.is_active:
        return 0
    return send_email(
        to=[endpoint.created_by.email],
        template="standards/email/webhook_disabled",
        context={
            "endpoint": endpoint,
            "endpoint_url": absolute_url(
                reverse("standards:webhook_detail", kwargs={"pk": endpoint.pk})
            ),
        },
    )
