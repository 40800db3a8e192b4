"""Tasks queued before the restructure (issue #20) still run after it.

The database task backend stores each task by dotted path (``DBTaskResult.task_path``) and
imports that path when the task runs: a vote's close is queued for its deadline weeks ahead,
and webhook retries for hours ahead. The old paths stay as aliases of the tasks' new homes.
"""

import pytest
from django.tasks import Task
from django.utils.module_loading import import_string

OLD_TO_NEW = {
    "standards.tasks.send_proposal_commented": "standards.proposals.tasks.send_proposal_commented",
    "standards.tasks.send_proposal_status_changed": (
        "standards.proposals.tasks.send_proposal_status_changed"
    ),
    "standards.tasks.send_voting_opened": "standards.proposals.voting.tasks.send_voting_opened",
    "standards.tasks.send_voting_reminder": "standards.proposals.voting.tasks.send_voting_reminder",
    "standards.tasks.send_objection_answered": (
        "standards.proposals.voting.tasks.send_objection_answered"
    ),
    "standards.tasks.close_ballot": "standards.proposals.voting.services.close_ballot",
    "standards.tasks.send_version_news": "standards.notify.tasks.send_version_news",
    "standards.tasks.send_version_event": "standards.notify.tasks.send_version_event",
    "standards.tasks.send_proposal_decided_event": (
        "standards.notify.tasks.send_proposal_decided_event"
    ),
    "standards.tasks.deliver_webhook": "standards.webhooks.services.deliver_webhook",
    "standards.tasks.send_webhook_endpoint_disabled": (
        "standards.webhooks.tasks.send_webhook_endpoint_disabled"
    ),
    "standards.tasks_releases.send_release_approval_requested": (
        "standards.releases.tasks.send_release_approval_requested"
    ),
    "adoption.tasks.send_version_superseded": "adoption.register.tasks.send_version_superseded",
}


@pytest.mark.parametrize(("old", "new"), OLD_TO_NEW.items())
def test_an_old_task_path_imports_the_task_at_its_new_home(old, new):
    task = import_string(old)

    assert isinstance(task, Task)
    assert task is import_string(new)
    assert task.module_path == new


@pytest.mark.django_db
def test_a_task_stored_under_its_old_path_runs(settings):
    """A row written before the move, naming the old path, is run by the database worker."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queued = import_string(OLD_TO_NEW["standards.tasks.deliver_webhook"]).enqueue(0)
    row = DBTaskResult.objects.get(id=queued.id)
    row.task_path = "standards.tasks.deliver_webhook"
    row.save(update_fields=["task_path"])

    row.refresh_from_db()
    task = row.task  # what the worker does: import_string(row.task_path)

    assert task.module_path == "standards.webhooks.services.deliver_webhook"
    assert task.call(0) == "nothing to do"
