"""Watching a standard for its changelog."""

from community.models import User
from standards.exceptions import NotAllowed
from standards.models import Standard, StandardWatch


def _require(allowed: bool, message: str = "You do not have permission to do that") -> None:
    if not allowed:
        raise NotAllowed(message)


def standard_watch(*, actor: User, standard: Standard) -> bool:
    """Start watching: an email at each publication or withdrawal. False if already watching."""
    _require(actor.is_authenticated, "Sign in to watch a standard")
    _watch, created = StandardWatch.objects.get_or_create(standard=standard, user=actor)
    return created


def standard_unwatch(*, actor: User, standard: Standard) -> bool:
    """Stop watching. Returns False if not watching."""
    _require(actor.is_authenticated, "Sign in to watch a standard")
    deleted, _ = StandardWatch.objects.filter(standard=standard, user=actor).delete()
    return bool(deleted)
