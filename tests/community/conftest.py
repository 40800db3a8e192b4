import pytest

from tests.community.factories import (
    ConvenerFactory,
    MembershipFactory,
    MemberUserFactory,
    WorkingGroupFactory,
)


@pytest.fixture
def group(db):
    return WorkingGroupFactory(name="Housing associations test group")


@pytest.fixture
def convener_membership(group):
    return ConvenerFactory(group=group, user__email="convener@brookvale.example.org.uk")


@pytest.fixture
def convener(convener_membership):
    return convener_membership.user


@pytest.fixture
def member_membership(group, convener_membership):
    return MembershipFactory(group=group, user__email="member@brookvale.example.org.uk")


@pytest.fixture
def member(member_membership):
    return member_membership.user


@pytest.fixture
def outsider(db):
    """Signed in, works for an organisation, in no group."""
    return MemberUserFactory(email="outsider@harbourside.example.org.uk")


@pytest.fixture
def other_convener(db):
    """Convenes a different group."""
    return ConvenerFactory(user__email="other-convener@example.org").user


@pytest.fixture
def send_emails(django_capture_on_commit_callbacks):
    """A context that runs on-commit callbacks on exit, so queued email tasks run.

    The test settings use the immediate task backend, so each task sends as it is enqueued.
    """
    return django_capture_on_commit_callbacks(execute=True)
