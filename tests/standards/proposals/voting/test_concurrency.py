"""Many people voting at the same moment: row locks keep the tally exact and the decision single.

SQLite serialises writers for the whole database, so these races only exist, and are only
tested, on PostgreSQL.
"""

import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection

from standards.choices import DecisionResult, ProposalEventKind, ProposalStatus, Stance
from standards.exceptions import StandardsError
from standards.models import Decision, Position, ProposalEvent
from standards.proposals.voting import services as services_voting
from standards.proposals.voting.selectors import ballot_tally, current_positions
from standards.proposals.voting.services import ballot_close, position_cast
from tests.community.factories import StewardFactory
from tests.standards.factories import electorate, member_of, past_deadline

# Threads need committed data, so these tests run outside a wrapping transaction. Serialized
# rollback restores the migrated rows (content types, the seeded groups) after the flush, as the
# browser tests expect when they run next.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Each thread holds a connection while it acts; stay well inside PostgreSQL's default of 100,
# which other test runs on the same server share.
MAX_CONNECTIONS = 20


def _race(actions: list[Callable[[], object]]) -> list[str]:
    """Run each action in its own thread and connection, released together.

    At most ``MAX_CONNECTIONS`` act at once; the rest queue behind them, so a hundred casts
    still overlap as much as the database allows.
    """
    start = threading.Event()
    slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(action):
        start.wait()
        with slots:
            try:
                action()
                outcome = "done"
            except StandardsError as error:
                outcome = f"refused: {error}"
            except Exception as error:  # reported in the outcomes, then asserted
                outcome = f"crashed: {error!r}"
            finally:
                connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    start.set()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting"
    return outcomes


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("Row locking races need PostgreSQL")


def _slow(monkeypatch, name: str, *, seconds: float = 0.3) -> None:
    """Sleep before each call of ``services_voting.<name>``, widening the window between a
    check and a write so that, without locks, both threads would pass the check before either
    wrote."""
    original = getattr(services_voting, name)

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(services_voting, name, slow)


def _slow_position_writes(monkeypatch, seconds: float = 0.3) -> None:
    """Sleep before each ``Position`` is written: after the cast has read the voter's latest
    position, so that without the ballot lock a second cast would read the same one."""
    create = Position.objects.create

    def slow_create(**fields):
        time.sleep(seconds)
        return create(**fields)

    monkeypatch.setattr(Position.objects, "create", slow_create)


def _cast(vote, voter, group, stance, reason=""):
    return lambda: position_cast(
        actor=voter, proposal=vote.proposal, group=group, stance=stance, reason=reason
    )


STANCES = [Stance.APPROVE, Stance.OBJECT, Stance.ABSTAIN]
REASON = "It would break our nightly export."


def test_a_hundred_voters_at_once_give_the_exact_tally(postgresql):
    vote = electorate(steward=StewardFactory(), per_group=0)
    groups = [vote.la, vote.ha, vote.ts]
    voters = [(member_of(groups[n % 3]), groups[n % 3]) for n in range(100)]
    ballot = vote.open_ballot()
    intended = {(group.pk, voter.pk): STANCES[n % 3] for n, (voter, group) in enumerate(voters)}

    first = _race(
        [_cast(vote, voter, group, intended[group.pk, voter.pk], REASON) for voter, group in voters]
    )
    changers = voters[::5]
    for voter, group in changers:
        previous = intended[group.pk, voter.pk]
        intended[group.pk, voter.pk] = STANCES[(STANCES.index(previous) + 1) % 3]
    second = _race(
        [
            _cast(vote, voter, group, intended[group.pk, voter.pk], REASON)
            for voter, group in changers
        ]
    )

    assert first == ["done"] * 100
    assert second == ["done"] * 20
    current = current_positions(ballot=ballot)
    assert {(p.group_id, p.voter_id): p.stance for p in current} == intended
    per_voter = Counter(Position.objects.filter(ballot=ballot).values_list("voter_id", flat=True))
    changed = {voter.pk for voter, _ in changers}
    assert dict(per_voter) == {voter.pk: 2 if voter.pk in changed else 1 for voter, _ in voters}
    assert (
        ProposalEvent.objects.filter(
            proposal=vote.proposal, kind=ProposalEventKind.POSITION_CAST
        ).count()
        == 120
    )
    tally = {group.group_id: group for group in ballot_tally(ballot=ballot).tally.groups}
    expected = Counter((group_id, stance) for (group_id, _), stance in intended.items())
    for group in groups:
        counts = tally[group.pk]
        assert (counts.approve, counts.object, counts.abstain) == (
            expected[group.pk, Stance.APPROVE],
            expected[group.pk, Stance.OBJECT],
            expected[group.pk, Stance.ABSTAIN],
        )


