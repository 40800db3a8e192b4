"""Writes for votes: the decision rule, opening, casting, answering objections and closing.

Same shape as every service here: atomic, locking the ballot (or proposal) it changes, checking
permission and state, writing append-only rows and a ``ProposalEvent``, and emailing after
commit. Every read and write of a ballot first closes it if its deadline has passed
(``ballot_close_if_due``), so a vote never stays open because no worker ran.
"""

from datetime import timedelta

from django.db import transaction
from django.tasks import default_task_backend, task
from django.utils import timezone

from community.choices import MembershipStatus
from community.models import Membership, User
from portal.text import govuk_datetime
from standards import permissions
from standards.choices import (
    DecisionResult,
    ObjectionResponseKind,
    ProposalEventKind,
    ProposalStatus,
    Stance,
)
from standards.engine.workflow import proposal_move
from standards.exceptions import InvalidState, NotAllowed, StandardsError
from standards.limits import REASON_MAX_LENGTH
from standards.models import (
    Ballot,
    BallotVoter,
    Decision,
    DecisionRule,
    ObjectionResponse,
    Position,
    Proposal,
    ProposalEvent,
    Standard,
)
from standards.notify import services as notifications
from standards.proposals.selectors import comment_period_ends
from standards.proposals.transitions import proposal_lock, proposal_transition, require_current_base
from standards.proposals.voting import services as voting_services
from standards.proposals.voting import tasks as voting_tasks
from standards.proposals.voting.selectors import (
    ballot_tally,
    decision_rule_for,
    objections,
    rule_snapshot,
)

REMINDER_BEFORE = timedelta(hours=48)
RULE_FIELDS = (
    "voting_period_days",
    "minimum_open_days",
    "quorum_percent",
    "threshold_numerator",
    "threshold_denominator",
    "lazy_consensus",
)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _on(moment) -> str:
    return govuk_datetime(moment)


# The rule ---------------------------------------------------------------------------------------


def decision_rule_update(
    *,
    actor: User,
    standard: Standard,
    impact: str = "",
    required_groups=None,
    advisory_groups=None,
    **fields,
) -> DecisionRule:
    """Create or change the standard's default rule (``impact=""``) or an impact profile.

    Fields left out keep their value; ``required_groups`` and ``advisory_groups`` are lists of
    working groups, or None to keep them. Running ballots keep the rule they copied when they
    opened.
    """
    _require(
        permissions.can_manage_decision_rules(actor), "Only stewards can change the decision rule"
    )
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise StandardsError(f"“{sorted(unknown)[0]}” is not part of a decision rule")
    if impact not in ("", "patch", "minor", "major"):
        raise StandardsError("Choose patch, minor, major or every change")
    with transaction.atomic():
        Standard.objects.select_for_update(of=("self",)).get(pk=standard.pk)
        rule = DecisionRule.objects.filter(standard=standard, impact=impact).first()
        rule = rule or DecisionRule(standard=standard, impact=impact)
        for name, value in fields.items():
            setattr(rule, name, value)
        if required_groups is None:
            required_groups = list(rule.required_groups.all()) if rule.pk else []
        if advisory_groups is None:
            advisory_groups = list(rule.advisory_groups.all()) if rule.pk else []
        _check_rule(rule, required_groups=required_groups, advisory_groups=advisory_groups)
        rule._history_user = actor
        rule.save()
        rule.required_groups.set(required_groups)
        rule.advisory_groups.set(advisory_groups)
    return rule


