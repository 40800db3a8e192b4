"""Releases: the preview, building, withdrawing, four eyes, and publication in one transaction."""

from unittest import mock

import pytest
from django.core import mail

from standards.catalogue.selectors import component_versions_for
from standards.choices import (
    OperationKind,
    ProposalEventKind,
    ProposalStatus,
    VersionEventKind,
    VersionStatus,
)
from standards.engine import diff
from standards.engine.changesets import Operation
from standards.engine.diff import Impact
from standards.engine.versioning import VersionNumber, next_number
from standards.exceptions import InvalidState, NotAllowed, ReleaseRefused
from standards.interchange import artefacts
from standards.models import (
    Attribute,
    Code,
    Component,
    ComponentVersion,
    Proposal,
    ProposalEvent,
    Release,
    ReleaseProposal,
    ReleaseStatus,
    StandardVersion,
    VersionArtefact,
    VersionEvent,
)
from standards.proposals import transitions as proposals_transitions
from standards.releases import services as services_releases
from standards.releases.selectors import release_preview
from standards.releases.services import (
    release_approve,
    release_build,
    release_request,
    release_withdraw,
)
from standards.versions import services
from tests.community.factories import UserFactory
from tests.standards.factories import (
    AttributeFactory,
    ComponentVersionFactory,
    VersionFactory,
    accepted_proposal,
    add_attribute,
    change_code_label,
    draft_proposal,
    new_standard,
    open_for_comment,
    publish_small_version,
    publish_with_four_eyes,
    second_steward,
    voters,
)

K = OperationKind


@pytest.fixture
def people(db):
    return voters()


@pytest.fixture
def version(steward):
    return publish_small_version(steward=steward, standard=new_standard())


@pytest.fixture
def two(people, version):
    """Two accepted proposals: a minor one (an optional attribute) and a patch (a label)."""
    first = accepted_proposal(
        people=people, base_version=version, operations=[add_attribute()], title="Add priority"
    )
    second = accepted_proposal(
        people=people,
        base_version=version,
        operations=[change_code_label()],
        author=people.members["la"],
        title="Relabel medical",
    )
    return first, second


@pytest.fixture
def approver(db):
    return second_steward()


def _build(steward, version, proposals, **kwargs):
    kwargs.setdefault("number", None)
    kwargs.setdefault("notes", "Notes.")
    return release_build(actor=steward, standard=version.standard, proposals=proposals, **kwargs)


# Numbering ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "impact", "expected"),
    [
        ((1, 2, 3), Impact.MAJOR, (2, 0, 0)),
        ((1, 2, 3), Impact.MINOR, (1, 3, 0)),
        ((1, 2, 3), Impact.PATCH, (1, 2, 4)),
        # Before 1.0.0, breaking changes bump the minor.
        ((0, 4, 1), Impact.MAJOR, (0, 5, 0)),
        ((0, 4, 1), Impact.MINOR, (0, 5, 0)),
        ((0, 4, 1), Impact.PATCH, (0, 4, 2)),
    ],
)
def test_next_number(current, impact, expected):
    assert next_number(VersionNumber(*current), impact) == VersionNumber(*expected)


def test_a_breaking_release_before_1_0_bumps_the_minor(steward, people):
    draft = VersionFactory(standard=new_standard(), major=0, minor=4, patch=0)
    entity = ComponentVersionFactory(version=draft, component__key="work-order", name="Order")
    AttributeFactory(component_version=entity, key="description")
    base = publish_with_four_eyes(actor=steward, version=draft)
    proposal = accepted_proposal(
        people=people, base_version=base, operations=[add_attribute(required=True)]
    )

    preview = release_preview(standard=base.standard, proposals=[proposal], number=None)

    assert preview.impact == Impact.MAJOR
    assert preview.suggested_number == VersionNumber(0, 5, 0)
    assert preview.ok


# The preview -------------------------------------------------------------------------------------


