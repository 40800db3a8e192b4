"""Reads for proposals: lists, a proposal with its change set applied, conflicts, timelines.

Each runs a fixed number of queries however long the change set or large the base version:
``changeset_base`` loads only the components a change set names, plus one light index row per
component of the base.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from community.choices import MembershipStatus
from community.permissions import STEWARDS_GROUP
from standards.catalogue.selectors import component_versions_for
from standards.choices import ProposalEventKind, ProposalStatus
from standards.engine import diff
from standards.engine.changesets import (
    BaseState,
    Operation,
    Outcome,
    Tombstones,
    changeset_apply,
)
from standards.engine.workflow import LOCKED_STATUSES
from standards.models import (
    NOT_CLOSED_STATUSES,
    Attribute,
    Code,
    Component,
    ComponentVersion,
    Proposal,
    ProposalComment,
    ProposalEvent,
    ProposalOperation,
    ProposalWatch,
    Release,
    ReleaseStatus,
    StandardVersion,
)

PUBLIC_STATUSES = tuple(status for status in ProposalStatus if status != ProposalStatus.DRAFT)


def changeset_base(*, version: StandardVersion, operations: Sequence[Operation]) -> BaseState:
    """What ``changesets.changeset_apply`` needs of ``version`` for these operations.

    Seven queries, eight with a removal: the index of every component, the named components
    with their attributes and codes (three), the reserved component keys, attribute names and
    code values (three), and the referrers of components being removed (one, only if any are).
    """
    keys = {op.component for op in operations}
    for op in operations:
        references = op.values.get("references") if isinstance(op.values, dict) else None
        if isinstance(references, str):
            keys.add(references)
    index = {
        key: {"kind": kind, "name": name, "deprecated": deprecated}
        for key, kind, name, deprecated in ComponentVersion.objects.filter(version=version)
        .order_by("sort_order", "name")
        .values_list("component__key", "component__kind", "name", "deprecated")
    }
    named = [key for key in keys if key in index]
    rows = component_versions_for(version=version, with_members=True).filter(
        component__key__in=named
    )
    components = diff.snapshot_version(rows) if named else {}
    return BaseState(
        components=components,
        index=index,
        tombstones=_tombstones(version=version, keys=keys, index=index),
        referrers=_referrers(version=version, operations=operations),
    )


def _tombstones(*, version: StandardVersion, keys: set[str], index: dict) -> Tombstones:
    """Names and values published for these components up to ``version``: reserved, unless the
    base has them.

    Only versions published no later than a published base count, so a change set applied to
    its own base gives the same answer for ever: a released proposal that added a name is not
    refused because a later version (its own release) published that name.
    """
    published = StandardVersion.objects.filter(
        standard_id=version.standard_id, status__in=LOCKED_STATUSES
    )
    if version.published_at is not None:
        published = published.filter(published_at__lte=version.published_at)
    in_scope = Q(
        component_version__version__in=published, component_version__component__key__in=keys
    )
    attribute_names = frozenset(
        Attribute.objects.filter(in_scope)
        .values_list("component_version__component__key", "name")
        .distinct()
    )
    code_values = frozenset(
        Code.objects.filter(in_scope)
        .values_list("component_version__component__key", "value")
        .distinct()
    )
    components = frozenset(
        key
        for key in Component.objects.filter(
            standard_id=version.standard_id, key__in=keys, versions__version__in=published
        )
        .values_list("key", flat=True)
        .distinct()
        if key not in index
    )
    return Tombstones(
        components=components, attribute_names=attribute_names, code_values=code_values
    )


def _referrers(*, version: StandardVersion, operations: Sequence[Operation]) -> dict[str, set]:
    removed = {op.component for op in operations if op.kind == "remove_component"}
    if not removed:
        return {}
    referrers: dict[str, set] = {}
    for target, source in Attribute.objects.filter(
        component_version__version=version, references__key__in=removed
    ).values_list("references__key", "component_version__component__key"):
        referrers.setdefault(target, set()).add(source)
    return referrers


def changeset_outcome(*, version: StandardVersion, operations: Sequence[Operation]) -> Outcome:
    """Apply ``operations`` to ``version``: the after-state, problems and impact of each."""
    return changeset_apply(changeset_base(version=version, operations=operations), operations)


def proposal_operations(*, proposal: Proposal) -> list[Operation]:
    return [row.as_operation() for row in proposal.operations.order_by("position")]


def proposal_outcome(*, proposal: Proposal) -> Outcome:
    return changeset_outcome(
        version=proposal.base_version, operations=proposal_operations(proposal=proposal)
    )


def _proposals() -> QuerySet[Proposal]:
    return Proposal.objects.select_related(
        "standard", "base_version__standard", "author", "organisation"
    )


def proposal_get(*, standard_slug: str, reference: str) -> Proposal:
    """Raises ``Proposal.DoesNotExist``."""
    return _proposals().get(standard__slug=standard_slug, reference__iexact=reference)


@dataclass
class ProposalFilters:
    """The list page's search and filters, read leniently: unknown values are ignored."""

    query: str = ""
    statuses: tuple[str, ...] = ()
    component: str = ""
    impacts: tuple[str, ...] = ()
    group: str = ""

    @classmethod
    def from_params(cls, params) -> "ProposalFilters":
        impacts = ("patch", "minor", "major")
        return cls(
            query=params.get("q", "").strip()[:200].replace("\x00", ""),
            statuses=tuple(s for s in params.getlist("status") if s in ProposalStatus.values),
            component=params.get("component", "").strip()[:100],
            impacts=tuple(i for i in params.getlist("impact") if i in impacts),
            group=params.get("group", "").strip()[:100],
        )

    @property
    def active(self) -> bool:
        return bool(self.query or self.statuses or self.component or self.impacts or self.group)


