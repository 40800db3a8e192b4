"""Writes to proposals: drafting, editing the change set, the lifecycle, comments and watching.

Each service is atomic, locks the proposal, checks permission (``permissions``) and state (the
table in ``workflow``), writes the change with its ``ProposalEvent``, and queues email only
after commit. Each is callable without a request, with the actor passed in, so the API can
call the same functions as the web forms.
"""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from community.models import User
from standards import permissions
from standards.catalogue.selectors import version_latest_published
from standards.choices import ProposalEventKind, ProposalStatus, VersionStatus
from standards.engine.changesets import Operation, Problem
from standards.engine.workflow import proposal_move
from standards.exceptions import (
    ChangeSetInvalid,
    EditConflict,
    InvalidState,
    NotAllowed,
    StandardsError,
)
from standards.limits import COMMENT_MAX_LENGTH
from standards.models import (
    Proposal,
    ProposalComment,
    ProposalOperation,
    ProposalWatch,
    Standard,
    StandardVersion,
)
from standards.proposals import refusals
from standards.proposals import tasks as proposals_tasks
from standards.proposals.selectors import changeset_outcome
from standards.proposals.transitions import (
    _event,
    _save,
    proposal_lock,
    proposal_transition,
    require_current_base,
)

DETAIL_FIELDS = ("title", "problem", "use_case", "affected")


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _clean_details(details: dict) -> dict:
    cleaned = {name: (details.get(name) or "").strip() for name in DETAIL_FIELDS}
    missing = {
        "title": "Enter a title for your proposal",
        "problem": "Enter the problem your proposal solves",
        "use_case": "Enter the use case: what someone needs to do",
        "affected": "Enter who is affected by the change",
    }
    for name, message in missing.items():
        if not cleaned[name]:
            raise StandardsError(message)
    if len(cleaned["title"]) > 200:
        raise StandardsError("Enter a title of 200 characters or fewer")
    return cleaned


def _check_base(version: StandardVersion) -> None:
    if version.status != VersionStatus.PUBLISHED:
        raise InvalidState(
            f"Version {version.number} of {version.standard} is "
            f"{version.get_status_display().lower()}. Propose changes to the current published "
            "version instead"
        )


def _check_operations(*, version: StandardVersion, operations: Sequence[Operation]):
    outcome = changeset_outcome(version=version, operations=operations)
    if outcome.problems:
        raise ChangeSetInvalid(outcome.problems)
    return outcome


def proposal_create(
    *,
    actor: User,
    base_version: StandardVersion,
    title: str,
    problem: str,
    use_case: str,
    affected: str,
    operations: Sequence[Operation] = (),
) -> Proposal:
    """Start a draft proposal against the published ``base_version``. The author watches it."""
    _require(
        permissions.can_draft_proposal(actor),
        refusals.DRAFTING,
    )
    details = _clean_details(
        {"title": title, "problem": problem, "use_case": use_case, "affected": affected}
    )
    with transaction.atomic():
        # Serialises numbering within the standard.
        standard = Standard.objects.select_for_update(of=("self",)).get(pk=base_version.standard_id)
        base_version = StandardVersion.objects.select_related("standard").get(pk=base_version.pk)
        _check_base(base_version)
        outcome = _check_operations(version=base_version, operations=operations)
        number = (standard.proposals.aggregate(top=Max("number"))["top"] or 0) + 1
        proposal = Proposal(
            standard=standard,
            number=number,
            reference=f"{standard.reference_prefix}-{number:04d}",
            base_version=base_version,
            author=actor,
            organisation=actor.organisation,
            impact=outcome.impact.label if outcome.classified else "",
            **details,
        )
        proposal._history_user = actor
        proposal.save()
        _operations_write(proposal, operations)
        _event(proposal, ProposalEventKind.CREATED, actor=actor, to_status=ProposalStatus.DRAFT)
        ProposalWatch.objects.get_or_create(proposal=proposal, user=actor)
    return proposal


