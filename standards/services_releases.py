"""Releases: every publication is a request that a second steward decides (four eyes).

``release_preview`` reads only: it replays the chosen proposals' change sets, in order, through
the change engine on the current published version, and says what the release would be (the
combined diff, conflicts, proposals that no longer apply, the next version number and
generated release notes). ``release_build`` writes that after-state into a new draft and asks
the other stewards to approve it; ``release_request`` asks the same for a draft filled by hand
or by import, and again for one whose request was rejected or withdrawn. A second steward
approves (``release_approve``, which publishes in one transaction, finished by
``services.version_publish``: supersede, artefacts, proposals needing a rebase, notifications)
or rejects with a reason (``release_reject``); the requester may withdraw
(``release_withdraw``). Every move follows ``workflow.RELEASE_TRANSITIONS``.

Four eyes (GOVERNANCE.md section 5, ADR 0015): the decider is a steward who neither asked for
the release, nor wrote into its draft, nor wrote any included proposal, and an approval of a
draft that changed since the request is refused.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from community.models import User
from community.permissions import is_steward

from . import diff, selectors, services, tasks_releases
from .changesets import ADDS, CHANGES, DEPRECATIONS, REMOVALS, Operation, Outcome
from .choices import ProposalStatus, VersionEventKind, VersionStatus
from .diff import Impact
from .exceptions import InvalidState, InvalidVersionNumber, NotAllowed, StandardsError
from .importers import draft_fingerprint
from .models import (
    Attribute,
    Code,
    Component,
    ComponentVersion,
    Proposal,
    Release,
    ReleaseProposal,
    ReleaseStatus,
    Standard,
    StandardVersion,
    VersionEvent,
)
from .selectors_proposals import changeset_outcome, proposal_operations
from .services_proposals import proposal_released
from .versioning import VersionNumber, version_number_parse
from .workflow import release_move

NOTE_SECTIONS = ("Added", "Changed", "Deprecated", "Removed")


class ReleaseRefused(StandardsError):  # noqa: N818 - reads as an outcome, like its siblings
    """The release cannot be built as chosen. ``errors`` lists every reason, each actionable."""

    code = "release_refused"

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__(self.errors[0] if self.errors else None)


# The preview ------------------------------------------------------------------------------------


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


def next_number(current: VersionNumber, impact: Impact) -> VersionNumber:
    """The smallest number a release of ``impact`` may have after ``current``.

    Before 1.0.0 nothing is promised to be stable, so a breaking change bumps the minor.
    """
    major, minor, patch = current
    if impact == Impact.MAJOR and major > 0:
        return VersionNumber(major + 1, 0, 0)
    if impact >= Impact.MINOR:
        return VersionNumber(major, minor + 1, 0)
    return VersionNumber(major, minor, patch + 1)


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


# Writing the after-state into a draft -----------------------------------------------------------

_COMPONENT_FIELDS = ("name", "definition", "deprecated", "deprecation_note", "extra")
_ATTRIBUTE_FIELDS = (
    "name",
    "definition",
    "data_type",
    "format",
    "pattern",
    "required",
    "nullable",
    "cardinality",
    "enum_values",
    "example",
    "deprecated",
    "deprecation_note",
    "replaced_by",
    "extra",
)
_CODE_FIELDS = (
    "value",
    "label",
    "definition",
    "parent_value",
    "properties",
    "deprecated",
    "deprecation_note",
    "replaced_by",
)


def outcome_write(*, actor: User, version: StandardVersion, outcome: Outcome) -> None:
    """Make the draft ``version`` hold ``outcome.after`` for every component the change set
    touched: rows inserted, updated or deleted, keys and the order of untouched rows kept.

    The caller holds the draft's lock (``services.version_draft_lock``).
    """
    keys = outcome.touched_keys()
    if not keys:
        return
    referenced = {
        attribute["references"]
        for component in outcome.after.values()
        for attribute in component["attributes"].values()
        if attribute["references"]
    } | {c["replaced_by"] for c in outcome.after.values() if c["replaced_by"]}
    identities = {
        component.key: component
        for component in Component.objects.filter(
            standard_id=version.standard_id, key__in=[*keys, *referenced]
        )
    }
    rows = {
        row.component.key: row
        for row in ComponentVersion.objects.filter(version=version, component__key__in=keys)
        .select_related("component")
        .prefetch_related("attributes", "codes")
    }
    removed = [rows[key] for key in keys if key not in outcome.after and key in rows]
    for row in removed:
        for member in [*row.attributes.all(), *row.codes.all()]:
            member._history_user = actor
            member.delete()
        row._history_user = actor
        row.delete()
    for key in keys:
        if key in outcome.after and key not in identities:
            after = outcome.after[key]
            identities[key] = Component.objects.create(
                standard_id=version.standard_id, key=key, kind=after["kind"]
            )
    top = max(
        ComponentVersion.objects.filter(version=version).values_list("sort_order", flat=True),
        default=-1,
    )
    for key in keys:
        after = outcome.after.get(key)
        if after is None:
            continue
        values = {name: after[name] for name in _COMPONENT_FIELDS}
        values["replaced_by"] = identities[after["replaced_by"]] if after["replaced_by"] else None
        row = rows.get(key)
        if row is None:
            top += 1
            row = ComponentVersion(
                version=version, component=identities[key], sort_order=top, **values
            )
            row._history_user = actor
            row.save()
            rows[key] = row
            existing_attributes, existing_codes = {}, {}
        else:
            changed = [name for name, value in values.items() if getattr(row, name) != value]
            if changed:
                for name in changed:
                    setattr(row, name, values[name])
                row._history_user = actor
                row.save(update_fields=changed)
            existing_attributes = {a.key: a for a in row.attributes.all()}
            existing_codes = {c.key: c for c in row.codes.all()}
        _members_write(
            actor,
            Attribute,
            row,
            existing_attributes,
            after["attributes"],
            _ATTRIBUTE_FIELDS,
            lambda member: {
                "references": identities[member["references"]] if member["references"] else None
            },
        )
        _members_write(actor, Code, row, existing_codes, after["codes"], _CODE_FIELDS, None)


def _members_write(actor, model, row, existing: dict, after: dict, names, extra) -> None:
    """Delete, update, then insert, so a name or value freed by one row can go to another."""
    for key, member in existing.items():
        if key not in after:
            member._history_user = actor
            member.delete()
    updated, created = [], []
    top = max((member.sort_order for member in existing.values()), default=-1)
    update_fields = [*names, *(["references"] if model is Attribute else [])]
    for key, snapshot in after.items():
        values = {name: snapshot[name] for name in names}
        if extra is not None:
            values.update(extra(snapshot))
        member = existing.get(key)
        if member is None:
            top += 1
            created.append(model(component_version=row, key=key, sort_order=top, **values))
        elif any(getattr(member, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(member, name, value)
            updated.append(member)
    if updated:
        bulk_update_with_history(updated, model, update_fields, default_user=actor)
    if created:
        bulk_create_with_history(created, model, default_user=actor)


# Building, withdrawing and approving -----------------------------------------------------------


def _steward_required(actor: User, *, action: str) -> None:
    if not is_steward(actor):
        raise NotAllowed(f"Only stewards can {action}")


def release_build(
    *,
    actor: User,
    standard: Standard,
    proposals: Sequence[Proposal],
    number: str | None,
    notes: str,
    number_reason: str = "",
) -> Release:
    """Write the release's draft and ask the other stewards to approve it.

    Raises ``ReleaseRefused`` with every reason when the preview has errors.
    """
    _steward_required(actor, action="build a release")
    notes = (notes or "").strip()
    if not notes:
        raise ReleaseRefused(["Enter the release notes"])
    with transaction.atomic():
        # Serialises releases (and publication) of one standard.
        standard = Standard.objects.select_for_update().get(pk=standard.pk)
        ids = [proposal.pk for proposal in proposals]
        locked = Proposal.objects.select_for_update(of=("self",)).select_related(
            "standard", "author"
        )
        by_id = {proposal.pk: proposal for proposal in locked.filter(pk__in=ids)}
        proposals = [by_id[pk] for pk in dict.fromkeys(ids) if pk in by_id]
        preview = release_preview(
            standard=standard, proposals=proposals, number=number, number_reason=number_reason
        )
        if not preview.ok:
            raise ReleaseRefused(preview.errors)
        draft = services.version_draft_create(
            actor=actor,
            standard=standard,
            number=preview.number,
            base=preview.current,
            release_notes=notes,
        )
        draft = services.version_draft_lock(actor=actor, version=draft)
        outcome_write(actor=actor, version=draft, outcome=preview.outcome)
        release = Release(
            standard=standard,
            version=draft,
            base_version=preview.current,
            notes=notes,
            impact=preview.impact.label,
            number_reason=preview.number_reason,
            built_by=actor,
            draft_fingerprint=draft_fingerprint(version=draft),
        )
        release._history_user = actor
        release.save()
        ReleaseProposal.objects.bulk_create(
            ReleaseProposal(release=release, proposal=proposal, position=position)
            for position, proposal in enumerate(preview.proposals, start=1)
        )
        VersionEvent.objects.create(
            version=draft,
            kind=VersionEventKind.APPROVAL_REQUESTED,
            actor=actor,
            from_status=VersionStatus.DRAFT,
            to_status=VersionStatus.DRAFT,
            detail={
                "release": release.pk,
                "number": draft.number,
                "impact": release.impact,
                "proposals": [proposal.reference for proposal in preview.proposals],
                "number_reason": release.number_reason,
            },
        )
        transaction.on_commit(
            lambda: tasks_releases.send_release_approval_requested.enqueue(release.pk)
        )
    return release


def _lock_release(release: Release) -> Release:
    return (
        Release.objects.select_for_update(of=("self",))
        .select_related("standard", "version__standard", "base_version", "built_by", "decided_by")
        .get(pk=release.pk)
    )


def _release_transition(
    release: Release,
    target: ReleaseStatus,
    *,
    actor: User,
    event: VersionEventKind | None,
    fields: dict,
    detail: dict,
) -> None:
    """Move ``release`` along ``workflow.RELEASE_TRANSITIONS`` and record it as an event of its
    draft (``event``; None where the move's own write records it, as publication does)."""
    release_move(current=release.status, target=target, number=release.version.number)
    release.status = target
    for name, value in fields.items():
        setattr(release, name, value)
    release._history_user = actor
    release.save(update_fields=["status", *fields])
    if event is None:
        return
    VersionEvent.objects.create(
        version=release.version,
        kind=event,
        actor=actor,
        from_status=release.version.status,
        to_status=release.version.status,
        detail={"release": release.pk, **detail},
    )


def _require_awaiting(release: Release) -> None:
    if release.status == ReleaseStatus.PUBLISHED:
        who = release.decided_by.get_full_name() if release.decided_by else "another steward"
        raise InvalidState(f"Version {release.version.number} has already been published by {who}")
    if release.status == ReleaseStatus.REJECTED:
        who = release.decided_by.get_full_name() if release.decided_by else "another steward"
        raise InvalidState(
            f"The request to publish version {release.version.number} was rejected by {who}"
        )
    if release.status == ReleaseStatus.WITHDRAWN:
        raise InvalidState(f"The request to publish version {release.version.number} was withdrawn")


def release_request(*, actor: User, version: StandardVersion, notes: str | None = None) -> Release:
    """Ask a second steward to publish the draft ``version`` as it stands now.

    The one way into publication besides ``release_build``: a standard's first version, or a
    draft a steward filled by hand or by import, and a draft whose earlier request was rejected
    or withdrawn (its proposals, if any, stay in it). ``notes`` replace the release notes; a
    request needs some. Raises ``NotAllowed``, ``InvalidState`` (not a draft, already awaiting
    approval, refused by ``services.version_publish_check``) or ``ReleaseRefused``.
    """
    _steward_required(actor, action="request approval to publish a version")
    with transaction.atomic():
        Standard.objects.select_for_update().get(pk=version.standard_id)
        version = (
            StandardVersion.objects.select_for_update(of=("self",))
            .select_related("standard")
            .get(pk=version.pk)
        )
        services.version_publish_check(version=version)
        if notes is not None and notes.strip() != version.release_notes:
            version = services.version_draft_update(
                actor=actor, version=version, release_notes=notes.strip()
            )
        if not version.release_notes.strip():
            raise ReleaseRefused(["Enter the release notes"])
        current = selectors.version_latest_published(standard=version.standard)
        release = Release.objects.filter(version=version).first()
        detail: dict = {"number": version.number}
        fields = {
            "notes": version.release_notes,
            "base_version": current,
            "built_by": actor,
            "requested_at": timezone.now(),
            "draft_fingerprint": draft_fingerprint(version=version),
            "decided_by": None,
            "decided_at": None,
            "decision_reason": "",
        }
        if release is None:
            release = Release(
                standard=version.standard,
                version=version,
                impact=_draft_impact(old=current, new=version),
                **fields,
            )
            release._history_user = actor
            release.save()
            VersionEvent.objects.create(
                version=version,
                kind=VersionEventKind.APPROVAL_REQUESTED,
                actor=actor,
                from_status=VersionStatus.DRAFT,
                to_status=VersionStatus.DRAFT,
                detail={"release": release.pk, **detail, "impact": release.impact},
            )
        else:
            release = _lock_release(release)
            entries = list(release.entries.select_related("proposal"))
            stale = [
                entry.proposal.reference
                for entry in entries
                if entry.proposal.status != ProposalStatus.ACCEPTED
            ]
            if stale:
                raise ReleaseRefused(
                    [
                        f"{', '.join(stale)} is no longer accepted, so this draft cannot be "
                        "published as it was built. Delete the draft and build the release again"
                    ]
                )
            fields["impact"] = (
                release.impact if entries else _draft_impact(old=current, new=version)
            )
            _release_transition(
                release,
                ReleaseStatus.AWAITING_APPROVAL,
                actor=actor,
                event=VersionEventKind.APPROVAL_REQUESTED,
                fields=fields,
                detail={**detail, "impact": fields["impact"], "again": True},
            )
        transaction.on_commit(
            lambda: tasks_releases.send_release_approval_requested.enqueue(release.pk)
        )
    return release


def _draft_impact(*, old: StandardVersion | None, new: StandardVersion) -> str:
    """The impact of publishing ``new`` after ``old``; empty for a standard's first version."""
    if old is None:
        return ""
    old_rows, new_rows = selectors.component_versions_differing(old=old, new=new)
    changes = diff.diff_versions(
        diff.snapshot_version(old_rows),
        diff.snapshot_version(new_rows),
        old_number=old.number,
        new_number=new.number,
    )
    return changes.impact.label


def release_withdraw(*, actor: User, release: Release, reason: str = "") -> Release:
    """The steward who requested approval withdraws the request. The draft stays, for editing
    and a new request."""
    with transaction.atomic():
        release = _lock_release(release)
        if actor.pk != release.built_by_id:
            raise NotAllowed("Only the steward who requested approval can withdraw the request")
        _require_awaiting(release)
        reason = (reason or "").strip()
        _release_transition(
            release,
            ReleaseStatus.WITHDRAWN,
            actor=actor,
            event=VersionEventKind.REQUEST_WITHDRAWN,
            fields={"decision_reason": reason, "decided_at": timezone.now()},
            detail={"reason": reason},
        )
    return release


def draft_writers(*, version: StandardVersion) -> set[int]:
    """Everyone who wrote into the draft ``version`` or asked for it to be published: the
    actors of its events (opened, notes edited, approval requested or withdrawn) and of the
    history of its components, attributes and codes (copied, imported, built). Four queries."""
    writers = set(
        VersionEvent.objects.filter(version=version)
        .exclude(kind=VersionEventKind.REQUEST_REJECTED)
        .values_list("actor_id", flat=True)
    )
    component_ids = ComponentVersion.history.filter(version_id=version.pk).values("id")
    writers |= set(
        ComponentVersion.history.filter(version_id=version.pk).values_list(
            "history_user_id", flat=True
        )
    )
    for model in (Attribute, Code):
        writers |= set(
            model.history.filter(component_version_id__in=component_ids).values_list(
                "history_user_id", flat=True
            )
        )
    writers.discard(None)
    return writers


def approval_refusal(
    *, actor: User, release: Release, authors: set[int], writers: set[int]
) -> str | None:
    """Why ``actor`` may not decide ``release`` (four eyes), or None if they may.

    ``authors`` are the authors of its proposals; ``writers`` are ``draft_writers`` of its
    draft. The decider is a steward who is neither.
    """
    if not is_steward(actor):
        return "Only stewards can approve or reject a request to publish a version"
    if actor.pk == release.built_by_id:
        return "You asked for this version to be published, so another steward must decide"
    if actor.pk in writers:
        return "You worked on this draft, so another steward must decide whether to publish it"
    if actor.pk in authors:
        return "You wrote a proposal that this release includes, so another steward must decide"
    return None


def _check_decider(actor: User, release: Release) -> list[ReleaseProposal]:
    entries = list(release.entries.select_related("proposal").order_by("position"))
    refusal = approval_refusal(
        actor=actor,
        release=release,
        authors={entry.proposal.author_id for entry in entries},
        writers=draft_writers(version=release.version),
    )
    if refusal:
        raise NotAllowed(refusal)
    return entries


def release_reject(*, actor: User, release: Release, reason: str) -> Release:
    """A second steward sends the request back with a reason, which the requester sees on the
    release page and by email. The draft stays, to be fixed and requested again."""
    _steward_required(actor, action="reject a request to publish a version")
    reason = (reason or "").strip()
    if not reason:
        raise StandardsError("Enter why you are rejecting this request")
    with transaction.atomic():
        release = _lock_release(release)
        _require_awaiting(release)
        _check_decider(actor, release)
        _release_transition(
            release,
            ReleaseStatus.REJECTED,
            actor=actor,
            event=VersionEventKind.REQUEST_REJECTED,
            fields={"decided_by": actor, "decided_at": timezone.now(), "decision_reason": reason},
            detail={"reason": reason},
        )
        transaction.on_commit(lambda: tasks_releases.send_release_rejected.enqueue(release.pk))
    return release


def release_approve(*, actor: User, release: Release) -> Release:
    """Four eyes, then publication in one transaction: the proposals released, the version
    published (``services.version_publish``: artefacts, the previous version superseded, open
    proposals on older bases marked as needing a rebase, notifications queued on commit), and
    the release decided. Two approvals at once publish once: the second finds the release
    already published.
    """
    _steward_required(actor, action="approve a release")
    with transaction.atomic():
        Standard.objects.select_for_update().get(pk=release.standard_id)
        release = _lock_release(release)
        _require_awaiting(release)
        entries = _check_decider(actor, release)
        version = services.version_draft_lock(actor=actor, version=release.version)
        if draft_fingerprint(version=version) != release.draft_fingerprint:
            raise InvalidState(
                f"The draft of version {version.number} has changed since approval was "
                "requested. The steward who requested it must check it and request approval again"
            )
        for entry in entries:
            proposal_released(actor=actor, proposal=entry.proposal, version=version)
        _release_transition(
            release,
            ReleaseStatus.PUBLISHED,
            actor=actor,
            event=None,
            fields={"decided_by": actor, "decided_at": timezone.now()},
            detail={},
        )
        services.version_publish(release=release)
    return release
