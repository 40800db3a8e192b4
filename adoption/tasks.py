"""Old dotted paths of background tasks, kept for tasks queued before issue #20.

The database task backend stores each task by dotted path and imports it when the task
runs, perhaps weeks later (votes that close, webhook retries). Nothing in the product
imports this module (import-linter forbids it). Remove it once no queued row names it:
``DBTaskResult.objects.filter(task_path__startswith='adoption.tasks.')``.
"""

from adoption.register.tasks import send_version_superseded

__all__ = ["send_version_superseded"]
