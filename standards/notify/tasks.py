"""Emails about proposals. Services queue these after their transaction commits.

Each task takes row ids, so it can run later in a worker and read what was committed.
"""

from django.tasks import task

from portal.links import absolute_url
from portal.mail import send_email
from standards.models import (
    Proposal,
    ReleaseProposal,
    StandardVersion,
    StandardWatch,
    WebhookEventType,
)

# Publication, withdrawal and decisions: emails and webhooks (``standards.notify.services``) -----


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
    from standards.changelog.selectors import changelog_entry
    from standards.notify.events import changelog_url

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
    from standards.notify.events import version_event
    from standards.webhooks.services import event_queue

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
    from standards.notify.events import proposal_event
    from standards.webhooks.services import event_queue

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