def _operations_write(proposal: Proposal, operations: Sequence[Operation]) -> None:
    proposal.operations.all().delete()
    for position, operation in enumerate(operations, start=1):
        row = ProposalOperation.from_operation(operation, proposal=proposal, position=position)
        row.save()


def _check_revision(proposal: Proposal, expected_revision: int | None) -> None:
    if expected_revision is not None and proposal.revision != expected_revision:
        raise EditConflict


def proposal_update(
    *, actor: User, proposal: Proposal, expected_revision: int | None = None, **details
) -> Proposal:
    """Change the title, problem, use case or who is affected, while the proposal is a draft.

    ``expected_revision`` is the revision the editor loaded: if someone saved since, the edit
    is refused with ``EditConflict`` rather than overwriting theirs.
    """
    with transaction.atomic():
        proposal = proposal_lock(proposal)
        _require(permissions.is_author(actor, proposal), "Only the author can edit this proposal")
        _require_draft(proposal)
        _check_revision(proposal, expected_revision)
        cleaned = _clean_details(
            {name: details.get(name, getattr(proposal, name)) for name in DETAIL_FIELDS}
        )
        changed = {
            name: value for name, value in cleaned.items() if getattr(proposal, name) != value
        }
        if not changed:
            return proposal
        for name, value in changed.items():
            setattr(proposal, name, value)
        proposal.revision += 1
        _save(proposal, actor=actor, fields=[*changed, "revision"])
        _event(proposal, ProposalEventKind.EDITED, actor=actor, detail={"fields": sorted(changed)})
    return proposal


def _require_draft(proposal: Proposal) -> None:
    if not proposal.is_draft:
        raise InvalidState(
            f"This proposal is {proposal.get_status_display().lower()}, so its draft can no "
            "longer be edited"
        )


def proposal_operations_set(
    *,
    actor: User,
    proposal: Proposal,
    operations: Sequence[Operation],
    expected_revision: int | None = None,
) -> Proposal:
    """Replace the change set of a draft with ``operations``, all of which must apply.

    Raises ``ChangeSetInvalid`` (with each problem), ``EditConflict`` or ``InvalidState``.
    """
    with transaction.atomic():
        proposal = proposal_lock(proposal)
        _require(
            permissions.is_author(actor, proposal), "Only the author can change the change set"
        )
        _require_draft(proposal)
        require_current_base(proposal)
        _check_revision(proposal, expected_revision)
        current = [row.as_operation() for row in proposal.operations.all()]
        if current == list(operations):
            return proposal
        outcome = _check_operations(version=proposal.base_version, operations=operations)
        _operations_write(proposal, operations)
        proposal.revision += 1
        proposal.impact = outcome.impact.label if outcome.classified else ""
        _save(proposal, actor=actor, fields=["revision", "impact"])
        _event(
            proposal,
            ProposalEventKind.CHANGE_SET_EDITED,
            actor=actor,
            detail={"operations": len(operations), "impact": proposal.impact},
        )
    return proposal


def proposal_operation_add(
    *, actor: User, proposal: Proposal, operation: Operation, expected_revision: int | None = None
) -> Proposal:
    current = [row.as_operation() for row in proposal.operations.all()]
    return proposal_operations_set(
        actor=actor,
        proposal=proposal,
        operations=[*current, operation],
        expected_revision=expected_revision,
    )


def proposal_operation_remove(
    *, actor: User, proposal: Proposal, position: int, expected_revision: int | None = None
) -> Proposal:
    """Drop the operation at ``position`` (1-based). Later ones that needed it then fail."""
    current = [row.as_operation() for row in proposal.operations.all()]
    if not 1 <= position <= len(current):
        raise StandardsError("That change is no longer in the change set")
    del current[position - 1]
    return proposal_operations_set(
        actor=actor, proposal=proposal, operations=current, expected_revision=expected_revision
    )


