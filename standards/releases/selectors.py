"""Reads for releases: the preview of a release, its notes."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse

from standards.catalogue import selectors
from standards.choices import ProposalStatus
from standards.engine.changesets import ADDS, CHANGES, DEPRECATIONS, REMOVALS, Operation, Outcome
from standards.engine.diff import Impact
from standards.engine.versioning import VersionNumber, next_number, version_number_parse
from standards.exceptions import InvalidVersionNumber
from standards.models import (
    Proposal,
    Release,
    ReleaseProposal,
    ReleaseStatus,
    Standard,
    StandardVersion,
    VersionEvent,
)
from standards.proposals.selectors import changeset_outcome, proposal_operations

NOTE_SECTIONS = ("Added", "Changed", "Deprecated", "Removed")


@dataclass(frozen=True)
class ReleaseConflict:
    """Two chosen proposals that change the same elements."""

    first: Proposal
    second: Proposal
    paths: tuple[str, ...]

    @property
    def message(self) -> str:
        return (
            f"{self.first.reference} and {self.second.reference} both change "
            f"{', '.join(self.paths)}. Choose one of them for this release"
        )


@dataclass(frozen=True)
class ProposalProblem:
    """Why one chosen proposal cannot go into the release."""

    proposal: Proposal
    message: str


@dataclass(frozen=True)
class NoteLine:
    section: str
    text: str
    proposal: Proposal


@dataclass
class ReleasePreview:
    standard: Standard
    current: StandardVersion | None
    proposals: list[Proposal]
    operations: list[Operation] = field(default_factory=list)
    # The proposal each operation came from, by the operation's index.
    owners: list[Proposal] = field(default_factory=list)
    outcome: Outcome | None = None
    conflicts: list[ReleaseConflict] = field(default_factory=list)
    proposal_problems: list[ProposalProblem] = field(default_factory=list)
    suggested_number: VersionNumber | None = None
    number: VersionNumber | None = None
    number_errors: list[str] = field(default_factory=list)
    number_reason: str = ""
    note_lines: list[NoteLine] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def impact(self) -> Impact:
        return self.outcome.impact if self.outcome is not None else Impact.NONE

    @property
    def component_diffs(self):
        return self.outcome.component_diffs() if self.outcome is not None else []

    @property
    def notes(self) -> str:
        return release_notes_markdown(self.note_lines)

    def problems_for(self, proposal: Proposal) -> list[str]:
        return [item.message for item in self.proposal_problems if item.proposal == proposal]


def proposal_path(proposal: Proposal) -> str:
    return reverse(
        "standards:proposal_detail",
        kwargs={"standard": proposal.standard.slug, "reference": proposal.reference},
    )


def _section(kind: str) -> str:
    if kind in ADDS:
        return "Added"
    if kind in DEPRECATIONS:
        return "Deprecated"
    if kind in REMOVALS:
        return "Removed"
    return "Changed"


def _element(operation: Operation, outcome: Outcome) -> str:
    """The element an operation changes, named as a reader knows it."""
    component = outcome.after.get(operation.component) or outcome.before.get(operation.component)
    component_name = component["name"] if component else operation.component
    if not operation.member:
        kind = "code list" if component and component["kind"] == "code_list" else "entity"
        return f"{kind[0].upper()}{kind[1:]} {component_name}"
    for collection, noun, label in (
        ("attributes", "Attribute", "name"),
        ("codes", "Code", "value"),
    ):
        for snapshot in (
            outcome.after.get(operation.component),
            outcome.before.get(operation.component),
        ):
            if snapshot and operation.member in snapshot.get(collection, {}):
                member = snapshot[collection][operation.member][label]
                preposition = "of" if collection == "attributes" else "in"
                return f"{noun} `{member}` {preposition} {component_name}"
    return f"`{operation.member}` of {component_name}"


def _note_text(operation: Operation, outcome: Outcome) -> str:
    element = _element(operation, outcome)
    if operation.kind in CHANGES:
        fields = ", ".join(name.replace("_", " ") for name in operation.values)
        return f"{element}: {fields}"
    return element


def release_notes_markdown(lines: Sequence[NoteLine]) -> str:
    """Added, Changed, Deprecated and Removed, each line linked to its proposal."""
    blocks = []
    for section in NOTE_SECTIONS:
        items = [line for line in lines if line.section == section]
        if not items:
            continue
        blocks.append(
            f"## {section}\n\n"
            + "\n".join(
                f"- {line.text} ([{line.proposal.reference}]({proposal_path(line.proposal)}))"
                for line in items
            )
        )
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _proposal_paths(operations: Sequence[Operation]) -> list[str]:
    return list(dict.fromkeys(operation.path for operation in operations))


def release_preview(
    *,
    standard: Standard,
    proposals: Sequence[Proposal],
    number: str | None = None,
    number_reason: str = "",
) -> ReleasePreview:
    """What a release of ``proposals``, in this order, would be. Writes nothing.

    ``errors`` lists every reason the release cannot be built, each as a sentence a steward
    can act on; ``ok`` is true when there are none.
    """
    proposals = list(dict.fromkeys(proposals))
    current = selectors.version_latest_published(standard=standard)
    preview = ReleasePreview(
        standard=standard,
        current=current,
        proposals=proposals,
        number_reason=(number_reason or "").strip(),
    )
    if current is None:
        preview.errors.append(
            f"{standard} has no published version yet. Publish a first version, then build "
            "releases on it"
        )
        return preview
    if not proposals:
        preview.errors.append("Choose at least one accepted proposal")
        return preview
    _check_proposals(preview)
    by_proposal = {proposal.pk: proposal_operations(proposal=proposal) for proposal in proposals}
    _check_conflicts(preview, by_proposal)
    conflicting = {path for conflict in preview.conflicts for path in conflict.paths}
    for proposal in proposals:
        for operation in by_proposal[proposal.pk]:
            preview.operations.append(operation)
            preview.owners.append(proposal)
    preview.outcome = changeset_outcome(version=current, operations=preview.operations)
    for problem in preview.outcome.problems:
        operation = preview.operations[problem.index]
        if operation.path in conflicting:
            continue  # already explained as a conflict
        owner = preview.owners[problem.index]
        position = by_proposal[owner.pk].index(operation) + 1
        preview.proposal_problems.append(
            ProposalProblem(
                owner,
                f"{owner.reference} no longer applies to version {current.number}: change "
                f"{position} ({operation.path}): {problem.message}",
            )
        )
    for proposal in proposals:
        if not by_proposal[proposal.pk]:
            preview.proposal_problems.append(
                ProposalProblem(proposal, f"{proposal.reference} has no changes")
            )
    preview.errors.extend(conflict.message for conflict in preview.conflicts)
    preview.errors.extend(item.message for item in preview.proposal_problems)
    if preview.outcome.ok and not preview.conflicts:
        preview.note_lines = [
            NoteLine(
                _section(item.operation.kind), _note_text(item.operation, preview.outcome), owner
            )
            for item, owner in zip(preview.outcome.classified, preview.owners, strict=True)
        ]
    if preview.outcome.classified:
        preview.suggested_number = next_number(current.number_tuple, preview.impact)
        _check_number(preview, number)
    elif not preview.errors:
        preview.errors.append("The chosen proposals change nothing, so there is nothing to release")
    return preview


def _check_proposals(preview: ReleasePreview) -> None:
    awaiting = {
        entry.proposal_id: entry.release
        for entry in ReleaseProposal.objects.filter(
            proposal__in=preview.proposals, release__status=ReleaseStatus.AWAITING_APPROVAL
        ).select_related("release__version")
    }
    for proposal in preview.proposals:
        if proposal.standard_id != preview.standard.pk:
            message = f"{proposal.reference} is a proposal for another standard"
        elif proposal.status != "accepted":
            message = (
                f"{proposal.reference} is {proposal.get_status_display().lower()}. Only accepted "
                "proposals can be released"
            )
        elif proposal.pk in awaiting:
            message = (
                f"{proposal.reference} is already in version "
                f"{awaiting[proposal.pk].version.number}, which is awaiting approval"
            )
        else:
            continue
        preview.proposal_problems.append(ProposalProblem(proposal, message))


def _check_conflicts(preview: ReleasePreview, by_proposal: dict[int, list[Operation]]) -> None:
    paths = {pk: set(_proposal_paths(operations)) for pk, operations in by_proposal.items()}
    for position, first in enumerate(preview.proposals):
        for second in preview.proposals[position + 1 :]:
            shared = [p for p in _proposal_paths(by_proposal[second.pk]) if p in paths[first.pk]]
            if shared:
                preview.conflicts.append(ReleaseConflict(first, second, tuple(shared)))


def _check_number(preview: ReleasePreview, number: str | None) -> None:
    suggested = preview.suggested_number
    if not number or not str(number).strip():
        preview.number = suggested
        return
    try:
        chosen = version_number_parse(str(number))
    except InvalidVersionNumber as error:
        preview.number_errors.append(error.message)
    else:
        preview.number = chosen
        impact = preview.impact.label
        if chosen < suggested:
            preview.number_errors.append(
                f"The version number must be {suggested} or later, because the release has a "
                f"{impact} impact"
            )
        elif chosen > suggested and not preview.number_reason:
            preview.number_errors.append(
                f"Enter why the version number is higher than {suggested}, which a {impact} "
                "release needs"
            )
        elif preview.standard.versions.with_number(chosen).exists():
            preview.number_errors.append(
                f"Version {chosen} of {preview.standard} already exists. Delete that draft or "
                "choose a different number"
            )
    preview.errors.extend(preview.number_errors)


def release_for_version(*, version: StandardVersion) -> Release | None:
    """The request to publish ``version``, in whatever state, or None. One query."""
    return (
        Release.objects.select_related("standard", "version", "built_by", "decided_by")
        .filter(version=version)
        .first()
    )


def release_history(*, release: Release) -> QuerySet[VersionEvent]:
    """Every event of the release's draft, oldest first: each request and each decision."""
    return release.version.events.select_related("actor").order_by("at", "pk")


def proposals_releasable(*, standard: Standard) -> QuerySet[Proposal]:
    """Accepted proposals of ``standard`` that no release waiting for approval includes, by
    number: what a steward may choose for a new release."""
    waiting = ReleaseProposal.objects.filter(
        release__standard=standard, release__status=ReleaseStatus.AWAITING_APPROVAL
    ).values("proposal_id")
    return (
        Proposal.objects.filter(standard=standard, status=ProposalStatus.ACCEPTED)
        .exclude(pk__in=waiting)
        .select_related("standard", "author", "base_version")
        .order_by("number")
    )