def _check_rule(rule: DecisionRule, *, required_groups, advisory_groups) -> None:
    if not 1 <= rule.voting_period_days <= 90:
        raise StandardsError("Enter a voting period between 1 and 90 days")
    if rule.minimum_open_days > rule.voting_period_days:
        raise StandardsError("Enter a minimum open time no longer than the voting period")
    if not 0 <= rule.quorum_percent <= 100:
        raise StandardsError("Enter a quorum between 0% and 100%")
    if rule.threshold_denominator <= 0 or rule.threshold_numerator <= 0:
        raise StandardsError("Enter a threshold greater than zero, like 2 in 3")
    if rule.threshold_numerator > rule.threshold_denominator:
        raise StandardsError("Enter a threshold no greater than all, like 2 in 3")
    both = {group.pk for group in required_groups} & {group.pk for group in advisory_groups}
    if both:
        raise StandardsError("A group cannot both have to pass a proposal and only advise")


# Opening ----------------------------------------------------------------------------------------


def ballot_open(*, actor: User, proposal: Proposal) -> Ballot:
    """Move an open proposal to voting: copy the rule in force and each group's members.

    A convener or steward may do this once the standard's comment period has passed.
    """
    with transaction.atomic():
        proposal = proposal_lock(proposal)
        _require(permissions.can_open_voting(actor), "Only conveners and stewards can start voting")
        proposal_move(current=proposal.status, target=ProposalStatus.VOTING)
        require_current_base(proposal)
        ends = comment_period_ends(proposal)
        if ends is not None and timezone.now() < ends:
            raise InvalidState(
                f"The comment period has not ended. Voting can start from {_on(ends)}"
            )
        rule = rule_snapshot(
            rule=decision_rule_for(standard=proposal.standard, impact=proposal.impact),
            impact=proposal.impact,
        )
        now = timezone.now()
        ballot = Ballot.objects.create(
            proposal=proposal,
            opened_at=now,
            opened_by=actor,
            closes_at=now + timedelta(days=rule["voting_period_days"]),
            rule=rule,
            revision=proposal.revision,
        )
        members = Membership.objects.filter(
            group_id__in=[group["id"] for group in rule["groups"]],
            status=MembershipStatus.ACTIVE,
            user__is_active=True,
        ).values_list("group_id", "user_id")
        BallotVoter.objects.bulk_create(
            BallotVoter(ballot=ballot, group_id=group_id, user_id=user_id)
            for group_id, user_id in members
        )
        proposal_transition(proposal, ProposalStatus.VOTING, actor=actor)
        transaction.on_commit(lambda: _after_opening(ballot))
    return ballot


def _after_opening(ballot: Ballot) -> None:
    voting_tasks.send_voting_opened.enqueue(ballot.pk)
    # Where the task backend can run work later, the worker closes the vote at its deadline and
    # reminds people two days before. Everywhere, reads and writes close it when due.
    if default_task_backend.supports_defer:
        voting_services.close_ballot.using(run_after=ballot.closes_at).enqueue(ballot.pk)
        voting_tasks.send_voting_reminder.using(
            run_after=ballot.closes_at - REMINDER_BEFORE
        ).enqueue(ballot.pk)


def proposal_voting_open(*, actor: User, proposal: Proposal) -> Proposal:
    """The proposal's view of ``ballot_open``: returns the proposal, now voting."""
    return ballot_open(actor=actor, proposal=proposal).proposal


# Casting ---------------------------------------------------------------------------------------


def _lock_open_ballot(proposal: Proposal) -> Ballot:
    ballot = (
        Ballot.objects.select_for_update(of=("self",))
        .select_related("proposal__standard", "proposal__author")
        .filter(proposal=proposal)
        .order_by("-opened_at", "-pk")
        .first()
    )
    if ballot is None:
        raise InvalidState("Voting on this proposal is not open")
    if not ballot.is_open:
        raise InvalidState("Voting has closed, so you can no longer vote on this proposal")
    return ballot


