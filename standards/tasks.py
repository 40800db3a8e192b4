"""Old dotted paths of background tasks, kept for tasks queued before issue #20.

The database task backend stores each task by dotted path and imports it when the task
runs, perhaps weeks later (votes that close, webhook retries). Nothing in the product
imports this module (import-linter forbids it). Remove it once no queued row names it:
``DBTaskResult.objects.filter(task_path__startswith='standards.tasks.')``.
"""

from standards.notify.tasks import (
    send_proposal_decided_event,
    send_version_event,
    send_version_news,
)
from standards.proposals.tasks import (
    send_proposal_commented,
    send_proposal_needs_rebase,
    send_proposal_status_changed,
)
from standards.proposals.voting.services import close_ballot
from standards.proposals.voting.tasks import (
    send_objection_answered,
    send_voting_opened,
    send_voting_reminder,
)
from standards.webhooks.services import deliver_webhook
from standards.webhooks.tasks import send_webhook_endpoint_disabled

__all__ = [
    "close_ballot",
    "deliver_webhook",
    "send_objection_answered",
    "send_proposal_commented",
    "send_proposal_decided_event",
    "send_proposal_needs_rebase",
    "send_proposal_status_changed",
    "send_version_event",
    "send_version_news",
    "send_voting_opened",
    "send_voting_reminder",
    "send_webhook_endpoint_disabled",
]
