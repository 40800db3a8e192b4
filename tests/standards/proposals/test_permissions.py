"""The permission matrix: each role against each predicate in ``standards.permissions``."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from community.choices import GroupStatus, MembershipStatus
from standards import permissions
from standards.choices import ProposalStatus
from tests.community.factories import (
    ConvenerFactory,
    MembershipFactory,
    StewardFactory,
    UserFactory,
)
from tests.standards.factories import ProposalCommentFactory, ProposalRowFactory

ROLES = [
    "anonymous",
    "non_member",
    "member",
    "author",
    "convener",
    "steward",
    "unverified_member",
    "archived_group_member",
    "former_member",
]


def _person(role: str, author):
    builders = {
        "anonymous": AnonymousUser,
        "non_member": UserFactory,
        "member": lambda: MembershipFactory().user,
        "author": lambda: author,
        "convener": lambda: ConvenerFactory().user,
        "steward": StewardFactory,
        "unverified_member": lambda: MembershipFactory(user__verified=False).user,
        "archived_group_member": lambda: MembershipFactory(group__status=GroupStatus.ARCHIVED).user,
        "former_member": lambda: (
            MembershipFactory(status=MembershipStatus.LEFT, ended_at=timezone.now()).user
        ),
    }
    return builders[role]()


@pytest.fixture
def author(db):
    return MembershipFactory().user


@pytest.fixture
def things(author):
    draft = ProposalRowFactory(author=author)
    opened = ProposalRowFactory(author=author, opened=True, base_version=draft.base_version)
    return {
        "draft": draft,
        "open": opened,
        "comment": ProposalCommentFactory(proposal=opened, author=author),
    }


# Each predicate, with the roles it allows. Every other role is refused.
MATRIX = {
    "can_draft_proposal": ({"member", "author", "convener", "steward"}, None),
    "can_view_proposal[draft]": ({"author", "steward"}, "draft"),
    "can_view_proposal[open]": (set(ROLES), "open"),
    "is_author": ({"author"}, "open"),
    "can_edit_proposal[draft]": ({"author"}, "draft"),
    "can_edit_proposal[open]": (set(), "open"),
    "can_withdraw_proposal": ({"author"}, "open"),
    "can_comment": ({"member", "author", "convener", "steward"}, None),
    "can_edit_comment": ({"author"}, "comment"),
    "can_moderate": ({"convener", "steward"}, None),
    "can_open_voting": ({"convener", "steward"}, None),
    "can_watch": (set(ROLES) - {"anonymous"}, None),
}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(author, things, role):
    """One row of the matrix per role: what each predicate answers for that person."""
    person = _person(role, author)

    answers = {
        predicate: getattr(permissions, predicate.split("[")[0])(
            person, *([things[target]] if target else [])
        )
        for predicate, (_allowed, target) in MATRIX.items()
    }

    assert answers == {predicate: role in allowed for predicate, (allowed, _) in MATRIX.items()}


def test_the_matrix_names_only_real_predicates():
    """Voting predicates (issue 9) are tested with the voting services, not here."""
    names = {name.split("[")[0] for name in MATRIX}

    assert all(callable(getattr(permissions, name, None)) for name in names)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("member", True), ("convener", True), ("former_member", False), ("non_member", False)],
)
def test_is_group_member_counts_only_active_memberships(author, role, expected):
    assert permissions.is_group_member(_person(role, author)) is expected


def test_a_draft_stays_private_once_its_author_leaves_the_group(author, things):
    """Viewing follows authorship and stewardship, not membership."""
    author.memberships.update(status=MembershipStatus.LEFT, ended_at=timezone.now())

    assert permissions.can_view_proposal(author, things["draft"])
    assert not permissions.can_draft_proposal(author)


def test_a_status_other_than_draft_is_visible_to_anyone(db):
    proposal = ProposalRowFactory(status=ProposalStatus.WITHDRAWN)

    assert permissions.can_view_proposal(AnonymousUser(), proposal)
