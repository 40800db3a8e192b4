"""Locking a proposal and moving it between states.

Locks follow one order: standard, version, import run, release, comment, proposal, ballot
(LOCK_ORDER in tests/portal/test_architecture.py; docs/adr/0017-capability-packages.md).
"""

from django.db import transaction

from community.models import User
from standards.choices import ProposalEventKind, ProposalStatus
from standards.engine.workflow import proposal_move
from standards.exceptions import InvalidState
from standards.models import Proposal, ProposalEvent
from standards.proposals import tasks as proposals_tasks


def proposal_lock(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("standard", "base_version__standard", "author")
        .get(pk=proposal.pk)
    )


def _save(proposal: Proposal, *, actor: User | None, reason: str = "", fields: list[str]) -> None:
    """Save with simple-history told who and why, even outside a web request."""
    proposal._history_user = actor
    proposal._change_reason = reason or None
    proposal.save(update_fields=[*fields, "updated_at"])


def _event(proposal: Proposal, kind: str, *, actor: User | None, **fields) -> ProposalEvent:
    return ProposalEvent.objects.create(
        proposal=proposal, kind=kind, actor=actor, revision=proposal.revision, **fields
    )


def proposal_transition(
    proposal: Proposal,
    target: ProposalStatus,
    *,
    actor: User | None,
    reason: str = "",
    fields: dict | None = None,
) -> ProposalEvent:
    current = proposal.status
    proposal_move(current=current, target=target)
    proposal.status = target
    for name, value in (fields or {}).items():
        setattr(proposal, name, value)
    _save(proposal, actor=actor, reason=reason, fields=["status", *(fields or {})])
    event = _event(
        proposal,
        ProposalEventKind.STATUS_CHANGED,
        actor=actor,
        from_status=current,
        to_status=target,
        detail={"reason": reason} if reason else {},
    )
    transaction.on_commit(lambda: proposals_tasks.send_proposal_status_changed.enqueue(event.pk))
    return event


def require_current_base(proposal: Proposal) -> None:
    """Refuse to move a proposal forward while its change set describes an old version."""
    if proposal.needs_rebase:
        raise InvalidState(
            f"{proposal.reference} changes version {proposal.base_version.number}, and a newer "
            "version has been published since. Its author must rebase it first"
        )