def proposal_submit(*, actor: User, proposal: Proposal) -> Proposal:
    """Open a draft for comment. Its change set must be non-empty and still apply."""
    with transaction.atomic():
        proposal = proposal_lock(proposal)
        _require(permissions.is_author(actor, proposal), "Only the author can submit a proposal")
        proposal_move(current=proposal.status, target=ProposalStatus.OPEN)
        require_current_base(proposal)
        _check_base(proposal.base_version)
        operations = [row.as_operation() for row in proposal.operations.all()]
        if not operations:
            raise StandardsError("Add at least one change before you submit the proposal")
        _check_operations(version=proposal.base_version, operations=operations)
        proposal_transition(
            proposal, ProposalStatus.OPEN, actor=actor, fields={"opened_at": timezone.now()}
        )
    return proposal


def proposal_withdraw(*, actor: User, proposal: Proposal, reason: str = "") -> Proposal:
    """The author withdraws the proposal, at any point before a decision.

    A vote past its deadline is decided first, so a proposal cannot be withdrawn once its
    vote is over just because nothing has closed it yet.
    """
    # Imported here: the voting services build on this module.
    from standards.proposals.voting.services import ballot_close_if_due

    ballot_close_if_due(proposal=proposal)
    with transaction.atomic():
        proposal = proposal_lock(proposal)
        _require(
            permissions.can_withdraw_proposal(actor, proposal),
            "Only the author can withdraw a proposal",
        )
        now = timezone.now()
        proposal_transition(
            proposal,
            ProposalStatus.WITHDRAWN,
            actor=actor,
            reason=reason.strip(),
            fields={"closed_at": now},
        )
        # A withdrawn proposal's vote is sealed without a decision.
        proposal.ballots.filter(closed_at__isnull=True).update(closed_at=now)
    return proposal


# Comments ----------------------------------------------------------------------------------------


def _clean_body(body: str) -> str:
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise StandardsError("Enter your comment")
    if len(body) > COMMENT_MAX_LENGTH:
        raise StandardsError(f"Enter a comment of {COMMENT_MAX_LENGTH:,} characters or fewer")
    return body


def comment_add(
    *, actor: User, proposal: Proposal, body: str, parent: ProposalComment | None = None
) -> ProposalComment:
    """Comment on a proposal open to discussion, or reply to a top-level comment."""
    body = _clean_body(body)
    with transaction.atomic():
        proposal = proposal_lock(proposal)
        _require(
            permissions.can_comment(actor),
            "Only members of a working group, with a confirmed email address, can comment",
        )
        if proposal.is_closed or proposal.is_draft:
            raise InvalidState(
                f"This proposal is {proposal.get_status_display().lower()}, so it is not open "
                "for comments"
            )
        if parent is not None:
            parent = ProposalComment.objects.get(pk=parent.pk)
            if parent.proposal_id != proposal.pk:
                raise StandardsError("Reply to a comment on this proposal")
            # Replies are one level deep: a reply to a reply joins the same thread.
            if parent.parent_id is not None:
                parent = parent.parent
        comment = ProposalComment(
            proposal=proposal, author=actor, parent=parent, body=body, revision=proposal.revision
        )
        comment._history_user = actor
        comment.save()
        _event(proposal, ProposalEventKind.COMMENTED, actor=actor, comment=comment)
        ProposalWatch.objects.get_or_create(proposal=proposal, user=actor)
        transaction.on_commit(lambda: proposals_tasks.send_proposal_commented.enqueue(comment.pk))
    return comment


def comment_edit(*, actor: User, comment: ProposalComment, body: str) -> ProposalComment:
    """The author edits their comment; simple-history keeps every earlier text."""
    body = _clean_body(body)
    with transaction.atomic():
        comment = ProposalComment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
        _require(permissions.can_edit_comment(actor, comment), "You can only edit your comments")
        if comment.is_hidden:
            raise InvalidState("This comment has been hidden, so it cannot be edited")
        proposal = proposal_lock(comment.proposal)
        if proposal.is_closed:
            raise InvalidState("This proposal is closed, so its comments cannot be edited")
        if comment.body == body:
            return comment
        comment.body = body
        comment.edited_at = timezone.now()
        comment._history_user = actor
        comment.save(update_fields=["body", "edited_at"])
        _event(proposal, ProposalEventKind.COMMENT_EDITED, actor=actor, comment=comment)
    return comment


