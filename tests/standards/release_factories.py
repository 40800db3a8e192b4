"""Builders for release tests: accepted proposals, reached through the real services.

Each proposal is drafted, submitted, voted on by one member of each founding group and closed
at its deadline, so it is accepted exactly as the portal would accept it. Only the clock is
moved, by writing timestamps to the rows (``past_comment_period``, ``past_deadline``).
"""

from dataclasses import dataclass

from community.models import User
from standards.changesets import Operation
from standards.choices import OperationKind, Stance
from standards.models import Proposal, StandardVersion
from standards.services_proposals import proposal_submit
from standards.services_voting import ballot_close, ballot_open, position_cast
from tests.community.factories import StewardFactory
from tests.standards.proposal_factories import draft_proposal
from tests.standards.voting_factories import (
    convener_of,
    founding_groups,
    member_of,
    past_comment_period,
    past_deadline,
)

K = OperationKind


@dataclass
class Voters:
    groups: dict
    convener: User
    # One voting member per group key; the author of each proposal is one of them.
    members: dict[str, User]


def voters() -> Voters:
    groups = founding_groups()
    return Voters(
        groups=groups,
        convener=convener_of(groups["la"], first_name="Chris", last_name="Convener"),
        members={key: member_of(group) for key, group in groups.items()},
    )


def open_for_comment(
    *, author: User, base_version: StandardVersion, operations, title: str = ""
) -> Proposal:
    proposal = draft_proposal(
        author=author,
        base_version=base_version,
        operations=operations,
        **({"title": title} if title else {}),
    )
    return proposal_submit(actor=author, proposal=proposal)


def accepted_proposal(
    *,
    people: Voters,
    base_version: StandardVersion,
    operations: list[Operation],
    author: User | None = None,
    title: str = "",
) -> Proposal:
    author = author or people.members["ha"]
    proposal = open_for_comment(
        author=author, base_version=base_version, operations=operations, title=title
    )
    past_comment_period(proposal)
    ballot = ballot_open(actor=people.convener, proposal=proposal)
    for key, group in people.groups.items():
        position_cast(
            actor=people.members[key], proposal=proposal, group=group, stance=Stance.APPROVE
        )
    past_deadline(ballot)
    ballot_close(actor=None, proposal=proposal)
    proposal.refresh_from_db()
    return proposal


def add_attribute(key: str = "priority", **values) -> Operation:
    return Operation(
        K.ADD_ATTRIBUTE, "work-order", key, {"name": key, "definition": "How urgent.", **values}
    )


def change_code_label(label: str = "Medical need") -> Operation:
    return Operation(K.CHANGE_CODE, "person-alert-codes", "MED", {"label": label})


def second_steward() -> User:
    return StewardFactory(first_name="Sam", last_name="Second")
