"""Builders for voting tests: the three founding groups, their people, and a proposal to vote on.

Everything that the portal itself would do goes through the services (drafting, submitting,
opening the vote, casting). Only the clock is moved by writing timestamps straight to the rows,
as there is no time-travel library here: ``past_comment_period`` and ``past_deadline`` do that.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from itertools import count

from django.utils import timezone

from community.choices import MembershipRole
from community.models import User, WorkingGroup
from standards.models import Ballot, Proposal, ProposalWatch, Standard
from standards.services_proposals import proposal_submit
from standards.services_voting import ballot_open
from tests.community.factories import MembershipFactory, MemberUserFactory, WorkingGroupFactory
from tests.standards.factories import StandardFactory
from tests.standards.proposal_factories import draft_proposal, publish_small_version

# The slugs of the groups a data migration seeds; every ballot votes in every active group.
FOUNDING = {
    "la": ("local-authorities", "Local authorities"),
    "ha": ("housing-associations", "Housing associations"),
    "ts": ("technology-suppliers", "Technology suppliers"),
}

_prefixes = count(1)


def founding_groups() -> dict[str, WorkingGroup]:
    """The seeded Local authorities, Housing associations and Technology suppliers groups.

    Created here when a flushed transactional test database lacks them.
    """
    groups = {}
    for key, (slug, name) in FOUNDING.items():
        group = WorkingGroup.objects.filter(slug=slug).first()
        groups[key] = group or WorkingGroupFactory(slug=slug, name=name)
    return groups


def person(**user_fields) -> User:
    """Someone who works for an organisation and has a verified email, in no group yet."""
    return MemberUserFactory(**user_fields)


def member_of(*groups: WorkingGroup, role: str = MembershipRole.MEMBER, **user_fields) -> User:
    """A new person who is an active member of each of ``groups``."""
    user = person(**user_fields)
    for group in groups:
        MembershipFactory(user=user, group=group, role=role)
    return user


def convener_of(*groups: WorkingGroup, **user_fields) -> User:
    return member_of(*groups, role=MembershipRole.CONVENER, **user_fields)


def new_standard(**fields) -> Standard:
    """A standard with a proposal prefix of its own, so references never collide."""
    return StandardFactory(proposal_prefix=f"V{next(_prefixes)}", **fields)


def past_comment_period(proposal: Proposal) -> Proposal:
    """Move the proposal's opening back so its comment period is over."""
    Proposal.objects.filter(pk=proposal.pk).update(
        opened_at=timezone.now() - timedelta(days=proposal.standard.comment_period_days, hours=1)
    )
    proposal.refresh_from_db()
    return proposal


def open_proposal(*, author: User, steward: User, standard: Standard | None = None, **details):
    """A proposal submitted for comment, whose comment period is over: ready for voting."""
    version = publish_small_version(steward=steward, standard=standard or new_standard())
    proposal = draft_proposal(author=author, base_version=version, **details)
    proposal = proposal_submit(actor=author, proposal=proposal)
    return past_comment_period(proposal)


def watch(proposal: Proposal, user: User) -> None:
    ProposalWatch.objects.get_or_create(proposal=proposal, user=user)


def past_deadline(ballot: Ballot, *, by: timedelta = timedelta(minutes=1)) -> Ballot:
    """Move the ballot's whole period back so its deadline passed ``by`` ago."""
    period = ballot.closes_at - ballot.opened_at
    closes_at = timezone.now() - by
    Ballot.objects.filter(pk=ballot.pk).update(opened_at=closes_at - period, closes_at=closes_at)
    ballot.refresh_from_db()
    return ballot


def past_minimum_open_time(ballot: Ballot) -> Ballot:
    """Move the opening back just past the minimum open time; the deadline stays ahead."""
    opened_at = timezone.now() - timedelta(days=ballot.rule["minimum_open_days"], minutes=1)
    Ballot.objects.filter(pk=ballot.pk).update(opened_at=opened_at)
    ballot.refresh_from_db()
    return ballot


@dataclass
class Electorate:
    """Who takes part in a vote on ``proposal``.

    - ``la``, ``ha``, ``ts``: the founding groups;
    - ``author``: a member of Housing associations who wrote the proposal;
    - ``convener``: convenes Local authorities;
    - ``members``: plain members, by group key, two each unless asked otherwise;
    - ``steward``: a steward in no group.
    """

    groups: dict[str, WorkingGroup]
    author: User
    convener: User
    steward: User
    proposal: Proposal
    members: dict[str, list[User]] = field(default_factory=dict)

    @property
    def la(self) -> WorkingGroup:
        return self.groups["la"]

    @property
    def ha(self) -> WorkingGroup:
        return self.groups["ha"]

    @property
    def ts(self) -> WorkingGroup:
        return self.groups["ts"]

    def open_ballot(self, actor: User | None = None) -> Ballot:
        ballot = ballot_open(actor=actor or self.convener, proposal=self.proposal)
        self.proposal.refresh_from_db()
        return ballot


def electorate(*, steward: User, per_group: int = 2, standard: Standard | None = None):
    """The founding groups with a few members each, and a proposal ready to be voted on."""
    groups = founding_groups()
    author = member_of(groups["ha"], first_name="Alex", last_name="Author")
    convener = convener_of(groups["la"], first_name="Chris", last_name="Convener")
    members = {key: [member_of(group) for _ in range(per_group)] for key, group in groups.items()}
    proposal = open_proposal(author=author, steward=steward, standard=standard)
    return Electorate(
        groups=groups,
        author=author,
        convener=convener,
        steward=steward,
        proposal=proposal,
        members=members,
    )
