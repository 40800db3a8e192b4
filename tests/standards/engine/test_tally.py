"""The decision rule, table-driven: quorum, threshold, advisory groups, lazy consensus."""

from types import SimpleNamespace

import pytest

from standards.engine.tally import Tally, Vote, rule_words, tally_compute


def rule(**overrides) -> dict:
    return {
        "voting_period_days": 14,
        "minimum_open_days": 7,
        "quorum_percent": 30,
        "threshold_numerator": 2,
        "threshold_denominator": 3,
        "lazy_consensus": False,
        "groups": [{"id": 1, "name": "Local authorities", "slug": "la", "advisory": False}],
        **overrides,
    }


def votes(approve=0, object_=0, abstain=0, start=1) -> list[Vote]:
    stances = ["approve"] * approve + ["object"] * object_ + ["abstain"] * abstain
    return [
        Vote(user_id=start + n, name=f"Voter {start + n}", stance=stance, reason="r")
        for n, stance in enumerate(stances)
    ]


@pytest.mark.parametrize(
    ("eligible", "cast", "passes"),
    [
        # 30% of 10 is 3 voters.
        (10, votes(approve=3), True),
        (10, votes(approve=2), False),
        # 30% of 7 is 2.1, so 3 voters are needed.
        (7, votes(approve=3), True),
        (7, votes(approve=2), False),
        # Abstentions count towards quorum.
        (10, votes(approve=1, abstain=2), True),
    ],
    ids=[
        "quorum-just-met",
        "quorum-just-missed",
        "quorum-rounds-up",
        "quorum-rounds-up-missed",
        "abstentions-count-for-quorum",
    ],
)
def test_quorum(eligible, cast, passes):
    tally = tally_compute(rule=rule(), eligible={1: eligible}, votes={1: cast})

    assert tally.groups[0].passes is passes


@pytest.mark.parametrize(
    ("cast", "passes"),
    [
        (votes(approve=2, object_=1), True),  # exactly two-thirds
        (votes(approve=3, object_=2), False),  # 60%
        (votes(approve=4, object_=2, abstain=3), True),  # abstentions left out
        (votes(abstain=3), True),  # nobody objected
        (votes(object_=3), False),
    ],
    ids=[
        "threshold-just-met",
        "threshold-just-missed",
        "abstentions-left-out",
        "all-abstain-no-objection",
        "all-object",
    ],
)
def test_threshold(cast, passes):
    tally = tally_compute(rule=rule(), eligible={1: 9}, votes={1: cast})

    assert tally.groups[0].passes is passes


def test_an_advisory_group_does_not_decide():
    groups = [
        {"id": 1, "name": "Local authorities", "slug": "la", "advisory": False},
        {"id": 2, "name": "Technology suppliers", "slug": "ts", "advisory": True},
    ]
    tally = tally_compute(
        rule=rule(groups=groups),
        eligible={1: 3, 2: 3},
        votes={1: votes(approve=3), 2: votes(object_=3, start=10)},
    )

    assert (tally.groups[1].passes, tally.passes) == (False, True)


def test_every_deciding_group_must_pass():
    groups = [
        {"id": 1, "name": "Local authorities", "slug": "la", "advisory": False},
        {"id": 2, "name": "Housing associations", "slug": "ha", "advisory": False},
    ]
    tally = tally_compute(
        rule=rule(groups=groups), eligible={1: 3, 2: 3}, votes={1: votes(approve=3)}
    )

    assert tally.passes is False
    assert "Housing associations" in tally.summary


@pytest.mark.parametrize(
    ("cast", "passes"),
    [(votes(), True), (votes(approve=1), True), (votes(approve=5, object_=1), False)],
    ids=["silence-passes", "approval-passes", "one-objection-blocks"],
)
def test_lazy_consensus_passes_unless_someone_objects(cast, passes):
    tally = tally_compute(rule=rule(lazy_consensus=True), eligible={1: 10}, votes={1: cast})

    assert tally.passes is passes


def test_a_group_with_no_eligible_members_neither_passes_nor_blocks():
    groups = [
        {"id": 1, "name": "Local authorities", "slug": "la", "advisory": False},
        {"id": 2, "name": "Empty group", "slug": "empty", "advisory": False},
    ]
    tally = tally_compute(rule=rule(groups=groups), eligible={1: 3}, votes={1: votes(approve=3)})

    assert tally.passes is True
    assert "no eligible members" in tally.groups[1].still_needed


def test_no_group_with_members_means_no_decision():
    tally = tally_compute(rule=rule(), eligible={}, votes={})

    assert tally.passes is False


def test_a_person_in_two_groups_counts_in_each():
    groups = [
        {"id": 1, "name": "Local authorities", "slug": "la", "advisory": False},
        {"id": 2, "name": "Housing associations", "slug": "ha", "advisory": False},
    ]
    both = Vote(user_id=7, name="Both groups", stance="approve")
    tally = tally_compute(
        rule=rule(groups=groups), eligible={1: 1, 2: 1}, votes={1: [both], 2: [both]}
    )

    assert [group.approve for group in tally.groups] == [1, 1]
    assert tally.passes is True


def test_still_needed_says_how_many_more_votes_reach_quorum():
    tally = tally_compute(rule=rule(), eligible={1: 10}, votes={1: votes(approve=1)})

    assert tally.groups[0].still_needed == (
        "Needs 2 more votes to reach quorum (3 of 10 eligible)."
    )


def test_still_needed_says_how_many_more_approvals_meet_the_threshold():
    tally = tally_compute(rule=rule(), eligible={1: 10}, votes={1: votes(approve=1, object_=2)})

    assert tally.groups[0].still_needed == (
        "Needs 3 more approvals so that two-thirds of those approving or objecting approve."
    )


def test_the_rule_in_words():
    assert rule_words(rule()) == (
        "Each deciding group passes when at least 30% of its eligible members vote "
        "(abstentions count) and two-thirds of those approving or objecting approve."
    )


def test_the_summary_reads_as_one_sentence_after_as_things_stand():
    def group(name, passes):
        return SimpleNamespace(name=name, deciding=True, passes=passes)

    failing = Tally(groups=[group("Suppliers", False), group("Local authorities", True)])
    two_failing = Tally(groups=[group("Suppliers", False), group("Housing associations", False)])

    assert failing.summary == "the proposal would be rejected: Suppliers is not yet passing."
    assert two_failing.summary.endswith("Suppliers and Housing associations are not yet passing.")
    assert "as things stand" not in failing.summary.lower()