def proposal_list(
    *, standard=None, filters: ProposalFilters | None = None, include_drafts_of=None
) -> QuerySet[Proposal]:
    """Proposals newest first. Drafts only of ``include_drafts_of`` (a user), if given."""
    filters = filters or ProposalFilters()
    visible = Q(status__in=PUBLIC_STATUSES)
    if include_drafts_of is not None and include_drafts_of.is_authenticated:
        visible |= Q(author=include_drafts_of)
    rows = _proposals().filter(visible)
    if standard is not None:
        rows = rows.filter(standard=standard)
    if filters.statuses:
        rows = rows.filter(status__in=filters.statuses)
    if filters.impacts:
        rows = rows.filter(impact__in=filters.impacts)
    if filters.component:
        rows = rows.filter(
            Exists(
                ProposalOperation.objects.filter(
                    proposal=OuterRef("pk"), component_key=filters.component
                )
            )
        )
    if filters.group:
        rows = rows.filter(
            author__memberships__group__slug=filters.group,
            author__memberships__status=MembershipStatus.ACTIVE,
        )
    if filters.query:
        rows = rows.filter(
            Q(title__icontains=filters.query)
            | Q(reference__iexact=filters.query)
            | Q(problem__icontains=filters.query)
        )
    return rows.distinct().order_by("-created_at", "-pk")


@dataclass(frozen=True)
class Conflict:
    proposal: Proposal
    paths: tuple[str, ...]


def proposal_conflicts(*, proposal: Proposal) -> list[Conflict]:
    """Other proposals, not closed, of the same standard that touch an element path this one does.

    Drafts are private working copies, so they neither conflict nor are conflicted with.
    One query.
    """
    paths = set(proposal.operations.values_list("path", flat=True))
    return _conflicts_for(proposal=proposal, paths=paths)


def _conflicts_for(*, proposal: Proposal, paths: set[str]) -> list[Conflict]:
    if not paths:
        return []
    rows = (
        ProposalOperation.objects.filter(
            path__in=paths,
            proposal__standard_id=proposal.standard_id,
            proposal__status__in=[s for s in NOT_CLOSED_STATUSES if s != ProposalStatus.DRAFT],
        )
        .exclude(proposal_id=proposal.pk)
        .select_related("proposal__standard")
        .order_by("proposal__number", "position")
    )
    found: dict[int, tuple[Proposal, list[str]]] = {}
    for row in rows:
        found.setdefault(row.proposal_id, (row.proposal, []))[1].append(row.path)
    return [Conflict(other, tuple(dict.fromkeys(p))) for other, p in found.values()]


def component_open_proposals(*, component: Component) -> list[Proposal]:
    """Published proposals, not closed, whose change sets touch ``component``. One query."""
    return list(
        _proposals()
        .filter(
            standard_id=component.standard_id,
            status__in=[s for s in NOT_CLOSED_STATUSES if s != ProposalStatus.DRAFT],
            operations__component_key=component.key,
        )
        .distinct()
        .order_by("number")
    )