def test_preview_combines_the_proposals_in_order_and_writes_nothing(two, version):
    counts = (StandardVersion.objects.count(), VersionEvent.objects.count())

    preview = release_preview(standard=version.standard, proposals=list(two), number=None)

    assert preview.ok, preview.errors
    assert preview.current == version
    assert [op.path for op in preview.operations] == [
        "work-order/priority",
        "person-alert-codes/MED",
    ]
    assert preview.owners == list(two)
    assert preview.impact == Impact.MINOR
    assert preview.number == preview.suggested_number == VersionNumber(1, 1, 0)
    assert [change.key for change in preview.component_diffs] == [
        "work-order",
        "person-alert-codes",
    ]
    assert (StandardVersion.objects.count(), VersionEvent.objects.count()) == counts


def test_preview_generates_notes_linked_to_each_proposal(two, version):
    first, second = two

    notes = release_preview(standard=version.standard, proposals=list(two)).notes

    slug = version.standard.slug
    assert notes == (
        "## Added\n\n"
        f"- Attribute `priority` of Work order ([{first.reference}]"
        f"(/standards/{slug}/proposals/{first.reference}/))\n\n"
        "## Changed\n\n"
        f"- Code `MED` in Person alert codes: label ([{second.reference}]"
        f"(/standards/{slug}/proposals/{second.reference}/))\n"
    )


def test_notes_have_deprecated_and_removed_sections(people, version):
    proposal = accepted_proposal(
        people=people,
        base_version=version,
        operations=[
            Operation(K.DEPRECATE_ATTRIBUTE, "work-order", "description", {}),
            Operation(K.REMOVE_CODE, "person-alert-codes", "OLD"),
        ],
    )

    preview = release_preview(standard=version.standard, proposals=[proposal])

    assert "## Deprecated\n\n- Attribute `description` of Work order" in preview.notes
    assert "## Removed\n\n- Code `OLD` in Person alert codes" in preview.notes
    assert preview.suggested_number == VersionNumber(2, 0, 0)


def test_preview_refuses_proposals_that_conflict(people, version):
    first = accepted_proposal(people=people, base_version=version, operations=[change_code_label()])
    second = accepted_proposal(
        people=people, base_version=version, operations=[change_code_label("Medical condition")]
    )

    preview = release_preview(standard=version.standard, proposals=[first, second])

    assert not preview.ok
    assert [(c.first, c.second, c.paths) for c in preview.conflicts] == [
        (first, second, ("person-alert-codes/MED",))
    ]
    assert preview.errors == [
        f"{first.reference} and {second.reference} both change person-alert-codes/MED. "
        "Choose one of them for this release"
    ]


def test_preview_refuses_a_proposal_that_is_not_accepted(people, version):
    proposal = open_for_comment(
        author=people.members["ha"], base_version=version, operations=[add_attribute()]
    )

    preview = release_preview(standard=version.standard, proposals=[proposal])

    assert not preview.ok
    assert preview.errors == [
        f"{proposal.reference} is open for comment. Only accepted proposals can be released"
    ]


def test_preview_refuses_a_proposal_that_no_longer_applies(people, version, steward):
    proposal = accepted_proposal(people=people, base_version=version, operations=[add_attribute()])
    # A later version already has an attribute with that key.
    draft = services.version_draft_create(
        actor=steward, standard=version.standard, number="1.1.0", base=version
    )
    AttributeFactory(
        component_version=draft.component_versions.get(component__key="work-order"),
        key="priority",
    )
    publish_with_four_eyes(actor=steward, version=draft)

    preview = release_preview(standard=version.standard, proposals=[proposal])

    assert not preview.ok
    assert preview.errors == [
        f"{proposal.reference} no longer applies to version 1.1.0: change 1 "
        "(work-order/priority): Work order already has an attribute with the key “priority”"
    ]
    assert preview.problems_for(proposal) == preview.errors


