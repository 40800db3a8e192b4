"""Old dotted paths of background tasks, kept for tasks queued before issue #20.

The database task backend stores each task by dotted path and imports it when the task
runs, perhaps weeks later (votes that close, webhook retries). Nothing in the product
imports this module (import-linter forbids it). Remove it once no queued row names it:
``DBTaskResult.objects.filter(task_path__startswith='standards.tasks_releases.')``.
"""

from standards.releases.tasks import send_release_approval_requested

__all__ = ["send_release_approval_requested"]
