"""Reads for votes: the rule in force, a ballot's tally, objections, and what a person must vote.

``ballot_tally`` runs three queries whatever the number of voters or casts: the eligible
voters, every position of the ballot (reduced to the latest per voter and group here), and
nothing more; the rule comes from the ballot itself.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from community.choices import GroupStatus
from community.models import WorkingGroup
from standards.engine.tally import Tally, Vote, tally_compute
from standards.models import (
    Ballot,
    BallotVoter,
    DecisionRule,
    ObjectionResponse,
    Position,
    Proposal,
    Standard,
)


def decision_rule_for(*, standard: Standard, impact: str = "") -> DecisionRule | None:
    """The profile for ``impact`` if the standard has one, else its default rule, else None."""
    rules = {rule.impact: rule for rule in standard.rules.filter(impact__in=["", impact])}
    return rules.get(impact) or rules.get("")


def decision_rules(*, standard: Standard) -> list[DecisionRule]:
    return list(
        standard.rules.prefetch_related("required_groups", "advisory_groups").order_by("impact")
    )


def rule_snapshot(*, rule: DecisionRule | None, impact: str) -> dict:
    """What a ballot copies: the rule's numbers and the groups that vote, as they are now.

    With no rule configured, the defaults of a new ``DecisionRule`` apply.
    """
    rule = rule or DecisionRule()
    active = list(WorkingGroup.objects.filter(status=GroupStatus.ACTIVE).order_by("name"))
    required = set(rule.required_groups.values_list("pk", flat=True)) if rule.pk else set()
    advisory = set(rule.advisory_groups.values_list("pk", flat=True)) if rule.pk else set()
    groups = [
        {
            "id": group.pk,
            "name": group.name,
            "slug": group.slug,
            "advisory": group.pk in advisory or bool(required and group.pk not in required),
        }
        for group in active
    ]
    return {
        "impact": impact,
        "voting_period_days": rule.voting_period_days,
        "minimum_open_days": rule.minimum_open_days,
        "quorum_percent": rule.quorum_percent,
        "threshold_numerator": rule.threshold_numerator,
        "threshold_denominator": rule.threshold_denominator,
        "lazy_consensus": rule.lazy_consensus,
        "groups": groups,
    }


def ballot_current(*, proposal: Proposal) -> Ballot | None:
    """The proposal's most recent ballot, open or closed."""
    return proposal.ballots.order_by("-opened_at", "-pk").first()


def current_positions(*, ballot: Ballot) -> list[Position]:
    """Each voter's latest position in each group, in the order they were first cast."""
    latest: dict[tuple[int, int], Position] = {}
    for position in ballot.positions.select_related("voter", "group").order_by("cast_at", "pk"):
        latest[(position.group_id, position.voter_id)] = position
    return list(latest.values())


@dataclass
class BallotView:
    ballot: Ballot
    tally: Tally
    positions: list[Position]


def ballot_tally(*, ballot: Ballot) -> BallotView:
    """The ballot's tally from its current positions. Two queries."""
    eligible: dict[int, int] = {}
    for group_id in BallotVoter.objects.filter(ballot=ballot).values_list("group_id", flat=True):
        eligible[group_id] = eligible.get(group_id, 0) + 1
    positions = current_positions(ballot=ballot)
    votes: dict[int, list[Vote]] = {}
    for position in positions:
        votes.setdefault(position.group_id, []).append(
            Vote(
                user_id=position.voter_id,
                name=position.voter.get_full_name() or "A member",
                stance=position.stance,
                reason=position.reason,
                revision=position.revision,
            )
        )
    return BallotView(
        ballot=ballot,
        tally=tally_compute(rule=ballot.rule, eligible=eligible, votes=votes),
        positions=positions,
    )


def objections(*, ballot: Ballot) -> list[Position]:
    """Objections still standing, each with ``answers`` (oldest first) prefetched."""
    standing = [p for p in current_positions(ballot=ballot) if p.stance == "object"]
    answers: dict[int, list[ObjectionResponse]] = {}
    for answer in ObjectionResponse.objects.filter(
        objection__in=[p.pk for p in standing]
    ).select_related("responder"):
        answers.setdefault(answer.objection_id, []).append(answer)
    for position in standing:
        position.answers = answers.get(position.pk, [])
    return standing


def eligible_groups(*, ballot: Ballot, user) -> list[WorkingGroup]:
    """The groups ``user`` may vote in on ``ballot``: those they were in when it opened."""
    if not user.is_authenticated:
        return []
    return list(
        WorkingGroup.objects.filter(
            pk__in=BallotVoter.objects.filter(ballot=ballot, user=user).values("group_id")
        ).order_by("name")
    )


def votes_to_cast(*, user) -> QuerySet[Ballot]:
    """Open ballots where ``user`` is eligible in a group and has cast nothing in it yet."""
    if not user.is_authenticated:
        return Ballot.objects.none()
    not_cast = BallotVoter.objects.filter(ballot=OuterRef("pk"), user=user).exclude(
        Exists(
            Position.objects.filter(ballot=OuterRef("ballot"), group=OuterRef("group"), voter=user)
        )
    )
    return (
        Ballot.objects.filter(closed_at__isnull=True, closes_at__gt=timezone.now())
        .filter(Exists(not_cast))
        .select_related("proposal__standard")
        .order_by("closes_at")
    )


def your_votes(*, user) -> list[Position]:
    """The user's current position on each ballot and group, newest first."""
    if not user.is_authenticated:
        return []
    latest: dict[tuple[int, int], Position] = {}
    for position in (
        Position.objects.filter(voter=user)
        .select_related("ballot__proposal__standard", "group")
        .order_by("cast_at", "pk")
    ):
        latest[(position.ballot_id, position.group_id)] = position
    return sorted(latest.values(), key=lambda p: p.cast_at, reverse=True)


def ballots_due(*, now) -> QuerySet[Ballot]:
    return Ballot.objects.filter(Q(closed_at__isnull=True) & Q(closes_at__lte=now))
