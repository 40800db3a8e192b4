"""Saving with django-simple-history told who made the change and why.

Services save through this, not ``instance.save()``, so the history row names the actor and
the reason even outside a web request (in a task, a command or the shell).
"""

from django.db.models import Model


def save_with_history(instance: Model, *, actor, reason: str = "", **kwargs) -> None:
    """Save ``instance`` (``save(**kwargs)``) with simple-history told who and why."""
    instance._history_user = actor
    instance._change_reason = reason or None
    instance.save(**kwargs)