def test_a_double_submitted_cast_records_one_position(postgresql, monkeypatch):
    vote = electorate(steward=StewardFactory())
    ballot = vote.open_ballot()
    voter = vote.members["ha"][0]
    _slow_position_writes(monkeypatch)

    outcomes = _race([_cast(vote, voter, vote.ha, Stance.OBJECT, REASON)] * 2)

    assert outcomes == ["done", "done"]
    assert Position.objects.filter(ballot=ballot, voter=voter).count() == 1
    assert (
        ProposalEvent.objects.filter(
            proposal=vote.proposal, kind=ProposalEventKind.POSITION_CAST
        ).count()
        == 1
    )


def test_two_casts_by_one_person_at_once_leave_one_current_position(postgresql, monkeypatch):
    vote = electorate(steward=StewardFactory())
    ballot = vote.open_ballot()
    voter = vote.members["la"][0]
    _slow_position_writes(monkeypatch)

    outcomes = _race(
        [
            _cast(vote, voter, vote.la, Stance.APPROVE),
            _cast(vote, voter, vote.la, Stance.OBJECT, REASON),
        ]
    )

    assert outcomes == ["done", "done"]
    first, last = Position.objects.filter(ballot=ballot, voter=voter).order_by("cast_at", "pk")
    events = ProposalEvent.objects.filter(
        proposal=vote.proposal, kind=ProposalEventKind.POSITION_CAST
    ).order_by("pk")
    # The second cast saw the first: the record of the change is a chain, not two beginnings.
    assert [event.detail["changed_from"] for event in events] == [None, first.stance]
    (current,) = [p for p in current_positions(ballot=ballot) if p.voter_id == voter.pk]
    assert current.pk == last.pk
    (la,) = [g for g in ballot_tally(ballot=ballot).tally.groups if g.group_id == vote.la.pk]
    assert la.approve + la.object == 1


def test_two_closes_after_the_deadline_record_one_decision(postgresql, monkeypatch):
    vote = electorate(steward=StewardFactory())
    ballot = vote.open_ballot()
    for key in ("la", "ha", "ts"):
        position_cast(
            actor=vote.members[key][0],
            proposal=vote.proposal,
            group=vote.groups[key],
            stance=Stance.APPROVE,
        )
    past_deadline(ballot)
    _slow(monkeypatch, "ballot_tally")

    outcomes = _race([lambda: ballot_close(actor=None, proposal=vote.proposal)] * 2)

    assert outcomes == ["done", "done"]
    (decision,) = Decision.objects.filter(ballot=ballot)
    assert decision.result == DecisionResult.ACCEPTED
    assert (
        ProposalEvent.objects.filter(proposal=vote.proposal, kind=ProposalEventKind.DECIDED).count()
        == 1
    )
    vote.proposal.refresh_from_db()
    assert vote.proposal.status == ProposalStatus.ACCEPTED


def test_a_cast_racing_the_close_after_the_deadline_never_lands_after_it(postgresql, monkeypatch):
    vote = electorate(steward=StewardFactory())
    ballot = vote.open_ballot()
    position_cast(
        actor=vote.members["la"][0], proposal=vote.proposal, group=vote.la, stance=Stance.APPROVE
    )
    position_cast(
        actor=vote.members["ha"][0],
        proposal=vote.proposal,
        group=vote.ha,
        stance=Stance.OBJECT,
        reason=REASON,
    )
    past_deadline(ballot)
    _slow(monkeypatch, "ballot_tally", seconds=0.2)

    outcomes = _race(
        [
            lambda: ballot_close(actor=None, proposal=vote.proposal),
            _cast(vote, vote.members["ts"][0], vote.ts, Stance.APPROVE),
            _cast(vote, vote.members["ha"][0], vote.ha, Stance.APPROVE),
        ]
    )

    assert not [outcome for outcome in outcomes if outcome.startswith("crashed")]
    assert sorted(outcome.split(":")[0] for outcome in outcomes) == [
        "done",
        "refused",
        "refused",
    ]
    (decision,) = Decision.objects.filter(ballot=ballot)
    ballot.refresh_from_db()
    positions = Position.objects.filter(ballot=ballot)
    assert positions.count() == 2
    assert all(position.cast_at < ballot.closed_at for position in positions)
    assert decision.tally == ballot_tally(ballot=ballot).tally.as_json()
    assert decision.result == DecisionResult.REJECTED
