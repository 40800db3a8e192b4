"""Proposal services: each state change, the event it writes, the email it sends, and refusals."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from community.choices import GroupStatus
from standards.choices import ProposalEventKind, ProposalStatus
from standards.engine.changesets import Operation
from standards.exceptions import (
    ChangeSetInvalid,
    EditConflict,
    InvalidState,
    NotAllowed,
    StandardsError,
)
from standards.models import (
    Proposal,
    ProposalComment,
    ProposalEvent,
    ProposalOperation,
    ProposalWatch,
)
from standards.proposals.services import (
    comment_add,
    comment_edit,
    comment_hide,
    proposal_operation_add,
    proposal_operation_remove,
    proposal_operations_set,
    proposal_submit,
    proposal_unwatch,
    proposal_update,
    proposal_watch,
    proposal_withdraw,
)
from standards.proposals.voting.services import proposal_voting_open
from standards.versions.services import version_withdraw
from tests.community.factories import (
    ConvenerFactory,
    MembershipFactory,
    StewardFactory,
    UserFactory,
)
from tests.standards.factories import (
    K,
    StandardFactory,
    VersionFactory,
    add_code,
    change_description,
    draft_proposal,
    group_member,
    publish_small_version,
)


@pytest.fixture
def version(steward):
    return publish_small_version(steward=steward)


@pytest.fixture
def author(db):
    return group_member(user__email="author@brookvale.example.org.uk")


@pytest.fixture
def draft(author, version):
    return draft_proposal(author=author, base_version=version)


@pytest.fixture
def opened(draft, author):
    return proposal_submit(actor=author, proposal=draft)


@pytest.fixture
def other_member(db):
    return group_member(user__email="commenter@harbourside.example.org.uk")


@pytest.fixture
def convener(db):
    return ConvenerFactory(user__email="convener@example.org").user


def _events(proposal, kind) -> list[ProposalEvent]:
    return list(ProposalEvent.objects.filter(proposal=proposal, kind=kind).order_by("pk"))


def _past_comment_period(proposal: Proposal) -> Proposal:
    Proposal.objects.filter(pk=proposal.pk).update(
        opened_at=timezone.now() - timedelta(days=proposal.standard.comment_period_days, hours=1)
    )
    proposal.refresh_from_db()
    return proposal


# Drafting ----------------------------------------------------------------------------------


def test_create_starts_a_draft_with_its_change_set(author, version):
    proposal = draft_proposal(
        author=author, base_version=version, operations=[add_code(), change_description()]
    )

    proposal.refresh_from_db()
    assert (proposal.status, proposal.revision, proposal.impact) == (
        ProposalStatus.DRAFT,
        1,
        "minor",
    )
    assert (proposal.author, proposal.organisation) == (author, author.organisation)
    assert list(proposal.operations.values_list("position", "kind", "path")) == [
        (1, K.ADD_CODE, "person-alert-codes/SOC"),
        (2, K.CHANGE_ATTRIBUTE, "work-order/description"),
    ]


def test_create_writes_a_created_event(author, draft):
    (event,) = ProposalEvent.objects.filter(proposal=draft)

    assert (event.kind, event.actor, event.revision) == (ProposalEventKind.CREATED, author, 1)
    assert (event.from_status, event.to_status) == ("", ProposalStatus.DRAFT)


def test_create_makes_the_author_a_watcher(author, draft):
    assert list(ProposalWatch.objects.filter(proposal=draft).values_list("user", flat=True)) == [
        author.pk
    ]


def test_create_sends_no_email(author, version, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft_proposal(author=author, base_version=version)

    assert mail.outbox == []


def test_create_numbers_proposals_in_order_within_the_standard(author, version):
    first = draft_proposal(author=author, base_version=version)
    second = draft_proposal(author=author, base_version=version)

    assert [(first.number, first.reference), (second.number, second.reference)] == [
        (1, "DM-0001"),
        (2, "DM-0002"),
    ]


def test_create_numbers_each_standard_separately(author, version, steward):
    draft_proposal(author=author, base_version=version)
    other = publish_small_version(steward=steward, standard=StandardFactory(proposal_prefix="RP"))

    proposal = draft_proposal(author=author, base_version=other)

    assert (proposal.number, proposal.reference) == (1, "RP-0001")


def test_create_refuses_someone_in_no_working_group(version):
    with pytest.raises(NotAllowed, match="Only members of a working group"):
        draft_proposal(author=UserFactory(), base_version=version)

    assert not Proposal.objects.exists()


def test_create_refuses_a_member_without_a_verified_email(version):
    unverified = group_member(user__verified=False)

    with pytest.raises(NotAllowed, match="confirmed email address"):
        draft_proposal(author=unverified, base_version=version)

    assert not Proposal.objects.exists()


def test_create_refuses_a_member_of_an_archived_group_only(version):
    member = MembershipFactory(group__status=GroupStatus.ARCHIVED).user

    with pytest.raises(NotAllowed):
        draft_proposal(author=member, base_version=version)


def test_create_allows_a_steward(version):
    proposal = draft_proposal(author=StewardFactory(), base_version=version)

    assert proposal.status == ProposalStatus.DRAFT


def test_create_refuses_a_draft_version(author, steward):
    draft_version = VersionFactory(standard=StandardFactory(proposal_prefix="DM"))

    with pytest.raises(InvalidState, match=r"is draft\. Propose changes to the current published"):
        draft_proposal(author=author, base_version=draft_version, operations=[])

    assert not Proposal.objects.exists()


def test_create_refuses_a_withdrawn_version(author, version, steward):
    version_withdraw(actor=steward, version=version, reason="Errors in the codes")

    with pytest.raises(InvalidState, match="is withdrawn"):
        draft_proposal(author=author, base_version=version)

    assert not Proposal.objects.exists()


def test_create_refuses_an_invalid_operation_and_writes_nothing(author, version):
    bad = Operation(K.REMOVE_ATTRIBUTE, "work-order", "description")

    with pytest.raises(ChangeSetInvalid) as refusal:
        draft_proposal(author=author, base_version=version, operations=[add_code(), bad])

    assert [(problem.index, problem.field) for problem in refusal.value.problems] == [(1, "member")]
    assert "deprecated in a published version" in str(refusal.value)
    assert not Proposal.objects.exists()
    assert not ProposalOperation.objects.exists()
    assert not ProposalEvent.objects.exists()


def test_create_refuses_a_missing_title(author, version):
    with pytest.raises(StandardsError, match="Enter a title"):
        draft_proposal(author=author, base_version=version, title="  ")


# Editing the details -----------------------------------------------------------------------


def test_update_changes_the_details_and_bumps_the_revision(author, draft):
    proposal = proposal_update(actor=author, proposal=draft, expected_revision=1, title="New")

    proposal.refresh_from_db()
    assert (proposal.title, proposal.revision) == ("New", 2)


def test_update_writes_an_edited_event_naming_the_fields(author, draft):
    proposal_update(actor=author, proposal=draft, title="New", problem="Another problem.")

    (event,) = _events(draft, ProposalEventKind.EDITED)
    assert (event.actor, event.revision, event.detail) == (
        author,
        2,
        {"fields": ["problem", "title"]},
    )


def test_update_keeps_the_earlier_details_in_history(author, draft):
    proposal_update(actor=author, proposal=draft, title="New")

    titles = list(draft.history.order_by("history_id").values_list("title", "history_user"))
    assert titles == [("Add a social care alert", author.pk), ("New", author.pk)]


def test_update_with_nothing_changed_writes_nothing(author, draft):
    proposal = proposal_update(actor=author, proposal=draft, title=draft.title)

    assert proposal.revision == 1
    assert _events(draft, ProposalEventKind.EDITED) == []


def test_update_refuses_anyone_but_the_author(draft, steward):
    with pytest.raises(NotAllowed, match="Only the author"):
        proposal_update(actor=steward, proposal=draft, title="Hijacked")

    draft.refresh_from_db()
    assert draft.title == "Add a social care alert"


def test_update_refuses_once_the_proposal_is_open(author, opened):
    with pytest.raises(InvalidState, match="can no longer be edited"):
        proposal_update(actor=author, proposal=opened, title="Late change")


def test_update_with_a_stale_revision_conflicts_and_overwrites_nothing(author, draft):
    proposal_update(actor=author, proposal=draft, expected_revision=1, title="First save")

    with pytest.raises(EditConflict):
        proposal_update(actor=author, proposal=draft, expected_revision=1, title="Second save")

    draft.refresh_from_db()
    assert (draft.title, draft.revision) == ("First save", 2)


# Editing the change set --------------------------------------------------------------------


def test_operations_set_replaces_the_change_set(author, draft):
    removal = Operation(K.REMOVE_ATTRIBUTE, "work-order", "legacy_ref")

    proposal = proposal_operations_set(
        actor=author, proposal=draft, operations=[removal], expected_revision=1
    )

    proposal.refresh_from_db()
    assert list(proposal.operations.values_list("kind", "path")) == [
        (K.REMOVE_ATTRIBUTE, "work-order/legacy_ref")
    ]
    assert (proposal.revision, proposal.impact) == (2, "major")


def test_operations_set_writes_a_change_set_event(author, draft):
    proposal_operations_set(actor=author, proposal=draft, operations=[add_code(), add_code("EDU")])

    (event,) = _events(draft, ProposalEventKind.CHANGE_SET_EDITED)
    assert (event.actor, event.revision, event.detail) == (
        author,
        2,
        {"operations": 2, "impact": "minor"},
    )


def test_operations_set_refuses_an_invalid_operation_and_keeps_the_old_set(author, draft):
    duplicate = Operation(K.ADD_CODE, "person-alert-codes", "MED", {"value": "MED"})

    with pytest.raises(ChangeSetInvalid):
        proposal_operations_set(actor=author, proposal=draft, operations=[duplicate])

    draft.refresh_from_db()
    assert list(draft.operations.values_list("path", flat=True)) == ["person-alert-codes/SOC"]
    assert draft.revision == 1
    assert _events(draft, ProposalEventKind.CHANGE_SET_EDITED) == []


def test_operations_set_with_a_stale_revision_conflicts(author, draft):
    proposal_operations_set(actor=author, proposal=draft, operations=[change_description()])

    with pytest.raises(EditConflict):
        proposal_operations_set(
            actor=author, proposal=draft, operations=[add_code("EDU")], expected_revision=1
        )

    assert list(draft.operations.values_list("path", flat=True)) == ["work-order/description"]


def test_operations_set_refuses_anyone_but_the_author(draft, other_member):
    with pytest.raises(NotAllowed):
        proposal_operations_set(actor=other_member, proposal=draft, operations=[])


def test_operation_add_appends_to_the_change_set(author, draft):
    proposal_operation_add(actor=author, proposal=draft, operation=change_description())

    assert list(draft.operations.values_list("position", "path")) == [
        (1, "person-alert-codes/SOC"),
        (2, "work-order/description"),
    ]


def test_operation_remove_drops_the_operation_at_its_position(author, version):
    proposal = draft_proposal(
        author=author, base_version=version, operations=[add_code(), change_description()]
    )

    proposal_operation_remove(actor=author, proposal=proposal, position=1)

    assert list(proposal.operations.values_list("position", "path")) == [
        (1, "work-order/description")
    ]


def test_operation_remove_refuses_a_position_not_in_the_set(author, draft):
    with pytest.raises(StandardsError, match="no longer in the change set"):
        proposal_operation_remove(actor=author, proposal=draft, position=2)


# Submitting --------------------------------------------------------------------------------


def test_submit_opens_the_proposal_for_comment(author, draft):
    proposal = proposal_submit(actor=author, proposal=draft)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN
    assert proposal.opened_at is not None


def test_submit_writes_a_status_event(author, draft):
    proposal_submit(actor=author, proposal=draft)

    (event,) = _events(draft, ProposalEventKind.STATUS_CHANGED)
    assert (event.actor, event.revision, event.from_status, event.to_status) == (
        author,
        1,
        ProposalStatus.DRAFT,
        ProposalStatus.OPEN,
    )


def test_submit_emails_watchers_but_not_the_author(
    author, draft, django_capture_on_commit_callbacks
):
    watcher = StewardFactory(email="steward@example.org")
    proposal_watch(actor=watcher, proposal=draft)

    with django_capture_on_commit_callbacks(execute=True):
        proposal_submit(actor=author, proposal=draft)

    (message,) = mail.outbox
    assert message.to == ["steward@example.org"]
    assert message.subject == f"{draft.reference} is now open for comment"


def test_submit_refuses_an_empty_change_set(author, version):
    proposal = draft_proposal(author=author, base_version=version, operations=[])

    with pytest.raises(StandardsError, match="Add at least one change"):
        proposal_submit(actor=author, proposal=proposal)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_submit_refuses_anyone_but_the_author(draft, steward):
    with pytest.raises(NotAllowed):
        proposal_submit(actor=steward, proposal=draft)


def test_submit_refuses_a_proposal_already_open(author, opened):
    with pytest.raises(InvalidState, match="open for comment, so you cannot submit it"):
        proposal_submit(actor=author, proposal=opened)


def test_submit_refuses_once_the_base_version_is_withdrawn(author, draft, version, steward):
    version_withdraw(actor=steward, version=version, reason="Errors in the codes")

    with pytest.raises(InvalidState, match="is withdrawn"):
        proposal_submit(actor=author, proposal=draft)


# Withdrawing -------------------------------------------------------------------------------


@pytest.fixture
def proposal_in(author, version, convener):
    """A proposal taken through the services to ``status``."""

    def build(status: ProposalStatus) -> Proposal:
        proposal = draft_proposal(author=author, base_version=version)
        if status in {ProposalStatus.OPEN, ProposalStatus.VOTING}:
            proposal = proposal_submit(actor=author, proposal=proposal)
        if status == ProposalStatus.VOTING:
            proposal = proposal_voting_open(actor=convener, proposal=_past_comment_period(proposal))
        return proposal

    return build


@pytest.mark.parametrize(
    "status", [ProposalStatus.DRAFT, ProposalStatus.OPEN, ProposalStatus.VOTING]
)
def test_withdraw_closes_the_proposal(author, proposal_in, status):
    proposal = proposal_withdraw(actor=author, proposal=proposal_in(status), reason=" Superseded ")

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert proposal.closed_at is not None


@pytest.mark.parametrize(
    "status", [ProposalStatus.DRAFT, ProposalStatus.OPEN, ProposalStatus.VOTING]
)
def test_withdraw_writes_a_status_event_with_the_reason(author, proposal_in, status):
    proposal = proposal_withdraw(actor=author, proposal=proposal_in(status), reason="Superseded")

    event = _events(proposal, ProposalEventKind.STATUS_CHANGED)[-1]
    assert (event.actor, event.from_status, event.to_status, event.detail) == (
        author,
        status,
        ProposalStatus.WITHDRAWN,
        {"reason": "Superseded"},
    )


def test_withdraw_emails_watchers_with_the_reason(
    author, opened, other_member, django_capture_on_commit_callbacks
):
    proposal_watch(actor=other_member, proposal=opened)

    with django_capture_on_commit_callbacks(execute=True):
        proposal_withdraw(actor=author, proposal=opened, reason="Merged into DM-0009")

    (message,) = mail.outbox
    assert message.to == [other_member.email]
    assert "Reason given: Merged into DM-0009" in message.body


def test_withdraw_refuses_anyone_but_the_author(opened, steward):
    with pytest.raises(NotAllowed, match="Only the author can withdraw"):
        proposal_withdraw(actor=steward, proposal=opened)


def test_withdraw_refuses_a_proposal_already_withdrawn(author, opened):
    proposal_withdraw(actor=author, proposal=opened)

    with pytest.raises(InvalidState, match="is withdrawn, so you cannot withdraw it"):
        proposal_withdraw(actor=author, proposal=opened)


@pytest.mark.parametrize("status", [ProposalStatus.ACCEPTED, ProposalStatus.REJECTED])
def test_withdraw_refuses_a_decided_proposal(author, opened, status):
    Proposal.objects.filter(pk=opened.pk).update(status=status)

    with pytest.raises(InvalidState):
        proposal_withdraw(actor=author, proposal=opened)


# Opening the vote --------------------------------------------------------------------------


def test_voting_open_is_refused_before_the_comment_period_ends(opened, convener):
    with pytest.raises(InvalidState, match="The comment period has not ended"):
        proposal_voting_open(actor=convener, proposal=opened)

    opened.refresh_from_db()
    assert opened.status == ProposalStatus.OPEN


def test_voting_open_is_allowed_for_a_convener_after_the_comment_period(opened, convener):
    proposal = proposal_voting_open(actor=convener, proposal=_past_comment_period(opened))

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VOTING


def test_voting_open_is_allowed_for_a_steward_after_the_comment_period(opened, steward):
    proposal = proposal_voting_open(actor=steward, proposal=_past_comment_period(opened))

    assert proposal.status == ProposalStatus.VOTING


def test_voting_open_writes_a_status_event(opened, convener):
    proposal_voting_open(actor=convener, proposal=_past_comment_period(opened))

    event = _events(opened, ProposalEventKind.STATUS_CHANGED)[-1]
    assert (event.actor, event.from_status, event.to_status) == (
        convener,
        ProposalStatus.OPEN,
        ProposalStatus.VOTING,
    )


def test_voting_open_emails_the_author(
    author, opened, convener, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal_voting_open(actor=convener, proposal=_past_comment_period(opened))

    (message,) = [m for m in mail.outbox if m.subject == f"{opened.reference} is now voting"]
    assert message.to == [author.email]


def test_voting_open_is_refused_for_a_plain_member(opened, other_member):
    with pytest.raises(NotAllowed, match="Only conveners and stewards"):
        proposal_voting_open(actor=other_member, proposal=_past_comment_period(opened))


def test_voting_open_is_refused_for_a_draft(draft, convener):
    with pytest.raises(InvalidState, match="is draft, so you cannot start voting"):
        proposal_voting_open(actor=convener, proposal=draft)


def test_voting_open_follows_the_standards_comment_period(opened, convener):
    opened.standard.comment_period_days = 3
    opened.standard.save()
    Proposal.objects.filter(pk=opened.pk).update(
        opened_at=timezone.now() - timedelta(days=3, minutes=1)
    )

    proposal = proposal_voting_open(actor=convener, proposal=opened)

    assert proposal.status == ProposalStatus.VOTING


# Comments ----------------------------------------------------------------------------------


def test_comment_add_records_the_comment_on_the_current_revision(opened, other_member):
    comment = comment_add(actor=other_member, proposal=opened, body="  Good idea.  ")

    comment.refresh_from_db()
    assert (comment.author, comment.body, comment.revision, comment.parent) == (
        other_member,
        "Good idea.",
        1,
        None,
    )


def test_comment_add_writes_a_commented_event(opened, other_member):
    comment = comment_add(actor=other_member, proposal=opened, body="Good idea.")

    (event,) = _events(opened, ProposalEventKind.COMMENTED)
    assert (event.actor, event.comment, event.revision) == (other_member, comment, 1)


def test_comment_add_makes_the_commenter_a_watcher(opened, other_member):
    comment_add(actor=other_member, proposal=opened, body="Good idea.")

    assert ProposalWatch.objects.filter(proposal=opened, user=other_member).exists()


def test_comment_by_someone_else_emails_the_author(
    author, opened, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(actor=other_member, proposal=opened, body="Have you thought about *carers*?")

    (message,) = mail.outbox
    assert message.to == [author.email]
    assert message.subject == f"New comment on {opened.reference}: {opened.title}"
    assert "Have you thought about *carers*?" in message.body


def test_the_authors_own_comment_does_not_email_them(
    author, opened, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(actor=author, proposal=opened, body="To clarify the use case.")

    assert mail.outbox == []


def test_comment_add_refuses_a_draft(draft, author):
    with pytest.raises(InvalidState, match="is draft, so it is not open for comments"):
        comment_add(actor=author, proposal=draft, body="Early thought.")

    assert not ProposalComment.objects.exists()


def test_comment_add_refuses_a_withdrawn_proposal(author, opened, other_member):
    proposal_withdraw(actor=author, proposal=opened)

    with pytest.raises(InvalidState, match="is withdrawn, so it is not open for comments"):
        comment_add(actor=other_member, proposal=opened, body="Too late.")


def test_comment_add_refuses_someone_in_no_group(opened):
    with pytest.raises(NotAllowed):
        comment_add(actor=UserFactory(), proposal=opened, body="Drive-by.")


def test_comment_add_refuses_an_empty_body(opened, other_member):
    with pytest.raises(StandardsError, match="Enter your comment"):
        comment_add(actor=other_member, proposal=opened, body=" \x00 ")


def test_a_reply_to_a_comment_joins_its_thread(author, opened, other_member):
    top = comment_add(actor=other_member, proposal=opened, body="Question?")

    reply = comment_add(actor=author, proposal=opened, body="Answer.", parent=top)

    assert reply.parent == top


def test_a_reply_to_a_reply_attaches_to_the_top_comment(author, opened, other_member):
    top = comment_add(actor=other_member, proposal=opened, body="Question?")
    reply = comment_add(actor=author, proposal=opened, body="Answer.", parent=top)

    nested = comment_add(actor=other_member, proposal=opened, body="Thanks.", parent=reply)

    assert nested.parent == top


def test_a_reply_to_a_comment_on_another_proposal_is_refused(author, version, opened, other_member):
    elsewhere = proposal_submit(
        actor=author,
        proposal=draft_proposal(author=author, base_version=version, operations=[add_code("EDU")]),
    )
    top = comment_add(actor=other_member, proposal=elsewhere, body="Question?")

    with pytest.raises(StandardsError, match="Reply to a comment on this proposal"):
        comment_add(actor=author, proposal=opened, body="Answer.", parent=top)


def test_comment_edit_changes_the_body_and_keeps_the_old_text(opened, other_member):
    comment = comment_add(actor=other_member, proposal=opened, body="Frist draft.")

    comment_edit(actor=other_member, comment=comment, body="First draft.")

    comment.refresh_from_db()
    assert comment.body == "First draft."
    assert comment.edited_at is not None
    assert list(comment.history.order_by("history_id").values_list("body", flat=True)) == [
        "Frist draft.",
        "First draft.",
    ]


def test_comment_edit_writes_a_comment_edited_event(opened, other_member):
    comment = comment_add(actor=other_member, proposal=opened, body="Frist draft.")

    comment_edit(actor=other_member, comment=comment, body="First draft.")

    (event,) = _events(opened, ProposalEventKind.COMMENT_EDITED)
    assert (event.actor, event.comment) == (other_member, comment)


def test_comment_edit_refuses_anyone_but_its_author(author, opened, other_member):
    comment = comment_add(actor=other_member, proposal=opened, body="Mine.")

    with pytest.raises(NotAllowed, match="You can only edit your comments"):
        comment_edit(actor=author, comment=comment, body="Now yours.")

    comment.refresh_from_db()
    assert comment.body == "Mine."


def test_comment_edit_refuses_a_hidden_comment(opened, other_member, convener):
    comment = comment_add(actor=other_member, proposal=opened, body="Rude.")
    comment_hide(actor=convener, comment=comment, reason="Not respectful")

    with pytest.raises(InvalidState, match="has been hidden"):
        comment_edit(actor=other_member, comment=comment, body="Polite.")


def test_comment_hide_records_who_and_why(opened, other_member, convener):
    comment = comment_add(actor=other_member, proposal=opened, body="Rude.")

    comment_hide(actor=convener, comment=comment, reason=" Not respectful ")

    comment.refresh_from_db()
    assert comment.is_hidden
    assert (comment.hidden_by, comment.hidden_reason) == (convener, "Not respectful")


def test_comment_hide_writes_a_comment_hidden_event(opened, other_member, convener):
    comment = comment_add(actor=other_member, proposal=opened, body="Rude.")

    comment_hide(actor=convener, comment=comment, reason="Not respectful")

    (event,) = _events(opened, ProposalEventKind.COMMENT_HIDDEN)
    assert (event.actor, event.comment, event.detail) == (
        convener,
        comment,
        {"reason": "Not respectful"},
    )


def test_comment_hide_needs_a_reason(opened, other_member, convener):
    comment = comment_add(actor=other_member, proposal=opened, body="Rude.")

    with pytest.raises(StandardsError, match="Enter why you are hiding this comment"):
        comment_hide(actor=convener, comment=comment, reason="  ")

    comment.refresh_from_db()
    assert not comment.is_hidden


def test_comment_hide_refuses_a_plain_member(author, opened, other_member):
    comment = comment_add(actor=other_member, proposal=opened, body="Rude.")

    with pytest.raises(NotAllowed, match="Only conveners and stewards"):
        comment_hide(actor=author, comment=comment, reason="I disagree")


def test_comment_hide_allows_a_steward(opened, other_member, steward):
    comment = comment_add(actor=other_member, proposal=opened, body="Rude.")

    assert comment_hide(actor=steward, comment=comment, reason="Off topic").is_hidden


# Watching ----------------------------------------------------------------------------------


def test_watch_is_idempotent(opened, other_member):
    results = [proposal_watch(actor=other_member, proposal=opened) for _ in range(2)]

    assert results == [True, False]
    assert ProposalWatch.objects.filter(proposal=opened, user=other_member).count() == 1


def test_unwatch_is_idempotent(author, opened):
    results = [proposal_unwatch(actor=author, proposal=opened) for _ in range(2)]

    assert results == [True, False]
    assert not ProposalWatch.objects.filter(proposal=opened, user=author).exists()


def test_watching_someone_elses_draft_is_refused(draft, other_member):
    with pytest.raises(NotAllowed):
        proposal_watch(actor=other_member, proposal=draft)


def test_an_unwatched_member_gets_no_comment_email(
    author, opened, other_member, django_capture_on_commit_callbacks
):
    third = group_member()
    comment_add(actor=third, proposal=opened, body="Interesting.")
    proposal_unwatch(actor=third, proposal=opened)

    with django_capture_on_commit_callbacks(execute=True):
        comment_add(actor=other_member, proposal=opened, body="Agreed.")

    (message,) = mail.outbox
    assert message.to == [author.email]
