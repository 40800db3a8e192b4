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

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from community.models import User
from community.permissions import is_steward
from standards.catalogue import selectors
from standards.choices import ProposalStatus, VersionEventKind, VersionStatus
from standards.engine.changesets import Outcome
from standards.engine.workflow import release_move
from standards.exceptions import (
    InvalidState,
    NotAllowed,
    ReleaseRefused,
    StandardsError,
)
from standards.interchange.importers import draft_fingerprint
from standards.models import (
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
from standards.proposals.services import proposal_released
from standards.releases import tasks as tasks_releases
from standards.releases.selectors import release_preview
from standards.versions import services

# The preview ------------------------------------------------------------------------------------


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
        standard = Standard.objects.select_for_update(of=("self",)).get(pk=standard.pk)
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
        Standard.objects.select_for_update(of=("self",)).get(pk=version.standard_id)
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
    return selectors.version_diff(old=old, new=new).impact.label


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
        Standard.objects.select_for_update(of=("self",)).get(pk=release.standard_id)
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
