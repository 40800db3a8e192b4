"""The release lifecycle table: every (source, target) pair, allowed or refused."""

import pytest

from standards.choices import ReleaseStatus
from standards.engine.workflow import RELEASE_TRANSITIONS, Mover, release_move
from standards.exceptions import InvalidState

R = ReleaseStatus
PAIRS = [(source, target) for source in R for target in R]
ALLOWED = [pair for pair in PAIRS if pair in RELEASE_TRANSITIONS]
REFUSED = [pair for pair in PAIRS if pair not in RELEASE_TRANSITIONS]


def _id(pair) -> str:
    return f"{pair[0].value}->{pair[1].value}"


@pytest.mark.parametrize(("source", "target"), ALLOWED, ids=[_id(pair) for pair in ALLOWED])
def test_a_move_in_the_table_is_allowed(source, target):
    assert (
        release_move(current=source, target=target, number="1.2.0")
        is RELEASE_TRANSITIONS[(source, target)]
    )


@pytest.mark.parametrize(("source", "target"), REFUSED, ids=[_id(pair) for pair in REFUSED])
def test_a_move_not_in_the_table_is_refused_with_a_readable_message(source, target):
    with pytest.raises(InvalidState) as refusal:
        release_move(current=source, target=target, number="1.2.0")

    message = str(refusal.value)
    assert message.startswith(
        f"The request to publish version 1.2.0 is {source.label.lower()}, so you cannot "
    )
    assert "_" not in message


def test_the_table_is_four_eyes_with_reject_withdraw_and_ask_again():
    assert set(RELEASE_TRANSITIONS) == {
        (R.AWAITING_APPROVAL, R.PUBLISHED),
        (R.AWAITING_APPROVAL, R.REJECTED),
        (R.AWAITING_APPROVAL, R.WITHDRAWN),
        (R.REJECTED, R.AWAITING_APPROVAL),
        (R.WITHDRAWN, R.AWAITING_APPROVAL),
    }


def test_a_published_release_has_no_way_out():
    assert not [pair for pair in RELEASE_TRANSITIONS if pair[0] == R.PUBLISHED]


def test_only_a_second_steward_decides():
    deciders = {
        move.mover
        for (source, target), move in RELEASE_TRANSITIONS.items()
        if target in (R.PUBLISHED, R.REJECTED)
    }

    assert deciders == {Mover.SECOND_STEWARD}
