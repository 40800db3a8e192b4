"""Rebasing a stale proposal: its change set replayed on the current published version."""

from datetime import timedelta

import pytest
from django.utils import timezone

from standards.choices import OperationKind, ProposalEventKind, ProposalStatus
from standards.engine.changesets import Operation
from standards.exceptions import ChangeSetInvalid, InvalidState, NotAllowed, StandardsError
from standards.models import Attribute, Proposal
from standards.proposals.services import proposal_rebase
from standards.versions import services
from tests.standards.factories import (
    add_attribute,
    draft_proposal,
    group_member,
    new_standard,
    open_for_comment,
    publish_small_version,
    publish_with_four_eyes,
)

K = OperationKind


@pytest.fixture
def version(steward):
    return publish_small_version(steward=steward, standard=new_standard())


@pytest.fixture
def author(db):
    return group_member()


def _publish_next(steward, version, number="1.1.0", change=None):
    draft = services.version_draft_create(
        actor=steward, standard=version.standard, number=number, base=version
    )
    if change is not None:
        change(draft)
    return publish_with_four_eyes(actor=steward, version=draft)


def _add_priority(draft):
    Attribute.objects.create(
        component_version=draft.component_versions.get(component__key="work-order"),
        key="priority",
        name="priority",
        sort_order=99,
    )


def _change_description(draft):
    attribute = Attribute.objects.get(component_version__version=draft, key="description")
    attribute.definition = "Changed by another release."
    attribute.save()


def _backdate(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(opened_at=timezone.now() - timedelta(days=20))
    proposal.refresh_from_db()
    return proposal


def test_publication_marks_open_proposals_stale_and_records_where_from(version, steward, author):
    proposal = open_for_comment(author=author, base_version=version, operations=[add_attribute()])

    _publish_next(steward, version)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.needs_rebase) == (ProposalStatus.OPEN, True)
    event = proposal.events.latest("pk")
    assert (event.kind, event.from_status, event.to_status, event.actor) == (
        ProposalEventKind.NEEDS_REBASE,
        "",
        "",
        None,
    )
    assert "Version 1.1.0 was published after version 1.0.0" in event.detail["reason"]


def test_a_rebase_that_changes_nothing_keeps_the_revision_and_comment_period(
    version, steward, author
):
    proposal = _backdate(
        open_for_comment(author=author, base_version=version, operations=[add_attribute()])
    )
    opened_at, revision = proposal.opened_at, proposal.revision
    new = _publish_next(steward, version)

    proposal = proposal_rebase(actor=author, proposal=proposal)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.base_version, proposal.revision) == (
        ProposalStatus.OPEN,
        new,
        revision,
    )
    assert not proposal.needs_rebase
    assert proposal.opened_at == opened_at
    event = proposal.events.latest("pk")
    assert (event.kind, event.actor) == (ProposalEventKind.REBASED, author)
    assert event.detail["reason"] == "Rebased from version 1.0.0 on version 1.1.0"


def test_a_rebase_that_changes_the_outcome_is_a_new_revision_and_reopens_comment(
    version, steward, author
):
    operation = Operation(
        K.CHANGE_ATTRIBUTE, "work-order", "description", {"definition": "What to do."}
    )
    proposal = _backdate(
        open_for_comment(author=author, base_version=version, operations=[operation])
    )
    revision = proposal.revision
    _publish_next(steward, version, change=_change_description)

    proposal = proposal_rebase(actor=author, proposal=proposal)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN
    assert proposal.revision == revision + 1
    assert proposal.opened_at > timezone.now() - timedelta(minutes=1)
    edited = proposal.events.filter(kind=ProposalEventKind.CHANGE_SET_EDITED).latest("pk")
    assert edited.detail["rebased_on"] == "1.1.0"


def test_a_draft_that_needs_a_rebase_stays_a_draft_throughout(version, steward, author):
    proposal = draft_proposal(author=author, base_version=version, operations=[add_attribute()])
    _publish_next(steward, version)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.needs_rebase) == (ProposalStatus.DRAFT, True)

    proposal = proposal_rebase(actor=author, proposal=proposal)

    assert (proposal.status, proposal.needs_rebase) == (ProposalStatus.DRAFT, False)
    assert proposal.opened_at is None


def test_operations_that_no_longer_apply_are_listed_and_nothing_changes(version, steward, author):
    change = Operation(K.CHANGE_ATTRIBUTE, "work-order", "description", {"definition": "Why."})
    proposal = open_for_comment(
        author=author, base_version=version, operations=[change, add_attribute()]
    )
    _publish_next(steward, version, change=_add_priority)
    proposal.refresh_from_db()
    events = proposal.events.count()

    with pytest.raises(ChangeSetInvalid) as refused:
        proposal_rebase(actor=author, proposal=proposal)

    assert [p.index for p in refused.value.problems] == [1]
    assert "already has an attribute with the key “priority”" in refused.value.problems[0].message
    assert refused.value.message.startswith("1 change no longer applies to version 1.1.0")
    proposal.refresh_from_db()
    assert (
        proposal.status,
        proposal.needs_rebase,
        proposal.base_version,
        proposal.events.count(),
    ) == (ProposalStatus.OPEN, True, version, events)


def test_the_author_drops_what_no_longer_applies(version, steward, author):
    change = Operation(K.CHANGE_ATTRIBUTE, "work-order", "description", {"definition": "Why."})
    proposal = open_for_comment(
        author=author, base_version=version, operations=[change, add_attribute()]
    )
    revision = proposal.revision
    new = _publish_next(steward, version, change=_add_priority)

    proposal = proposal_rebase(actor=author, proposal=proposal, drop_positions=[2])

    proposal.refresh_from_db()
    assert [op.path for op in proposal.operations.all()] == ["work-order/description"]
    assert (proposal.status, proposal.base_version, proposal.revision) == (
        ProposalStatus.OPEN,
        new,
        revision + 1,
    )
    assert proposal.events.latest("pk").detail["dropped"] == [2]


def test_dropping_every_change_is_refused(version, steward, author):
    proposal = open_for_comment(author=author, base_version=version, operations=[add_attribute()])
    _publish_next(steward, version, change=_add_priority)

    with pytest.raises(StandardsError, match="A proposal needs at least one change"):
        proposal_rebase(actor=author, proposal=proposal, drop_positions=[1])


def test_only_the_author_rebases(version, steward, author):
    proposal = open_for_comment(author=author, base_version=version, operations=[add_attribute()])
    _publish_next(steward, version)

    with pytest.raises(NotAllowed, match="Only the author can rebase a proposal"):
        proposal_rebase(actor=steward, proposal=proposal)


def test_only_a_stale_proposal_is_rebased(version, author):
    proposal = open_for_comment(author=author, base_version=version, operations=[add_attribute()])

    with pytest.raises(InvalidState, match="so it does not need a rebase"):
        proposal_rebase(actor=author, proposal=proposal)


def test_positions_of_the_earlier_revision_stay_marked(version, steward, author):
    """Positions are cast on a revision; a rebase that changes the change set starts a new one,
    so the voting panel shows the earlier ones as "cast on revision N"."""
    operation = Operation(
        K.CHANGE_ATTRIBUTE, "work-order", "description", {"definition": "What to do."}
    )
    proposal = open_for_comment(author=author, base_version=version, operations=[operation])
    earlier = proposal.revision
    _publish_next(steward, version, change=_change_description)

    proposal = proposal_rebase(actor=author, proposal=proposal)

    assert proposal.revision == earlier + 1
    assert proposal.events.filter(revision=earlier).exists()