def test_preview_needs_a_proposal(version):
    assert release_preview(standard=version.standard, proposals=[]).errors == [
        "Choose at least one accepted proposal"
    ]


@pytest.mark.parametrize(
    ("number", "reason", "error"),
    [
        (
            "1.0.1",
            "",
            "The version number must be 1.1.0 or later, because the release has a minor impact",
        ),
        (
            "1.2.0",
            "",
            "Enter why the version number is higher than 1.1.0, which a minor release needs",
        ),
        ("1.1", "", "Enter a version number in the format 1.2.3"),
    ],
)
def test_preview_refuses_a_smaller_number_and_a_larger_one_without_reason(
    two, version, number, reason, error
):
    preview = release_preview(
        standard=version.standard, proposals=list(two), number=number, number_reason=reason
    )

    assert not preview.ok
    assert preview.number_errors[0].startswith(error)


def test_preview_accepts_a_larger_number_with_a_reason(two, version):
    preview = release_preview(
        standard=version.standard,
        proposals=list(two),
        number="2.0.0",
        number_reason="Aligns with the HACT release.",
    )

    assert preview.ok
    assert preview.number == VersionNumber(2, 0, 0)


# Building ----------------------------------------------------------------------------------------


def test_build_writes_the_draft_the_preview_showed(
    two, version, steward, approver, django_capture_on_commit_callbacks
):
    preview = release_preview(standard=version.standard, proposals=list(two))

    with django_capture_on_commit_callbacks(execute=True):
        release = _build(steward, version, list(two), notes=preview.notes)

    draft = release.version
    assert (draft.number, draft.status, draft.based_on) == ("1.1.0", VersionStatus.DRAFT, version)
    assert draft.release_notes == preview.notes.strip() == release.notes
    assert release.status == ReleaseStatus.AWAITING_APPROVAL
    assert (release.built_by, release.base_version, release.impact) == (steward, version, "minor")
    assert [e.proposal for e in release.entries.order_by("position")] == list(two)
    # The draft holds exactly the after-state: diffing it against the base gives the preview.
    after = diff.snapshot_version(component_versions_for(version=draft, with_members=True))
    before = diff.snapshot_version(component_versions_for(version=version, with_members=True))
    assert {key: after[key] for key in preview.outcome.after} == preview.outcome.after
    changes = diff.diff_versions(before, after, old_number="1.0.0", new_number="1.1.0")
    by_key = lambda diffs: {c.key: c.as_json() for c in diffs}  # noqa: E731
    assert by_key(changes.components) == by_key(preview.component_diffs)
    # New rows go last, keys kept.
    priority = Attribute.objects.get(component_version__version=draft, key="priority")
    assert priority.sort_order > max(
        Attribute.objects.filter(component_version__version=draft)
        .exclude(key="priority")
        .values_list("sort_order", flat=True)
    )
    event = VersionEvent.objects.get(version=draft, kind=VersionEventKind.APPROVAL_REQUESTED)
    assert event.actor == steward
    assert event.detail["proposals"] == [p.reference for p in two]
    assert release.draft_fingerprint == services_releases.draft_fingerprint(version=draft)
    # The other stewards are asked to approve; the builder is not.
    asked = {m.to[0]: m for m in mail.outbox}
    assert approver.email in asked
    assert steward.email not in asked
    assert "Approve" in asked[approver.email].subject
    assert f"/releases/{release.pk}/" in asked[approver.email].body


