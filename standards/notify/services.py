"""What publication, withdrawal and decisions tell the outside world: emails and webhooks.

Each function is called inside the transaction that makes the change and queues its work with
``transaction.on_commit``, so nothing is sent for a change that is rolled back. The tasks take
row ids and read what was committed; the event bodies are built here, from those rows.

Every event body is ``{"type", "timestamp", "data"}`` (Standard Webhooks 1.0), with absolute
links built on ``settings.PORTAL_BASE_URL``.
"""

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from standards.models import WebhookEventType
from standards.notify import tasks


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
    for path in settings.VERSION_PUBLISHED_TASKS:
        task = import_string(path)
        transaction.on_commit(lambda task=task: task.enqueue(version_id))


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
