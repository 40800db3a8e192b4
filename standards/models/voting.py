"""Votes on proposals: decision rules, ballots, positions, answers to objections, decisions.

A ``DecisionRule`` belongs to a standard (with optional profiles per impact) and stewards edit
it. When voting opens, a ``Ballot`` copies the rule in force and the eligible members of each
group (``BallotVoter``), so a later change to either never alters a running vote. Positions
are append-only events, as in the IETF Datatracker: the latest per voter and group counts.
A ``Decision`` freezes the tally when the ballot closes.
"""

from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..choices import DecisionResult, ObjectionResponseKind, Stance
from ..exceptions import InvalidState
from .catalogue import Standard
from .proposals import Proposal

IMPACT_CHOICES = [("", "Every change"), ("patch", "Patch"), ("minor", "Minor"), ("major", "Major")]


class DecisionRule(models.Model):
    """How a standard's working groups decide: one default rule, and optional impact profiles.

    Defaults follow DOMAIN.md: 14 days of voting, each group's quorum 30% of its eligible
    members (abstentions count towards quorum), and two-thirds of approve + object to pass;
    every active group must pass.
    """

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="rules")
    impact = models.CharField(
        max_length=10,
        blank=True,
        choices=IMPACT_CHOICES,
        help_text="Blank for the default rule; patch, minor or major for a profile.",
    )
    voting_period_days = models.PositiveSmallIntegerField(default=14)
    minimum_open_days = models.PositiveSmallIntegerField(
        default=7, help_text="How long voting stays open before a convener may close it early."
    )
    quorum_percent = models.PositiveSmallIntegerField(
        default=30, help_text="Share of each group's eligible members who must vote."
    )
    # A fraction, not a percentage, so two-thirds is exactly two-thirds.
    threshold_numerator = models.PositiveSmallIntegerField(default=2)
    threshold_denominator = models.PositiveSmallIntegerField(default=3)
    required_groups = models.ManyToManyField(
        "community.WorkingGroup",
        blank=True,
        related_name="+",
        help_text="Groups that must pass the proposal. None chosen: every active group.",
    )
    advisory_groups = models.ManyToManyField(
        "community.WorkingGroup",
        blank=True,
        related_name="+",
        help_text="Groups whose votes are shown but do not decide.",
    )
    lazy_consensus = models.BooleanField(
        default=False,
        help_text="Passes at the deadline if nobody objects, whatever the turnout.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[required_groups, advisory_groups])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["standard", "impact"], name="standards_rule_unique"),
            models.CheckConstraint(
                condition=Q(quorum_percent__lte=100), name="standards_rule_quorum_percent"
            ),
            models.CheckConstraint(
                condition=Q(threshold_denominator__gt=0)
                & Q(threshold_numerator__lte=models.F("threshold_denominator")),
                name="standards_rule_threshold_fraction",
            ),
            models.CheckConstraint(
                condition=Q(voting_period_days__gt=0), name="standards_rule_period_positive"
            ),
        ]

    def __str__(self) -> str:
        profile = f" ({self.get_impact_display().lower()} changes)" if self.impact else ""
        return f"Decision rule for {self.standard}{profile}"

    def clean(self) -> None:
        if self.minimum_open_days > self.voting_period_days:
            raise ValidationError(
                {"minimum_open_days": "Enter a minimum open time no longer than the voting period"}
            )


class Ballot(models.Model):
    """One vote on one proposal, with the rule and the electorate as they were at opening."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="ballots")
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closes_at = models.DateTimeField()
    # {"voting_period_days", "minimum_open_days", "quorum_percent", "threshold_numerator",
    #  "threshold_denominator", "lazy_consensus", "impact", "groups": [{"id", "name", "slug",
    #  "advisory"}]}: what decides this ballot, whatever the standard's rule says later.
    rule = models.JSONField()
    revision = models.PositiveIntegerField(help_text="The change set revision put to the vote.")
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            # One running ballot per proposal.
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(closed_at__isnull=True),
                name="standards_ballot_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"Vote on {self.proposal.reference}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def is_past_deadline(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    @property
    def early_close_from(self):
        """The first moment a convener may close the vote before its deadline."""
        return self.opened_at + timedelta(days=self.rule["minimum_open_days"])


class BallotVoter(models.Model):
    """An eligible voter of one group in one ballot: the electorate snapshot."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="voters")
    group = models.ForeignKey("community.WorkingGroup", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "group", "user"], name="standards_ballotvoter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        raise InvalidState(self.model.APPEND_ONLY_MESSAGE)

    def delete(self):
        raise InvalidState(self.model.APPEND_ONLY_MESSAGE)


class AppendOnly(models.Model):
    APPEND_ONLY_MESSAGE: ClassVar[str] = "A vote's record cannot be changed"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise InvalidState(self.APPEND_ONLY_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise InvalidState(self.APPEND_ONLY_MESSAGE)


class Position(AppendOnly):
    """One cast: the latest per (ballot, group, voter) is that voter's position in that group."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="positions")
    group = models.ForeignKey("community.WorkingGroup", on_delete=models.PROTECT, related_name="+")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="positions"
    )
    stance = models.CharField(max_length=10, choices=Stance.choices)
    reason = models.TextField(blank=True)
    revision = models.PositiveIntegerField(help_text="The change set revision it was cast on.")
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cast_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="standards_position_stance_valid"
            ),
            models.CheckConstraint(
                condition=~Q(stance=Stance.OBJECT) | ~Q(reason=""),
                name="standards_position_objection_has_reason",
                violation_error_message="An objection needs a reason",
            ),
        ]
        indexes = [models.Index(fields=["ballot", "group", "voter", "-cast_at"])]

    def __str__(self) -> str:
        return f"{self.voter}: {self.get_stance_display()} ({self.group})"


class ObjectionResponse(AppendOnly):
    """The author's or a convener's answer to an objection. The latest answer counts."""

    objection = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="responses")
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ObjectionResponseKind.choices)
    text = models.TextField()
    responded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["responded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – answer to {self.objection}"


class Decision(AppendOnly):
    """The sealed outcome of a ballot, with its frozen per-group tallies."""

    ballot = models.OneToOneField(Ballot, on_delete=models.CASCADE, related_name="decision")
    result = models.CharField(max_length=10, choices=DecisionResult.choices)
    # ``Tally.as_json()``: each group's counts, quorum and threshold, and the overall result.
    tally = models.JSONField()
    # [{"voter", "group", "reason", "response", "response_kind"}]: every objection still
    # standing when the vote closed, with the latest answer to it, if any.
    unresolved_objections = models.JSONField(default=list)
    decided_at = models.DateTimeField(default=timezone.now)
    # Null when the deadline closed it.
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.ballot.proposal.reference} {self.get_result_display().lower()}"
