"""Proposal selectors: fixed query counts, tombstones, conflicts and the list's filters."""

import pytest
from django.utils import timezone

from standards.choices import ComponentKind, ProposalStatus
from standards.engine.changesets import Operation
from standards.models import Attribute, Code, Component, ComponentVersion
from standards.proposals.selectors import (
    ProposalFilters,
    changeset_base,
    changeset_outcome,
    component_open_proposals,
    proposal_conflicts,
    proposal_get,
    proposal_list,
    proposal_outcome,
)
from standards.versions.services import version_draft_create
from tests.community.factories import MembershipFactory, WorkingGroupFactory
from tests.standards.factories import (
    ComponentVersionFactory,
    K,
    ProposalOperationFactory,
    ProposalRowFactory,
    StandardFactory,
    add_code,
    draft_proposal,
    group_member,
    publish_small_version,
    publish_with_four_eyes,
)

# The index, the named components with attributes and codes, and the reserved names, values
# and component keys. A removal adds one query for the components that refer to it.
CHANGESET_BASE_QUERIES = 7


def _operations(count: int) -> list[Operation]:
    """``count`` valid operations over both components of the small version."""
    operations = [
        Operation(K.ADD_CODE, "person-alert-codes", f"C{n}", {"value": f"C{n}"})
        for n in range(count // 2)
    ]
    operations += [
        Operation(K.ADD_ATTRIBUTE, "work-order", f"note_{n}", {"name": f"note{n}"})
        for n in range(count - len(operations))
    ]
    return operations


@pytest.fixture
def small_version(steward):
    return publish_small_version(steward=steward, extra_components=3)


@pytest.fixture
def large_version(steward):
    return publish_small_version(steward=steward, extra_components=198)


# Fixed query counts ------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["small_version", "large_version"])
@pytest.mark.parametrize("count", [1, 50])
def test_changeset_base_runs_a_fixed_number_of_queries(
    request, django_assert_num_queries, size, count
):
    version = request.getfixturevalue(size)
    operations = _operations(count)

    with django_assert_num_queries(CHANGESET_BASE_QUERIES):
        base = changeset_base(version=version, operations=operations)

    assert len(base.index) == ComponentVersion.objects.filter(version=version).count()


@pytest.mark.parametrize("size", ["small_version", "large_version"])
def test_changeset_base_with_a_removal_adds_one_query(request, django_assert_num_queries, size):
    version = request.getfixturevalue(size)
    removal = Operation(K.REMOVE_ATTRIBUTE, "work-order", "legacy_ref")
    component_removal = Operation(K.REMOVE_COMPONENT, "extra-0")

    with django_assert_num_queries(CHANGESET_BASE_QUERIES + 1):
        changeset_base(version=version, operations=[removal, component_removal])


@pytest.mark.parametrize("size", ["small_version", "large_version"])
@pytest.mark.parametrize("count", [1, 50])
def test_proposal_outcome_runs_a_fixed_number_of_queries(
    request, django_assert_num_queries, size, count
):
    version = request.getfixturevalue(size)
    author = group_member()
    created = draft_proposal(author=author, base_version=version, operations=_operations(count))
    proposal = proposal_get(standard_slug=version.standard.slug, reference=created.reference)

    with django_assert_num_queries(CHANGESET_BASE_QUERIES + 1):
        outcome = proposal_outcome(proposal=proposal)

    assert outcome.ok
    assert len(outcome.classified) == count


# Tombstones --------------------------------------------------------------------------------


@pytest.fixture
def pruned_version(steward, small_version):
    """1.1.0 removes what 1.0.0 deprecated: the attribute legacyRef, the code OLD, extra-0."""
    draft = version_draft_create(
        actor=steward, standard=small_version.standard, number="1.1.0", base=small_version
    )
    Attribute.objects.filter(component_version__version=draft, key="legacy_ref").delete()
    Code.objects.filter(component_version__version=draft, value="OLD").delete()
    ComponentVersion.objects.filter(version=draft, component__key="extra-0").delete()
    return publish_with_four_eyes(actor=steward, version=draft)


def test_tombstones_hold_attribute_names_from_earlier_published_versions(pruned_version):
    base = changeset_base(
        version=pruned_version, operations=[Operation(K.ADD_ATTRIBUTE, "work-order", "x")]
    )

    assert ("work-order", "legacyRef") in base.tombstones.attribute_names


def test_tombstones_hold_code_values_from_earlier_published_versions(pruned_version):
    base = changeset_base(
        version=pruned_version, operations=[Operation(K.ADD_CODE, "person-alert-codes", "x")]
    )

    assert ("person-alert-codes", "OLD") in base.tombstones.code_values


def test_tombstones_hold_component_keys_the_base_no_longer_has(pruned_version):
    base = changeset_base(
        version=pruned_version, operations=[Operation(K.ADD_COMPONENT, "extra-0")]
    )

    assert base.tombstones.components == {"extra-0"}


@pytest.mark.parametrize(
    ("operation", "field"),
    [
        (Operation(K.ADD_ATTRIBUTE, "work-order", "legacy", {"name": "legacyRef"}), "name"),
        (Operation(K.ADD_CODE, "person-alert-codes", "old", {"value": "OLD"}), "value"),
        (
            Operation(K.ADD_COMPONENT, "extra-0", values={"kind": "entity", "name": "Back"}),
            "component",
        ),
    ],
    ids=["attribute name", "code value", "component key"],
)
def test_reusing_a_removed_name_is_refused(pruned_version, operation, field):
    outcome = changeset_outcome(version=pruned_version, operations=[operation])

    assert [problem.field for problem in outcome.problems] == [field]
    assert "reserved" in outcome.problems[0].message


def test_names_the_base_still_has_are_not_reserved(pruned_version):
    outcome = changeset_outcome(
        version=pruned_version,
        operations=[
            Operation(K.CHANGE_ATTRIBUTE, "work-order", "description", {"definition": "New."})
        ],
    )

    assert outcome.ok


def test_a_component_only_in_an_unpublished_draft_is_not_reserved(steward, small_version):
    """Tombstones are what published versions had; a draft's new component was never public."""
    draft = version_draft_create(
        actor=steward, standard=small_version.standard, number="1.1.0", base=small_version
    )
    ComponentVersionFactory(version=draft, component__key="damp-survey", name="Damp survey")

    outcome = changeset_outcome(
        version=small_version,
        operations=[
            Operation(K.ADD_COMPONENT, "damp-survey", values={"kind": "entity", "name": "Survey"})
        ],
    )

    assert outcome.ok, outcome.problems


# Conflicts ---------------------------------------------------------------------------------


def _proposal_touching(path: str, *, status=ProposalStatus.OPEN, version=None, **fields):
    component_key, _, member = path.partition("/")
    proposal = ProposalRowFactory(
        status=status,
        opened_at=timezone.now() if status != ProposalStatus.DRAFT else None,
        **({"base_version": version} if version else {}),
        **fields,
    )
    ProposalOperationFactory(
        proposal=proposal, position=1, component_key=component_key, member_key=member
    )
    return proposal


def test_conflicts_find_another_open_proposal_touching_the_same_path(db):
    mine = _proposal_touching("work-order/description")
    theirs = _proposal_touching("work-order/description", version=mine.base_version)

    (conflict,) = proposal_conflicts(proposal=mine)

    assert (conflict.proposal, conflict.paths) == (theirs, ("work-order/description",))


def test_conflicts_are_flagged_on_both_proposals(db):
    mine = _proposal_touching("work-order/description")
    theirs = _proposal_touching("work-order/description", version=mine.base_version)

    assert [conflict.proposal for conflict in proposal_conflicts(proposal=theirs)] == [mine]


def test_conflicts_ignore_other_paths_of_the_same_component(db):
    mine = _proposal_touching("work-order/description")
    _proposal_touching("work-order/work_order_id", version=mine.base_version)

    assert proposal_conflicts(proposal=mine) == []


def test_conflicts_ignore_drafts_of_others(db):
    mine = _proposal_touching("work-order/description")
    _proposal_touching(
        "work-order/description", status=ProposalStatus.DRAFT, version=mine.base_version
    )

    assert proposal_conflicts(proposal=mine) == []


@pytest.mark.parametrize(
    "status", [ProposalStatus.WITHDRAWN, ProposalStatus.REJECTED, ProposalStatus.RELEASED]
)
def test_conflicts_ignore_closed_proposals(db, status):
    mine = _proposal_touching("work-order/description")
    _proposal_touching("work-order/description", status=status, version=mine.base_version)

    assert proposal_conflicts(proposal=mine) == []


@pytest.mark.parametrize(
    "status", [ProposalStatus.OPEN, ProposalStatus.VOTING, ProposalStatus.ACCEPTED]
)
def test_conflicts_count_proposals_still_in_play(db, status):
    mine = _proposal_touching("work-order/description")
    theirs = _proposal_touching("work-order/description", status=status, version=mine.base_version)

    assert [conflict.proposal for conflict in proposal_conflicts(proposal=mine)] == [theirs]


def test_conflicts_ignore_other_standards(db):
    mine = _proposal_touching("work-order/description")
    _proposal_touching("work-order/description")

    assert proposal_conflicts(proposal=mine) == []


def test_conflicts_run_in_two_queries(db, django_assert_num_queries):
    mine = _proposal_touching("work-order/description")
    for _ in range(3):
        _proposal_touching("work-order/description", version=mine.base_version)

    with django_assert_num_queries(2):
        conflicts = proposal_conflicts(proposal=mine)

    assert len(conflicts) == 3


def test_component_open_proposals_lists_published_proposals_touching_it(db):
    first = _proposal_touching("work-order/description")
    version = first.base_version
    second = _proposal_touching("work-order", version=version)
    ProposalOperationFactory(proposal=second, position=2, member_key="work_order_id")
    _proposal_touching("work-order/description", status=ProposalStatus.DRAFT, version=version)
    _proposal_touching("work-order/description", status=ProposalStatus.WITHDRAWN, version=version)
    _proposal_touching("person-alert-codes/MED", version=version)
    component = Component.objects.create(
        standard=version.standard, key="work-order", kind=ComponentKind.ENTITY
    )

    assert component_open_proposals(component=component) == [first, second]


# The list ----------------------------------------------------------------------------------


@pytest.fixture
def listed(db):
    """Open proposals on one version, by authors in two groups, with different impacts."""
    repairs = WorkingGroupFactory(slug="repairs")
    alerts = WorkingGroupFactory(slug="alerts")
    repairer = MembershipFactory(group=repairs).user
    alerter = MembershipFactory(group=alerts).user
    description = _proposal_touching(
        "work-order/description", author=repairer, impact="patch", title="Clarify description"
    )
    version = description.base_version
    codes = _proposal_touching(
        "person-alert-codes/SOC",
        version=version,
        author=alerter,
        impact="minor",
        title="Add social care",
        problem="Carers are missing.",
    )
    voting = _proposal_touching(
        "person-alert-codes/MED",
        version=version,
        status=ProposalStatus.VOTING,
        author=alerter,
        impact="major",
        title="Rename medical",
    )
    draft = _proposal_touching(
        "work-order/description",
        version=version,
        status=ProposalStatus.DRAFT,
        author=repairer,
        title="Draft idea",
    )
    return {
        "standard": version.standard,
        "description": description,
        "codes": codes,
        "voting": voting,
        "draft": draft,
        "repairer": repairer,
        "alerter": alerter,
    }


def _listed(listed, user=None, **filters) -> set[str]:
    rows = proposal_list(
        standard=listed["standard"],
        filters=ProposalFilters(**filters),
        include_drafts_of=user,
    )
    return {proposal.title for proposal in rows}


def test_list_hides_drafts_from_everyone_but_their_author(listed):
    assert _listed(listed) == {"Clarify description", "Add social care", "Rename medical"}


def test_list_shows_an_author_their_own_drafts(listed):
    assert "Draft idea" in _listed(listed, user=listed["repairer"])


def test_list_does_not_show_a_draft_to_another_member(listed):
    assert "Draft idea" not in _listed(listed, user=listed["alerter"])


def test_list_filters_by_status(listed):
    assert _listed(listed, statuses=(ProposalStatus.VOTING,)) == {"Rename medical"}


def test_list_filters_by_component(listed):
    assert _listed(listed, component="person-alert-codes") == {"Add social care", "Rename medical"}


def test_list_filters_by_impact(listed):
    assert _listed(listed, impacts=("patch", "major")) == {"Clarify description", "Rename medical"}


def test_list_filters_by_the_authors_group(listed):
    assert _listed(listed, group="repairs") == {"Clarify description"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [("social", {"Add social care"}), ("carers", {"Add social care"})],
)
def test_list_searches_titles_and_problems(listed, query, expected):
    assert _listed(listed, query=query) == expected


def test_list_finds_a_proposal_by_its_reference(listed):
    reference = listed["voting"].reference.lower()

    assert _listed(listed, query=reference) == {"Rename medical"}


def test_list_combines_filters(listed):
    assert _listed(listed, component="person-alert-codes", impacts=("minor",)) == {
        "Add social care"
    }


def test_list_is_newest_first(listed):
    rows = list(proposal_list(standard=listed["standard"]))

    assert rows == sorted(rows, key=lambda p: (p.created_at, p.pk), reverse=True)


def test_filters_from_params_ignore_unknown_values(rf):
    params = rf.get("/", {"status": ["open", "bogus"], "impact": ["huge", "minor"]}).GET

    filters = ProposalFilters.from_params(params)

    assert (filters.statuses, filters.impacts) == (("open",), ("minor",))


def test_draft_created_through_the_service_is_listed_for_its_author(steward):
    version = publish_small_version(steward=steward, standard=StandardFactory(slug="dm"))
    author = group_member()
    proposal = draft_proposal(author=author, base_version=version, operations=[add_code()])

    assert list(proposal_list(include_drafts_of=author)) == [proposal]
