"""The demo release: awaiting approval, which the second demo steward can give."""

import pytest

import community.demo
from standards import demo, demo_proposals, demo_releases
from standards.choices import ProposalStatus, VersionStatus
from standards.models import Release, ReleaseStatus
from standards.services_releases import approval_refusal, release_approve


@pytest.fixture
def loaded(db, django_capture_on_commit_callbacks):
    community.demo.load()
    demo.load()
    with django_capture_on_commit_callbacks(execute=True):
        demo_proposals.load()
        sign_in = demo_releases.load()
    return sign_in


def test_a_release_awaits_approval_and_loading_again_changes_nothing(loaded):
    assert loaded == [("Second steward (approves releases)", "steward2@example.gov.uk")]
    release = Release.objects.get()
    assert release.status == ReleaseStatus.AWAITING_APPROVAL
    assert release.built_by.email == "steward@example.gov.uk"
    assert [p.title for p in release.proposals.all()] == [demo_releases.ACCEPTED_TITLE]
    assert release.version.number == "1.1.1"

    demo_releases.load()

    assert Release.objects.count() == 1


def test_the_second_demo_steward_can_approve_it(loaded):
    release = Release.objects.get()
    second = demo_releases.second_steward()
    assert second.check_password(community.demo.DEMO_PASSWORD)
    authors = {p.author_id for p in release.proposals.all()}
    assert approval_refusal(actor=second, release=release, authors=authors) is None

    release_approve(actor=second, release=release)

    release.version.refresh_from_db()
    assert release.version.status == VersionStatus.PUBLISHED
    assert release.proposals.get().status == ProposalStatus.RELEASED