def comment_hide(*, actor: User, comment: ProposalComment, reason: str) -> ProposalComment:
    """A convener or steward hides a comment, giving a reason that everyone sees."""
    reason = (reason or "").strip()
    if not reason:
        raise StandardsError("Enter why you are hiding this comment")
    with transaction.atomic():
        comment = ProposalComment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
        _require(permissions.can_moderate(actor), "Only conveners and stewards can hide comments")
        if comment.is_hidden:
            raise InvalidState("This comment is already hidden")
        comment.hidden_at = timezone.now()
        comment.hidden_by = actor
        comment.hidden_reason = reason
        comment._history_user = actor
        comment._change_reason = reason
        comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        proposal = proposal_lock(comment.proposal)
        _event(
            proposal,
            ProposalEventKind.COMMENT_HIDDEN,
            actor=actor,
            comment=comment,
            detail={"reason": reason},
        )
    return comment


# Watching ----------------------------------------------------------------------------------------


def proposal_watch(*, actor: User, proposal: Proposal) -> bool:
    """Start watching. Returns False if already watching."""
    _require(permissions.can_watch(actor), "Sign in to watch a proposal")
    _require(
        permissions.can_view_proposal(actor, proposal), "You do not have permission to do that"
    )
    _watch, created = ProposalWatch.objects.get_or_create(proposal=proposal, user=actor)
    return created


def proposal_unwatch(*, actor: User, proposal: Proposal) -> bool:
    """Stop watching. Returns False if not watching."""
    _require(permissions.can_watch(actor), "Sign in to watch a proposal")
    deleted, _ = ProposalWatch.objects.filter(proposal=proposal, user=actor).delete()
    return bool(deleted)


# Releases and rebasing ---------------------------------------------------------------------------


def proposal_released(*, actor: User, proposal: Proposal, version: StandardVersion) -> Proposal:
    """Mark an accepted proposal released in ``version``. For ``services_releases`` only, inside
    the transaction that publishes the version."""
    proposal = proposal_lock(proposal)
    if proposal.status != ProposalStatus.ACCEPTED:
        raise InvalidState(
            f"{proposal.reference} is {proposal.get_status_display().lower()}, so it cannot be "
            "released. Only accepted proposals can be released"
        )
    proposal_transition(
        proposal,
        ProposalStatus.RELEASED,
        actor=actor,
        reason=f"Released in version {version.number}",
    )
    return proposal


REBASE_NEEDED_FOR = (ProposalStatus.DRAFT, ProposalStatus.OPEN)


def proposals_mark_stale(*, version: StandardVersion) -> list[Proposal]:
    """Drafts and open proposals of ``version``'s standard on an older base now need a rebase.

    Called by ``services.version_publish`` inside the transaction that publishes ``version``.
    Only the ``needs_rebase`` flag changes: the status, and so who may see the proposal, stays.
    """
    rows = list(
        Proposal.objects.select_for_update(of=("self",))
        .select_related("standard", "base_version__standard", "author")
        .filter(
            standard_id=version.standard_id,
            status__in=REBASE_NEEDED_FOR,
            needs_rebase=False,
        )
        .exclude(base_version=version)
        .order_by("pk")
    )
    for proposal in rows:
        proposal.needs_rebase = True
        # Short: simple-history keeps it as the change reason, of at most 100 characters.
        reason = (
            f"Version {version.number} was published after version {proposal.base_version.number}"
        )
        _save(proposal, actor=None, reason=reason, fields=["needs_rebase"])
        event = _event(
            proposal,
            ProposalEventKind.NEEDS_REBASE,
            actor=None,
            detail={"reason": reason, "published": version.number},
        )
        transaction.on_commit(
            lambda event_id=event.pk: proposals_tasks.send_proposal_needs_rebase.enqueue(event_id)
        )
    return rows