def test_build_adds_removes_and_deprecates_components(people, version, steward):
    proposal = accepted_proposal(
        people=people,
        base_version=version,
        operations=[
            Operation(
                K.ADD_COMPONENT,
                "repair",
                "",
                {"kind": "entity", "name": "Repair", "definition": "A fix."},
            ),
            Operation(
                K.ADD_ATTRIBUTE,
                "repair",
                "order",
                {"name": "order", "data_type": "reference", "references": "work-order"},
            ),
            Operation(K.DEPRECATE_COMPONENT, "person-alert-codes", "", {"replaced_by": "repair"}),
            Operation(K.REMOVE_ATTRIBUTE, "work-order", "legacy_ref"),
        ],
    )
    preview = release_preview(standard=version.standard, proposals=[proposal])
    assert preview.ok, preview.errors

    release = _build(steward, version, [proposal])

    draft = release.version
    repair = ComponentVersion.objects.get(version=draft, component__key="repair")
    assert Component.objects.get(standard=version.standard, key="repair").kind == "entity"
    assert repair.attributes.get().references.key == "work-order"
    alerts = ComponentVersion.objects.get(version=draft, component__key="person-alert-codes")
    assert (alerts.deprecated, alerts.replaced_by.key) == (True, "repair")
    assert not Attribute.objects.filter(component_version__version=draft, key="legacy_ref")
    after = diff.snapshot_version(component_versions_for(version=draft, with_members=True))
    assert {key: after.get(key) for key in preview.outcome.after} == preview.outcome.after


def test_build_is_refused_with_every_reason_and_writes_nothing(people, version, steward):
    first = accepted_proposal(people=people, base_version=version, operations=[change_code_label()])
    second = accepted_proposal(
        people=people, base_version=version, operations=[change_code_label("Medical condition")]
    )

    with pytest.raises(ReleaseRefused) as refused:
        _build(steward, version, [first, second])

    assert refused.value.errors[0].endswith("Choose one of them for this release")
    assert not Release.objects.filter(entries__isnull=False).exists()
    assert version.standard.versions.count() == 1


def test_build_is_for_stewards_only(two, version, people):
    with pytest.raises(NotAllowed, match="Only stewards can build a release"):
        _build(people.convener, version, list(two))
    assert not Release.objects.filter(entries__isnull=False).exists()


def test_build_needs_notes(two, version, steward):
    with pytest.raises(ReleaseRefused, match="Enter the release notes"):
        _build(steward, version, list(two), notes="  ")


def test_a_proposal_cannot_be_in_two_waiting_releases(two, version, steward):
    _build(steward, version, [two[0]])

    preview = release_preview(standard=version.standard, proposals=[two[0], two[1]], number="1.2.0")

    assert (
        f"{two[0].reference} is already in version 1.1.0, which is awaiting approval"
        in preview.errors
    )


def test_a_waiting_draft_cannot_be_requested_twice(two, version, steward):
    release = _build(steward, version, list(two))

    with pytest.raises(InvalidState, match="cannot request approval again"):
        release_request(actor=steward, version=release.version)


# Withdrawing the request ------------------------------------------------------------------------


def test_the_builder_withdraws_the_request_and_the_draft_stays(two, version, steward):
    release = _build(steward, version, list(two))

    release = release_withdraw(actor=steward, release=release, reason="Wrong notes")

    assert (release.status, release.decision_reason) == (ReleaseStatus.WITHDRAWN, "Wrong notes")
    assert StandardVersion.objects.get(pk=release.version_id).status == VersionStatus.DRAFT
    event = VersionEvent.objects.filter(version=release.version).latest("pk")
    assert (event.kind, event.actor, event.detail["reason"]) == (
        VersionEventKind.REQUEST_WITHDRAWN,
        steward,
        "Wrong notes",
    )
    # The proposals can go into another release.
    assert all(
        p.status == ProposalStatus.ACCEPTED
        for p in Proposal.objects.filter(pk__in=[p.pk for p in two])
    )
    assert release_preview(
        standard=version.standard,
        proposals=list(two),
        number="1.2.0",
        number_reason="1.1.0 is taken",
    ).ok


def test_only_the_builder_withdraws_the_request(two, version, steward, approver):
    release = _build(steward, version, list(two))

    with pytest.raises(NotAllowed, match="Only the steward who requested approval"):
        release_withdraw(actor=approver, release=release)


