"""What publication, withdrawal and decisions tell the outside world: emails and webhooks.

Each function is called inside the transaction that makes the change and queues its work with
``transaction.on_commit``, so nothing is sent for a change that is rolled back. The tasks take
row ids and read what was committed; the event bodies are built here, from those rows.

Every event body is ``{"type", "timestamp", "data"}`` (Standard Webhooks 1.0), with absolute
links built on ``settings.PORTAL_BASE_URL``.
"""

from django.apps import apps
from django.db import transaction
from django.urls import reverse

from community.tasks import absolute_url

from . import tasks
from .choices import ProposalStatus
from .models import Proposal, StandardVersion, WebhookEventType
from .selectors_changelog import changelog_entry


def version_published(version) -> None:
    """A version was published: email the standard's watchers and the authors of the
    proposals it includes, and send ``version.published`` to the webhook endpoints."""
    _version_news(version.pk, WebhookEventType.VERSION_PUBLISHED)
    _adopters_of_superseded(version.pk)


def _adopters_of_superseded(version_id: int) -> None:
    """The one place standards calls adoption (ADR 0012): organisations that declared the
    version this one superseded get an email. Skipped when the app is not installed."""
    if not apps.is_installed("adoption"):
        return
    from adoption.tasks import send_version_superseded

    transaction.on_commit(lambda: send_version_superseded.enqueue(version_id))


def version_withdrawn(version) -> None:
    """A version was withdrawn: email as above and send ``version.withdrawn``."""
    _version_news(version.pk, WebhookEventType.VERSION_WITHDRAWN)


def proposal_decided(proposal) -> None:
    """A vote decided a proposal: send ``proposal.accepted`` or ``proposal.rejected``."""
    proposal_id = proposal.pk
    transaction.on_commit(lambda: tasks.send_proposal_decided_event.enqueue(proposal_id))


def _version_news(version_id: int, event_type: str) -> None:
    def queue() -> None:
        tasks.send_version_news.enqueue(version_id, str(event_type))
        tasks.send_version_event.enqueue(version_id, str(event_type))

    transaction.on_commit(queue)


# Event bodies -----------------------------------------------------------------------------------


def _standard_data(standard) -> dict:
    return {
        "slug": standard.slug,
        "name": standard.name,
        "url": absolute_url(standard.get_absolute_url()),
    }


def changelog_url(standard) -> str:
    return absolute_url(reverse("standards:changelog", kwargs={"standard": standard.slug}))


def version_event(*, version: StandardVersion, event_type: str) -> tuple[str, dict]:
    """The message id and body of ``version.published`` or ``version.withdrawn``."""
    entry = changelog_entry(version=version)
    version = entry.version
    standard = version.standard
    at = version.withdrawn_at if event_type == WebhookEventType.VERSION_WITHDRAWN else None
    at = at or version.published_at
    data = {
        "standard": _standard_data(standard),
        "version": version.number,
        "status": version.status,
        "published_at": version.published_at.isoformat() if version.published_at else None,
        "impact": entry.impact,
        "proposals": [proposal.reference for proposal in entry.proposals],
        "url": absolute_url(version.get_absolute_url()),
        "changelog_url": changelog_url(standard),
        "bundle_url": absolute_url(
            reverse(
                "standards:download",
                kwargs={
                    "standard": standard.slug,
                    "version": version.number,
                    "name": "bundle.schema.json",
                },
            )
        ),
    }
    if version.withdrawn_at:
        data["withdrawn_at"] = version.withdrawn_at.isoformat()
        data["withdrawn_reason"] = version.withdrawn_reason
    message_id = f"msg_{event_type.replace('.', '_')}_{version.pk}"
    return message_id, {"type": str(event_type), "timestamp": at.isoformat(), "data": data}


def proposal_event(*, proposal: Proposal) -> tuple[str, str, dict]:
    """The event type, message id and body of ``proposal.accepted`` or ``proposal.rejected``."""
    accepted = proposal.status == ProposalStatus.ACCEPTED
    event_type = (
        WebhookEventType.PROPOSAL_ACCEPTED if accepted else WebhookEventType.PROPOSAL_REJECTED
    )
    result = "accepted" if accepted else "rejected"
    at = proposal.closed_at or proposal.updated_at
    data = {
        "standard": _standard_data(proposal.standard),
        "reference": proposal.reference,
        "title": proposal.title,
        "result": result,
        "impact": proposal.impact or None,
        "base_version": proposal.base_version.number,
        "decided_at": at.isoformat(),
        "url": absolute_url(proposal.get_absolute_url()),
    }
    message_id = f"msg_proposal_{result}_{proposal.pk}_{int(at.timestamp())}"
    return (
        str(event_type),
        message_id,
        {"type": str(event_type), "timestamp": at.isoformat(), "data": data},
    )