def position_cast(
    *, actor: User, proposal: Proposal, group, stance: str, reason: str = ""
) -> Position:
    """Record ``actor``'s position in ``group``. Casting again changes it; the old one is kept.

    Refused after the deadline (the vote is then closed), for anyone not eligible in that
    group when voting opened, and for an objection without a reason. Submitting the same
    position twice records it once.
    """
    if stance not in Stance.values:
        raise StandardsError("Choose approve, object or abstain")
    reason = (reason or "").replace("\x00", "").strip()
    if stance == Stance.OBJECT and not reason:
        raise StandardsError("Enter why you object, so the author can answer it")
    if len(reason) > REASON_MAX_LENGTH:
        raise StandardsError(f"Enter a reason of {REASON_MAX_LENGTH:,} characters or fewer")
    if ballot_close_if_due(proposal=proposal):
        raise InvalidState("Voting has closed, so you can no longer vote on this proposal")
    with transaction.atomic():
        ballot = _lock_open_ballot(proposal)
        if ballot.is_past_deadline():
            raise InvalidState("Voting has closed, so you can no longer vote on this proposal")
        _require(
            actor.is_authenticated
            and BallotVoter.objects.filter(ballot=ballot, group=group, user=actor).exists(),
            f"You cannot vote for {group}: only its members when voting opened can",
        )
        latest = (
            Position.objects.filter(ballot=ballot, group=group, voter=actor)
            .order_by("-cast_at", "-pk")
            .first()
        )
        revision = ballot.proposal.revision
        if latest is not None and (latest.stance, latest.reason, latest.revision) == (
            stance,
            reason,
            revision,
        ):
            return latest
        position = Position.objects.create(
            ballot=ballot,
            group=group,
            voter=actor,
            stance=stance,
            reason=reason,
            revision=revision,
        )
        ProposalEvent.objects.create(
            proposal=ballot.proposal,
            kind=ProposalEventKind.POSITION_CAST,
            actor=actor,
            revision=revision,
            detail={
                "group": group.name,
                "stance": stance,
                "changed_from": latest.stance if latest else None,
            },
        )
    return position


def objection_respond(
    *, actor: User, objection: Position, kind: str, text: str
) -> ObjectionResponse:
    """The author or a convener answers an objection: persuasive, not persuasive, out of scope."""
    if kind not in ObjectionResponseKind.values:
        raise StandardsError(
            "Choose whether the objection is persuasive, not persuasive or out of scope"
        )
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise StandardsError("Enter your answer to the objection")
    if len(text) > REASON_MAX_LENGTH:
        raise StandardsError(f"Enter an answer of {REASON_MAX_LENGTH:,} characters or fewer")
    ballot_close_if_due(proposal=objection.ballot.proposal)
    with transaction.atomic():
        objection = Position.objects.select_related("ballot__proposal", "voter").get(
            pk=objection.pk
        )
        proposal = proposal_lock(objection.ballot.proposal)
        _require(
            permissions.can_answer_objection(actor, proposal),
            "Only the author or a convener can answer an objection",
        )
        if objection.stance != Stance.OBJECT:
            raise StandardsError("Only an objection can be answered")
        # A closed vote is sealed: its record, answers included, is what was decided.
        ballot = Ballot.objects.select_for_update(of=("self",)).get(pk=objection.ballot_id)
        if not ballot.is_open or ballot.is_past_deadline():
            raise InvalidState(
                "Voting has closed, so this objection can no longer be answered. The decision "
                "records it as it stood"
            )
        response = ObjectionResponse.objects.create(
            objection=objection, responder=actor, kind=kind, text=text
        )
        ProposalEvent.objects.create(
            proposal=proposal,
            kind=ProposalEventKind.OBJECTION_ANSWERED,
            actor=actor,
            revision=proposal.revision,
            detail={"objector": str(objection.voter), "kind": kind},
        )
        transaction.on_commit(lambda: voting_tasks.send_objection_answered.enqueue(response.pk))
    return response


# Closing ---------------------------------------------------------------------------------------


