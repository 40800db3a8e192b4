"""Judging a vote: each group's tally against the ballot's rule, and the overall result.

Pure: ``tally_compute`` takes the rule a ballot copied when it opened, the eligible voters and
the current positions, and says for each group whether quorum and threshold are met and, in
plain words, what is still needed. The selector (``selectors_voting.ballot_tally``) loads the
rows; the decision service freezes ``Tally.as_json()`` into the record.

The rule (DOMAIN.md, GOVERNANCE.md section 4):
- quorum: at least ``quorum_percent`` of a group's eligible members voted, abstentions included;
- threshold: approvals are at least ``threshold_numerator / threshold_denominator`` of
  approve + object (abstentions left out). When everyone who voted abstained, nobody
  objected, so the threshold is met: abstaining is how a group says "no objection";
- a proposal passes when every deciding group passes. Advisory groups are shown, never decide;
- a group with no eligible members takes no part: it neither passes nor blocks;
- with lazy consensus, a group passes when nobody in it objects, whatever the turnout.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil

from standards.choices import Stance


@dataclass
class Vote:
    user_id: int
    name: str
    stance: str
    reason: str = ""
    revision: int = 0


@dataclass
class GroupTally:
    group_id: int
    name: str
    advisory: bool
    eligible: int
    quorum_percent: int
    threshold: Fraction
    lazy_consensus: bool
    votes: list[Vote] = field(default_factory=list)

    @property
    def approve(self) -> int:
        return sum(vote.stance == Stance.APPROVE for vote in self.votes)

    @property
    def object(self) -> int:
        return sum(vote.stance == Stance.OBJECT for vote in self.votes)

    @property
    def abstain(self) -> int:
        return sum(vote.stance == Stance.ABSTAIN for vote in self.votes)

    @property
    def voted(self) -> int:
        return len(self.votes)

    @property
    def takes_part(self) -> bool:
        return self.eligible > 0

    @property
    def deciding(self) -> bool:
        return self.takes_part and not self.advisory

    @property
    def quorum_needed(self) -> int:
        return ceil(Fraction(self.quorum_percent, 100) * self.eligible)

    @property
    def quorum_met(self) -> bool:
        return self.voted >= self.quorum_needed

    @property
    def threshold_met(self) -> bool:
        return _meets(self.approve, self.object, self.threshold)

    @property
    def passes(self) -> bool:
        if not self.takes_part:
            return False
        if self.lazy_consensus:
            return self.object == 0
        return self.quorum_met and self.threshold_met

    def _approvals_needed(self) -> int | None:
        """Fewest further approvals (from those yet to vote) that meet the threshold."""
        remaining = self.eligible - self.voted
        for extra in range(remaining + 1):
            if _meets(self.approve + extra, self.object, self.threshold):
                return extra
        return None

    @property
    def still_needed(self) -> str:
        """What the group still needs to pass, in words a voter can act on."""
        if not self.takes_part:
            return "This group has no eligible members, so it takes no part in the decision."
        if self.lazy_consensus:
            if self.object:
                return "Passes only if nobody objects. Objections must be withdrawn to pass."
            return "Passes at the deadline unless someone objects."
        if self.passes:
            return "Quorum and threshold are met."
        needs = []
        if not self.quorum_met:
            more = self.quorum_needed - self.voted
            needs.append(
                f"{more} more {'vote' if more == 1 else 'votes'} to reach quorum "
                f"({self.quorum_needed} of {self.eligible} eligible)"
            )
        if not self.threshold_met:
            extra = self._approvals_needed()
            if extra is None:
                needs.append(
                    "more approvals than there are members left to vote, unless objectors "
                    "change their position"
                )
            else:
                share = _share_words(self.threshold)
                needs.append(
                    f"{extra} more {'approval' if extra == 1 else 'approvals'} so that "
                    f"{share} of those approving or objecting approve"
                )
        return "Needs " + " and ".join(needs) + "."

    def as_json(self) -> dict:
        return {
            "group_id": self.group_id,
            "group": self.name,
            "advisory": self.advisory,
            "eligible": self.eligible,
            "approve": self.approve,
            "object": self.object,
            "abstain": self.abstain,
            "quorum_needed": self.quorum_needed,
            "quorum_met": self.quorum_met,
            "threshold_met": self.threshold_met,
            "passes": self.passes,
            "still_needed": self.still_needed,
        }


@dataclass
class Tally:
    groups: list[GroupTally]

    @property
    def passes(self) -> bool:
        """Every deciding group passes, and at least one group decides."""
        deciding = [group for group in self.groups if group.deciding]
        return bool(deciding) and all(group.passes for group in deciding)

    @property
    def summary(self) -> str:
        """Where the vote stands, as a sentence that reads after "As things stand, "."""
        deciding = [group for group in self.groups if group.deciding]
        if not deciding:
            return "no group can decide this vote, because none has eligible members."
        failing = [group.name for group in deciding if not group.passes]
        if not failing:
            return "every deciding group passes the proposal, so it would be accepted."
        verb = "is" if len(failing) == 1 else "are"
        return f"the proposal would be rejected: {_and_list(failing)} {verb} not yet passing."

    def as_json(self) -> dict:
        return {"passes": self.passes, "groups": [group.as_json() for group in self.groups]}


def tally_compute(
    *,
    rule: Mapping,
    eligible: Mapping[int, int],
    votes: Mapping[int, Iterable[Vote]],
) -> Tally:
    """Judge a ballot.

    ``rule`` is ``Ballot.rule``; ``eligible`` maps group id to its number of eligible voters;
    ``votes`` maps group id to the current ``Vote`` of each voter who has cast one.
    """
    threshold = Fraction(rule["threshold_numerator"], rule["threshold_denominator"])
    return Tally(
        groups=[
            GroupTally(
                group_id=group["id"],
                name=group["name"],
                advisory=group["advisory"],
                eligible=eligible.get(group["id"], 0),
                quorum_percent=rule["quorum_percent"],
                threshold=threshold,
                lazy_consensus=rule["lazy_consensus"],
                votes=list(votes.get(group["id"], ())),
            )
            for group in rule["groups"]
        ]
    )


def _meets(approve: int, object_: int, threshold: Fraction) -> bool:
    """approve / (approve + object) >= threshold, in integers; vacuously true with no votes."""
    return approve * threshold.denominator >= threshold.numerator * (approve + object_)


def rule_words(rule: Mapping) -> str:
    """The rule in force, as a sentence for the tally panel."""
    if rule["lazy_consensus"]:
        return (
            f"Lazy consensus: passes when nobody objects within the {rule['voting_period_days']} "
            "day voting period."
        )
    share = _share_words(Fraction(rule["threshold_numerator"], rule["threshold_denominator"]))
    return (
        f"Each deciding group passes when at least {rule['quorum_percent']}% of its eligible "
        f"members vote (abstentions count) and {share} of those approving or objecting approve."
    )


def _share_words(fraction: Fraction) -> str:
    words = {
        Fraction(1, 2): "at least half",
        Fraction(2, 3): "two-thirds",
        Fraction(3, 4): "three-quarters",
        Fraction(1, 1): "all",
    }
    return words.get(fraction, f"at least {fraction.numerator} in {fraction.denominator}")


def _and_list(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"