def _redline(outcome) -> list[dict]:
    return [change.as_json() for change in outcome.component_diffs()]


def proposal_rebase(
    *, actor: User, proposal: Proposal, drop_positions: Sequence[int] = ()
) -> Proposal:
    """Replay the change set of a proposal that needs a rebase on the current published version.

    ``drop_positions`` (1-based) leaves those operations out. If any that remain no longer
    apply, raises ``ChangeSetInvalid`` whose problems carry each operation's index in the
    change set as it stands (so the author can drop or fix them). Otherwise the proposal moves
    to the new base, keeping its status; a change set whose effect differs gets a new revision,
    and an open proposal's comment period starts again.
    """
    with transaction.atomic():
        # Publication locks the standard first too, so no version appears mid-rebase.
        Standard.objects.select_for_update(of=("self",)).get(pk=proposal.standard_id)
        proposal = proposal_lock(proposal)
        _require(permissions.is_author(actor, proposal), "Only the author can rebase a proposal")
        if not proposal.needs_rebase:
            raise InvalidState(
                "This proposal changes the current version, so it does not need a rebase"
            )
        if proposal.status not in REBASE_NEEDED_FOR:
            raise InvalidState(
                f"This proposal is {proposal.get_status_display().lower()}, so it cannot be rebased"
            )
        current = version_latest_published(standard=proposal.standard)
        if current is None:
            raise InvalidState(
                f"{proposal.standard} has no published version to rebase on. Withdraw the "
                "proposal instead"
            )
        original = [row.as_operation() for row in proposal.operations.all()]
        drop = set(drop_positions)
        if any(not 1 <= position <= len(original) for position in drop):
            raise StandardsError("Choose changes that are in the change set")
        kept = [(i, op) for i, op in enumerate(original) if i + 1 not in drop]
        operations = [op for _i, op in kept]
        if not operations:
            raise StandardsError(
                "A proposal needs at least one change. Keep a change, or withdraw the proposal"
            )
        outcome = changeset_outcome(version=current, operations=operations)
        if outcome.problems:
            problems = [
                Problem(kept[problem.index][0], problem.field, problem.message)
                for problem in outcome.problems
            ]
            count = len({problem.index for problem in problems})
            raise ChangeSetInvalid(
                problems,
                message=(
                    f"{count} change{'' if count == 1 else 's'} no longer appl"
                    f"{'ies' if count == 1 else 'y'} to version {current.number}. Drop "
                    f"{'it' if count == 1 else 'them'}, or withdraw the proposal and start again"
                ),
            )
        before = changeset_outcome(version=proposal.base_version, operations=original)
        changed = bool(drop) or _redline(before) != _redline(outcome)
        old_base = proposal.base_version.number
        proposal.base_version = current
        proposal.needs_rebase = False
        fields = ["base_version", "needs_rebase"]
        if changed:
            if drop:
                _operations_write(proposal, operations)
            proposal.revision += 1
            proposal.impact = outcome.impact.label if outcome.classified else ""
            fields += ["revision", "impact"]
            if proposal.status == ProposalStatus.OPEN:
                proposal.opened_at = timezone.now()
                fields.append("opened_at")
        reason = f"Rebased from version {old_base} on version {current.number}"
        _save(proposal, actor=actor, reason=reason, fields=fields)
        _event(
            proposal,
            ProposalEventKind.REBASED,
            actor=actor,
            detail={"reason": reason, "from": old_base, "to": current.number},
        )
        if changed:
            _event(
                proposal,
                ProposalEventKind.CHANGE_SET_EDITED,
                actor=actor,
                detail={
                    "operations": len(operations),
                    "impact": proposal.impact,
                    "rebased_on": current.number,
                    "dropped": sorted(drop),
                },
            )
    return proposal