def test_a_withdrawn_request_cannot_be_approved(two, version, steward, approver):
    release = release_withdraw(actor=steward, release=_build(steward, version, list(two)))

    with pytest.raises(InvalidState, match="was withdrawn"):
        release_approve(actor=approver, release=release)


# Four eyes ---------------------------------------------------------------------------------------


def test_the_builder_cannot_approve(two, version, steward):
    release = _build(steward, version, list(two))

    with pytest.raises(
        NotAllowed, match="You asked for this version to be published, so another steward"
    ):
        release_approve(actor=steward, release=release)


def test_the_author_of_an_included_proposal_cannot_approve(people, version, steward):
    # Stewards may draft proposals too.
    author = second_steward()
    proposal = accepted_proposal(
        people=people, base_version=version, operations=[add_attribute()], author=author
    )
    release = _build(steward, version, [proposal])

    with pytest.raises(NotAllowed, match="You wrote a proposal that this release includes"):
        release_approve(actor=author, release=release)


def test_someone_who_is_not_a_steward_cannot_approve(two, version, steward, people):
    release = _build(steward, version, list(two))

    with pytest.raises(NotAllowed, match="Only stewards can approve a release"):
        release_approve(actor=people.convener, release=release)


def test_approval_of_a_changed_draft_is_refused(two, version, steward, approver):
    release = _build(steward, version, list(two))
    AttributeFactory(
        component_version=release.version.component_versions.get(component__key="work-order"),
        key="sneaked_in",
    )

    with pytest.raises(InvalidState, match="has changed since approval was requested"):
        release_approve(actor=approver, release=release)

    assert Release.objects.get(pk=release.pk).status == ReleaseStatus.AWAITING_APPROVAL


def test_editing_only_the_draft_notes_does_not_block_approval(two, version, steward, approver):
    release = _build(steward, version, list(two))
    services.version_draft_update(actor=steward, version=release.version, release_notes="Other")

    release_approve(actor=approver, release=release)

    assert Release.objects.get(pk=release.pk).status == ReleaseStatus.PUBLISHED


# Publication -------------------------------------------------------------------------------------


@pytest.fixture
def waiting(two, version, steward, people):
    """A release of ``two`` awaiting approval, and an open proposal and a draft on the old base."""
    open_one = open_for_comment(
        author=people.members["ts"],
        base_version=version,
        operations=[
            Operation(K.CHANGE_ATTRIBUTE, "work-order", "description", {"definition": "Why."})
        ],
        title="Explain the description",
    )
    draft = draft_proposal(author=people.members["la"], base_version=version)
    release = _build(steward, version, list(two))
    return release, open_one, draft