def conflicting_paths(*, component: Component) -> set[str]:
    """Element paths of ``component`` that two or more open proposals touch. One query."""
    seen: dict[str, set[int]] = {}
    for path, proposal_id in ProposalOperation.objects.filter(
        component_key=component.key,
        proposal__standard_id=component.standard_id,
        proposal__status__in=[s for s in NOT_CLOSED_STATUSES if s != ProposalStatus.DRAFT],
    ).values_list("path", "proposal_id"):
        seen.setdefault(path, set()).add(proposal_id)
    return {path for path, ids in seen.items() if len(ids) > 1}


def proposal_timeline(*, proposal: Proposal) -> QuerySet[ProposalEvent]:
    return proposal.events.select_related("actor", "comment").order_by("at", "pk")


# Edits one person makes one after another read as one entry on the page.
FOLDED_KINDS = frozenset({ProposalEventKind.EDITED, ProposalEventKind.CHANGE_SET_EDITED})


def timeline_folded(events) -> list[ProposalEvent]:
    """The timeline as the page shows it: a run of edits of one kind by one person, with nothing
    between them, is one entry, the run's last event, with ``folded`` (how many) and
    ``folded_from`` (when the run started). Every other event stands alone (``folded`` 1).
    The full record stays in the JSON and the API.
    """
    entries: list[ProposalEvent] = []
    for event in events:
        last = entries[-1] if entries else None
        if (
            last is not None
            and event.kind in FOLDED_KINDS
            and event.kind == last.kind
            and event.actor_id == last.actor_id
        ):
            event.folded, event.folded_from = last.folded + 1, last.folded_from
            entries[-1] = event
            continue
        event.folded, event.folded_from = 1, event.at
        entries.append(event)
    return entries


def proposal_comments(*, proposal: Proposal) -> list[ProposalComment]:
    """Top-level comments oldest first, each with ``replies`` prefetched. Two queries."""
    replies = ProposalComment.objects.select_related("author__organisation", "hidden_by")
    return list(
        proposal.comments.filter(parent__isnull=True)
        .select_related("author__organisation", "hidden_by")
        .prefetch_related(Prefetch("replies", queryset=replies.order_by("created_at", "pk")))
        .order_by("created_at", "pk")
    )


def is_watching(*, user, proposal: Proposal) -> bool:
    return (
        user.is_authenticated
        and ProposalWatch.objects.filter(user=user, proposal=proposal).exists()
    )


def proposals_by_author(*, user) -> QuerySet[Proposal]:
    return _proposals().filter(author=user).order_by("-updated_at", "-pk")


def proposals_watched(*, user) -> QuerySet[Proposal]:
    return (
        _proposals()
        .filter(watches__user=user, status__in=PUBLIC_STATUSES)
        .exclude(author=user)
        .order_by("-updated_at", "-pk")
    )


def watcher_emails(*, proposal: Proposal) -> list[str]:
    """The author and the active watchers. A draft's email goes only to those who may see it:
    its author and watchers who are stewards (``permissions.can_view_proposal``)."""
    watchers = ProposalWatch.objects.filter(proposal=proposal, user__is_active=True)
    if proposal.is_draft:
        watchers = watchers.filter(
            Q(user__is_superuser=True) | Q(user__groups__name=STEWARDS_GROUP)
        )
    return sorted(set(watchers.values_list("user__email", flat=True)) | {proposal.author.email})


def comment_period_ends(proposal: Proposal):
    """When voting may start: the standard's minimum comment period after opening."""
    if proposal.opened_at is None:
        return None
    return proposal.opened_at + timedelta(days=proposal.standard.comment_period_days)


def release_of_proposal(*, proposal: Proposal) -> Release | None:
    """The published release that included ``proposal``, or None. One query."""
    return (
        Release.objects.filter(entries__proposal=proposal, status=ReleaseStatus.PUBLISHED)
        .select_related("standard", "version__standard", "base_version")
        .first()
    )


def touched_components(*, proposals) -> dict[int, list[str]]:
    """The component keys each proposal's change set touches, in order. One query."""
    touched: dict[int, list[str]] = {}
    rows = (
        ProposalOperation.objects.filter(proposal__in=[proposal.pk for proposal in proposals])
        .order_by("proposal_id", "position")
        .values_list("proposal_id", "component_key")
    )
    for proposal_id, key in rows:
        keys = touched.setdefault(proposal_id, [])
        if key not in keys:
            keys.append(key)
    return touched
