"""The demo releases: a proposal taken all the way to "Released in", and a release awaiting
approval, which the second demo steward can give. Every demo version has had four eyes."""

import pytest
from django.urls import reverse

import community.demo
from standards.choices import ProposalStatus, VersionStatus
from standards.demo import catalogue as demo
from standards.demo import proposals as demo_proposals
from standards.demo import releases as demo_releases
from standards.models import Release, ReleaseStatus, StandardVersion
from standards.releases.services import approval_refusal, draft_writers, release_approve


@pytest.fixture
def loaded(db, django_capture_on_commit_callbacks):
    community.demo.load()
    demo.load()
    with django_capture_on_commit_callbacks(execute=True):
        demo_releases.load_released()
        demo_proposals.load()
        sign_in = demo_releases.load()
    return sign_in


def _waiting():
    return Release.objects.get(status=ReleaseStatus.AWAITING_APPROVAL)


def test_a_release_awaits_approval_and_loading_again_changes_nothing(loaded):
    assert loaded == [demo.SECOND_STEWARD[:2]]
    release = _waiting()
    assert release.built_by.email == "steward@example.gov.uk"
    assert [p.title for p in release.proposals.all()] == [demo_releases.ACCEPTED_TITLE]
    assert release.version.number == "1.2.1"
    count = Release.objects.count()

    demo_releases.load_released()
    demo_releases.load()

    assert Release.objects.count() == count


def test_the_second_demo_steward_can_approve_it(loaded):
    release = _waiting()
    second = demo.second_steward()
    assert second.check_password(community.demo.DEMO_PASSWORD)
    authors = {p.author_id for p in release.proposals.all()}
    writers = draft_writers(version=release.version)
    assert approval_refusal(actor=second, release=release, authors=authors, writers=writers) is None

    release_approve(actor=second, release=release)

    release.version.refresh_from_db()
    assert release.version.status == VersionStatus.PUBLISHED
    assert release.proposals.get().status == ProposalStatus.RELEASED


def test_a_demo_proposal_shows_the_end_of_the_story(loaded, client):
    released = Release.objects.get(
        status=ReleaseStatus.PUBLISHED, proposals__title=demo_releases.RELEASED["title"]
    )
    proposal = released.proposals.get()

    page = client.get(proposal.get_absolute_url()).content.decode()

    assert (proposal.status, released.version.number) == (ProposalStatus.RELEASED, "1.2.0")
    assert "Released in" in page
    assert "Does not apply" not in page
    assert (
        reverse(
            "standards:version_diff",
            kwargs={"standard": proposal.standard.slug, "old": "1.1.0", "new": "1.2.0"},
        )
        in page
    )


def test_every_demo_version_was_published_by_a_second_steward(loaded):
    for version in StandardVersion.objects.exclude(status=VersionStatus.DRAFT):
        release = Release.objects.get(version=version)
        assert release.status == ReleaseStatus.PUBLISHED
        assert version.published_by == release.decided_by != release.built_by