def test_approval_publishes_everything_in_one_go(
    waiting, two, version, steward, approver, django_capture_on_commit_callbacks
):
    release, open_one, draft = waiting
    mail.outbox.clear()

    with (
        mock.patch("standards.notify.services.version_published") as notify,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        release = release_approve(actor=approver, release=release)

    new = StandardVersion.objects.get(pk=release.version_id)
    assert (new.status, new.published_by, new.release_notes) == (
        VersionStatus.PUBLISHED,
        approver,
        release.notes,
    )
    assert VersionArtefact.objects.filter(version=new).exists()
    version.refresh_from_db()
    assert version.status == VersionStatus.SUPERSEDED
    assert (release.status, release.decided_by) == (ReleaseStatus.PUBLISHED, approver)
    assert release.decided_at is not None
    for proposal in two:
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.RELEASED
        event = proposal.events.latest("pk")
        assert (event.from_status, event.to_status, event.actor) == (
            "accepted",
            "released",
            approver,
        )
        assert event.detail == {"reason": "Released in version 1.1.0"}
    for proposal, before in ((open_one, "open"), (draft, "draft")):
        proposal.refresh_from_db()
        assert (proposal.status, proposal.needs_rebase) == (before, True)
        event = proposal.events.latest("pk")
        assert (event.kind, event.actor) == (ProposalEventKind.NEEDS_REBASE, None)
    kinds = list(
        VersionEvent.objects.filter(version__in=[new, version]).values_list("kind", flat=True)
    )
    assert VersionEventKind.PUBLISHED in kinds
    assert VersionEventKind.SUPERSEDED in kinds
    notify.assert_called_once()
    assert notify.call_args.args[0].pk == new.pk
    assert callbacks  # emails to authors and watchers of released and stale proposals
    assert mail.outbox


def test_two_approvals_in_turn_publish_once(waiting, steward, approver):
    release = waiting[0]
    third = second_steward()
    release_approve(actor=approver, release=release)

    with pytest.raises(InvalidState, match="has already been published by Sam Second"):
        release_approve(actor=third, release=release)

    assert StandardVersion.objects.filter(status=VersionStatus.PUBLISHED).count() == 1


def test_plain_publication_marks_proposals_on_older_bases_stale(version, steward, people):
    proposal = open_for_comment(
        author=people.members["ha"], base_version=version, operations=[add_attribute()]
    )
    draft = services.version_draft_create(
        actor=steward, standard=version.standard, number="1.0.1", base=version
    )

    with mock.patch("standards.notify.services.version_published") as notify:
        publish_with_four_eyes(actor=steward, version=draft)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.needs_rebase) == (ProposalStatus.OPEN, True)
    notify.assert_called_once()


def test_withdrawal_tells_the_notifications(version, steward):
    with mock.patch("standards.notify.services.version_withdrawn") as notify:
        services.version_withdraw(actor=steward, version=version, reason="Mistake")

    notify.assert_called_once()


# Failure injection: any step failing leaves the database exactly as it was -----------------------


def _state() -> dict:
    return {
        "versions": sorted(StandardVersion.objects.values_list("pk", "status", "published_at")),
        "version_events": VersionEvent.objects.count(),
        "artefacts": VersionArtefact.objects.count(),
        "proposals": sorted(
            Proposal.objects.values_list("pk", "status", "revision", "base_version")
        ),
        "proposal_events": ProposalEvent.objects.count(),
        "releases": sorted(Release.objects.values_list("pk", "status", "decided_by", "decided_at")),
        "release_entries": ReleaseProposal.objects.count(),
        "components": ComponentVersion.objects.count(),
        "attributes": Attribute.objects.count(),
        "codes": Code.objects.count(),
    }


STEPS = {
    "artefacts": (artefacts, "artefacts_generate"),
    "proposals released": (services_releases, "proposal_released"),
    "supersede": (services, "_version_transition"),
    "stale marking": (services, "proposals_mark_stale"),
    "events": (VersionEvent.objects, "create"),
    "proposal events": (proposals_transitions, "_event"),
    "notifications": (services.notifications, "version_published"),
}


@pytest.mark.parametrize("step", STEPS)
def test_a_failure_at_any_step_changes_nothing_and_queues_nothing(
    step, waiting, approver, django_capture_on_commit_callbacks
):
    release = waiting[0]
    target, name = STEPS[step]
    before = _state()
    mail.outbox.clear()

    with (
        mock.patch.object(target, name, side_effect=RuntimeError(f"{step} failed")),
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError, match=f"{step} failed"),
    ):
        release_approve(actor=approver, release=release)

    assert _state() == before
    assert callbacks == []
    assert mail.outbox == []


def test_a_failure_while_building_changes_nothing(
    two, version, steward, django_capture_on_commit_callbacks
):
    before = _state()

    with (
        mock.patch.object(services_releases, "_members_write", side_effect=RuntimeError("boom")),
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
    ):
        _build(steward, version, list(two))

    assert _state() == before
    assert callbacks == []


def test_a_user_without_steward_rights_is_refused_before_anything_is_read(two, version, steward):
    release = _build(steward, version, list(two))

    with pytest.raises(NotAllowed):
        release_approve(actor=UserFactory(), release=release)
