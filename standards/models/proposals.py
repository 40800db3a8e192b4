"""Change proposals: a change set against one published version, its discussion and history.

A ``Proposal`` is the mutable head (title, status, revision); its ``ProposalOperation`` rows are
the change set, ordered and typed, each addressing an element by its path. Every change writes
an append-only ``ProposalEvent``, which is the timeline people see; simple-history keeps the
field-level history of the mutable rows. Only ``standards.proposals.services`` writes them.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from standards.engine.changesets import Operation

from ..choices import OperationKind, ProposalEventKind, ProposalStatus
from ..exceptions import InvalidState
from .catalogue import Standard, StandardVersion

# Proposals that can still change, and so can conflict with one another.
NOT_CLOSED_STATUSES = (
    ProposalStatus.DRAFT,
    ProposalStatus.OPEN,
    ProposalStatus.VOTING,
    ProposalStatus.ACCEPTED,
)


class Proposal(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="proposals")
    number = models.PositiveIntegerField(help_text="Counts up from 1 within the standard.")
    reference = models.CharField(
        max_length=20, unique=True, help_text="How people cite it, for example DM-0007."
    )
    base_version = models.ForeignKey(
        StandardVersion,
        on_delete=models.PROTECT,
        related_name="proposals",
        help_text="The published version the change set applies to.",
    )
    title = models.CharField(max_length=200)
    problem = models.TextField(help_text="What is wrong or missing today.")
    use_case = models.TextField(help_text="What someone needs to do that the change allows.")
    affected = models.TextField(help_text="Who the change affects, and how.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    # As it was when the proposal was drafted: the author may move organisation later.
    organisation = models.ForeignKey(
        "community.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    status = models.CharField(
        max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    # Set when a version is published after ``base_version``: the change set describes an old
    # state and must be rebased before the proposal moves on. A flag beside the status, so a
    # draft that needs a rebase is still a draft, seen only by its author and the stewards.
    needs_rebase = models.BooleanField(default=False)
    # Counts edits of the change set, so a position or a save can say which one it saw.
    revision = models.PositiveIntegerField(default=1)
    # The highest impact of the current change set ("patch", "minor", "major"), for filtering.
    impact = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    opened_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was last opened for comment."
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "number"], name="standards_proposal_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values),
                name="standards_proposal_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["standard", "status"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "standards:proposal_detail",
            kwargs={"standard": self.standard.slug, "reference": self.reference},
        )

    @property
    def is_draft(self) -> bool:
        return self.status == ProposalStatus.DRAFT

    @property
    def is_closed(self) -> bool:
        return self.status not in NOT_CLOSED_STATUSES


class ProposalOperation(models.Model):
    """One operation of a proposal's change set. See ``standards.engine.changesets.Operation``."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="operations")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=30, choices=OperationKind.choices)
    component_key = models.CharField(max_length=100)
    member_key = models.CharField(max_length=200, blank=True)
    # "component" or "component/member": the key conflicts are found by.
    path = models.CharField(max_length=301, db_index=True, editable=False)
    values = models.JSONField(default=dict, blank=True)
    changes_meaning = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "position"], name="standards_operation_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OperationKind.values), name="standards_operation_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.path}"

    def save(self, *args, **kwargs) -> None:
        self.path = self.as_operation().path
        super().save(*args, **kwargs)

    def as_operation(self) -> Operation:
        return Operation(
            kind=self.kind,
            component=self.component_key,
            member=self.member_key,
            values=self.values,
            changes_meaning=self.changes_meaning,
        )

    @classmethod
    def from_operation(cls, operation: Operation, **fields) -> "ProposalOperation":
        return cls(
            kind=operation.kind,
            component_key=operation.component,
            member_key=operation.member,
            path=operation.path,
            values=dict(operation.values),
            changes_meaning=operation.changes_meaning,
            **fields,
        )


class ProposalComment(models.Model):
    """Markdown, rendered sanitised. Replies are one level deep; edits are kept in history."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposal_comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    body = models.TextField()
    revision = models.PositiveIntegerField(
        help_text="The change set revision the comment was written on."
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.proposal.reference}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ProposalWatch(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="watches")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_watches"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="standards_watch_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} watches {self.proposal.reference}"


class ProposalEventQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        raise InvalidState(ProposalEvent.APPEND_ONLY_MESSAGE)

    def delete(self):
        raise InvalidState(ProposalEvent.APPEND_ONLY_MESSAGE)


class ProposalEvent(models.Model):
    """Append-only: one row per change to a proposal. The proposal's timeline."""

    APPEND_ONLY_MESSAGE: ClassVar[str] = "An event in a proposal's history cannot be changed"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=ProposalEventKind.choices)
    # Null for what the portal does by itself, such as closing a vote at its deadline.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    revision = models.PositiveIntegerField()
    from_status = models.CharField(max_length=20, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ProposalStatus.choices, blank=True)
    comment = models.ForeignKey(
        ProposalComment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    detail = models.JSONField(default=dict, blank=True)

    objects = ProposalEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProposalEventKind.values),
                name="standards_proposalevent_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.proposal.reference}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise InvalidState(self.APPEND_ONLY_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise InvalidState(self.APPEND_ONLY_MESSAGE)
