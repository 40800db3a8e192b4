"""Releases and webhooks: publishing a new version from accepted proposals, and telling others.

A ``Release`` is a steward's request to publish a draft built from accepted proposals. It waits
for a second steward (four eyes), who publishes it in one transaction. ``WebhookEndpoint`` and
``WebhookDelivery`` carry the Standard Webhooks events that publication and decisions raise.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from standards.choices import ReleaseStatus
from standards.models.catalogue import Standard, StandardVersion
from standards.models.proposals import Proposal

__all__ = ["Release", "ReleaseProposal", "ReleaseStatus"]


class Release(models.Model):
    """The request to publish one draft version: every publication goes through one, and a
    second steward decides it (four eyes, ADR 0015). A release built from accepted proposals
    lists them; a draft opened and filled by hand (a first version, a steward's import) has none.
    A rejected or withdrawn request can be made again for the same draft: the row moves back to
    awaiting approval, and the version's events keep every earlier request and decision.
    """

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="releases")
    # The draft the builder wrote; published when a second steward approves.
    version = models.OneToOneField(
        StandardVersion, on_delete=models.PROTECT, related_name="release"
    )
    # The version it supersedes when published; none for a standard's first version.
    base_version = models.ForeignKey(
        StandardVersion, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    proposals = models.ManyToManyField(Proposal, through="ReleaseProposal", related_name="releases")
    notes = models.TextField(help_text="Release notes, in Markdown.")
    impact = models.CharField(max_length=10)
    number_reason = models.TextField(
        blank=True, help_text="Why the number is higher than the impact needs."
    )
    status = models.CharField(
        max_length=20, choices=ReleaseStatus.choices, default=ReleaseStatus.AWAITING_APPROVAL
    )
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    # ``importers.draft_fingerprint`` of the draft when approval was requested: an approval of
    # a draft that has changed since is refused.
    draft_fingerprint = models.CharField(max_length=64)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Why the request was withdrawn or rejected; cleared when it is made again.
    decision_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReleaseStatus.values), name="standards_release_status"
            ),
        ]

    def __str__(self) -> str:
        return f"Release of {self.version}"


class ReleaseProposal(models.Model):
    """A proposal in a release, in the order its change set is applied."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="entries")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "proposal"], name="standards_release_proposal_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal.reference} in {self.release}"