def ballot_close(*, actor: User | None, proposal: Proposal, early: bool = False) -> Decision:
    """Seal the vote and record the decision. Idempotent: a closed vote returns its decision.

    ``actor=None`` is the portal closing at the deadline. ``early=True`` is a convener or
    steward closing before the deadline, allowed once the minimum open time is over and every
    deciding group passes.
    """
    with transaction.atomic():
        # The proposal first, then its ballot: the order every service here locks them in.
        proposal = proposal_lock(proposal)
        ballot = (
            Ballot.objects.select_for_update(of=("self",))
            .filter(proposal=proposal)
            .order_by("-opened_at", "-pk")
            .first()
        )
        if ballot is None:
            raise InvalidState("This proposal has not been put to a vote")
        if not ballot.is_open:
            decision = Decision.objects.filter(ballot=ballot).first()
            if decision is None:
                raise InvalidState("This vote was closed without a decision")
            return decision
        view = ballot_tally(ballot=ballot)
        if early:
            _require(
                actor is not None and permissions.can_close_early(actor),
                "Only conveners and stewards can close a vote early",
            )
            now = timezone.now()
            if now < ballot.early_close_from:
                raise InvalidState(
                    f"Voting must stay open until {_on(ballot.early_close_from)} before it "
                    "can be closed early"
                )
            if not view.tally.passes:
                raise InvalidState(
                    "A vote can be closed early only when every deciding group passes it"
                )
        elif not ballot.is_past_deadline():
            raise InvalidState(f"Voting is open until {_on(ballot.closes_at)}")
        return _decide(proposal=proposal, ballot=ballot, view=view, actor=actor, early=early)


def _decide(
    *, proposal: Proposal, ballot: Ballot, view, actor: User | None, early: bool
) -> Decision:
    now = timezone.now()
    ballot.closed_at = now
    ballot.save(update_fields=["closed_at"])
    result = DecisionResult.ACCEPTED if view.tally.passes else DecisionResult.REJECTED
    standing = []
    for position in objections(ballot=ballot):
        answer = position.answers[-1] if position.answers else None
        standing.append(
            {
                "voter": position.voter.get_full_name() or "A member",
                "group": position.group.name,
                "reason": position.reason,
                "response": answer.text if answer else "",
                "response_kind": answer.get_kind_display() if answer else "",
            }
        )
    decision = Decision.objects.create(
        ballot=ballot,
        result=result,
        tally=view.tally.as_json(),
        unresolved_objections=standing,
        decided_at=now,
        closed_by=actor,
    )
    ProposalEvent.objects.create(
        proposal=proposal,
        kind=ProposalEventKind.DECIDED,
        actor=actor,
        revision=proposal.revision,
        detail={"result": result, "early": early},
    )
    target = (
        ProposalStatus.ACCEPTED if result == DecisionResult.ACCEPTED else ProposalStatus.REJECTED
    )
    proposal_transition(proposal, target, actor=actor, fields={"closed_at": now})
    notifications.proposal_decided(proposal)
    return decision


def ballot_close_if_due(*, proposal: Proposal) -> Decision | None:
    """Close the proposal's vote if its deadline has passed. Safe to call on every request."""
    ballot = proposal.ballots.filter(closed_at__isnull=True).order_by("-opened_at").first()
    if ballot is None or not ballot.is_past_deadline():
        return None
    return ballot_close(actor=None, proposal=proposal)


def ballots_close_due() -> int:
    """Close every vote past its deadline: for the worker and the ``close_votes`` command."""
    closed = 0
    for ballot in Ballot.objects.filter(closed_at__isnull=True, closes_at__lte=timezone.now()):
        ballot_close(actor=None, proposal=ballot.proposal)
        closed += 1
    return closed


@task
def close_ballot(ballot_id: int) -> str:
    """At the deadline: close the vote if nothing else has. Idempotent."""
    # Imported here: the voting services queue this task, so importing them at module level
    # would make each module need the other first.

    ballot = Ballot.objects.select_related("proposal").get(pk=ballot_id)
    decision = ballot_close_if_due(proposal=ballot.proposal)
    return decision.result if decision else "not due"
