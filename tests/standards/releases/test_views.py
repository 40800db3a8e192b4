"""Release pages: the permission matrix, building via the preview, approving, and rebasing."""

import pytest
from django.urls import reverse

from standards.choices import OperationKind, ProposalStatus, VersionStatus
from standards.models import Proposal, Release, ReleaseStatus, StandardVersion
from standards.releases.services import release_approve, release_build
from standards.versions.services import version_draft_create
from tests.community.factories import StewardFactory, UserFactory
from tests.standards.factories import (
    ProposalOperationFactory,
    ProposalRowFactory,
    add_attribute,
    convener_of,
    founding_groups,
    group_member,
    new_standard,
    open_for_comment,
    publish_small_version,
    publish_with_four_eyes,
)

K = OperationKind


def _accepted(version, *, title, kind, component, member, values, author=None):
    """An accepted proposal written straight to the database: these tests are about pages."""
    proposal = ProposalRowFactory(
        base_version=version,
        standard=version.standard,
        status=ProposalStatus.ACCEPTED,
        title=title,
        **({"author": author} if author else {}),
    )
    ProposalOperationFactory(
        proposal=proposal,
        position=1,
        kind=kind,
        component_key=component,
        member_key=member,
        values=values,
    )
    return proposal


class World:
    def __init__(self):
        self.builder = StewardFactory(first_name="Bea", last_name="Builder")
        self.approver = StewardFactory(first_name="Sam", last_name="Second")
        self.member = group_member()
        self.convener = convener_of(founding_groups()["la"])
        self.version = publish_small_version(steward=self.builder, standard=new_standard())
        self.standard = self.version.standard
        self.first = _accepted(
            self.version,
            title="Add priority",
            kind=K.ADD_ATTRIBUTE,
            component="work-order",
            member="priority",
            values={"name": "priority", "definition": "How urgent."},
        )
        self.second = _accepted(
            self.version,
            title="Relabel medical",
            kind=K.CHANGE_CODE,
            component="person-alert-codes",
            member="MED",
            values={"label": "Medical need"},
        )

    def build(self, proposals=None):
        return release_build(
            actor=self.builder,
            standard=self.standard,
            proposals=proposals or [self.first, self.second],
            number=None,
            notes="## Added\n\n- Priority",
        )


@pytest.fixture
def world(db):
    return World()


def _urls(world, release) -> dict[str, str]:
    slug = world.standard.slug
    return {
        "list": reverse("standards:release_list", args=[slug]),
        "new": reverse("standards:release_new", args=[slug]),
        "detail": reverse("standards:release_detail", args=[slug, release.pk]),
        "approve": reverse("standards:release_approve", args=[slug, release.pk]),
        "withdraw": reverse("standards:release_withdraw", args=[slug, release.pk]),
    }


# Who sees each page (GET): a status per role.
MATRIX = {
    "anonymous": {"list": 302, "new": 302, "detail": 302, "approve": 302, "withdraw": 302},
    "member": {"list": 403, "new": 403, "detail": 403, "approve": 403, "withdraw": 403},
    "convener": {"list": 403, "new": 403, "detail": 403, "approve": 403, "withdraw": 403},
    "user": {"list": 403, "new": 403, "detail": 403, "approve": 403, "withdraw": 403},
    "approver": {"list": 200, "new": 200, "detail": 200, "approve": 200, "withdraw": 403},
    "builder": {"list": 200, "new": 200, "detail": 200, "approve": 403, "withdraw": 200},
}


def _login(client, world, role):
    user = {
        "anonymous": None,
        "member": world.member,
        "convener": world.convener,
        "user": UserFactory(),
        "approver": world.approver,
        "builder": world.builder,
    }[role]
    if user is not None:
        client.force_login(user)
    return user


@pytest.mark.parametrize("role", MATRIX)
def test_permission_matrix(client, world, role):
    release = world.build()
    _login(client, world, role)
    urls = _urls(world, release)

    for name, expected in MATRIX[role].items():
        response = client.get(urls[name])
        assert response.status_code == expected, (name, response.status_code)
        if expected == 302:
            assert response["Location"].startswith("/accounts/login/")
    # Posting is refused alike, and changes nothing.
    preview = reverse("standards:release_preview", args=[world.standard.slug])
    post_expected = 302 if role == "anonymous" else 403
    if role not in ("approver", "builder"):
        assert client.post(preview, {"proposals": [world.first.pk]}).status_code == post_expected
        assert client.post(urls["approve"]).status_code == post_expected
        assert client.post(urls["withdraw"]).status_code == post_expected
    if role == "builder":
        assert client.post(urls["approve"]).status_code == 403
    if role == "approver":
        assert client.post(urls["withdraw"]).status_code == 403
    assert Release.objects.get(pk=release.pk).status == ReleaseStatus.AWAITING_APPROVAL


def test_the_author_of_an_included_proposal_may_not_approve(client, world):
    author_steward = StewardFactory()
    Proposal.objects.filter(pk=world.first.pk).update(author=author_steward)
    release = world.build()
    client.force_login(author_steward)

    response = client.get(_urls(world, release)["detail"])

    assert "You wrote a proposal that this release includes" in response.content.decode()
    assert client.get(_urls(world, release)["approve"]).status_code == 403


# Building -----------------------------------------------------------------------------------------


def test_choose_then_preview_shows_everything_and_writes_nothing(client, world):
    client.force_login(world.builder)
    url = reverse("standards:release_new", args=[world.standard.slug])
    page = client.get(url).content.decode()
    assert world.first.reference in page
    assert world.second.reference in page

    response = client.post(url, {"proposals": [world.first.pk, world.second.pk]})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="1.1.0"' in page  # the number field, prefilled
    assert "## Added" in page  # the notes, generated
    assert "Request approval" in page
    assert "What would change in Work order" in page
    assert "None: the proposals change different things" in page
    assert not Release.objects.filter(entries__isnull=False).exists()
    assert world.standard.versions.count() == 1


def test_request_approval_builds_the_release(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.builder)
    url = reverse("standards:release_preview", args=[world.standard.slug])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "proposals": [world.first.pk, world.second.pk],
                "number": "1.1.0",
                "number_reason": "",
                "notes": "## Added\n\n- Priority",
                "action": "request",
            },
        )

    release = Release.objects.get(version__minor=1)
    assert response.status_code == 302
    assert response["Location"] == _urls(world, release)["detail"]
    assert release.version.number == "1.1.0"
    asked = [m.to[0] for m in mailoutbox]
    assert world.approver.email in asked
    assert world.builder.email not in asked


def test_empty_optional_notes_take_the_notes_generated_from_the_proposals(client, world):
    client.force_login(world.builder)
    url = reverse("standards:release_preview", args=[world.standard.slug])
    chosen = {"proposals": [world.first.pk, world.second.pk], "number": "1.1.0"}

    preview = client.post(url, {**chosen, "notes": ""})
    response = client.post(url, {**chosen, "notes": "   ", "action": "request"})

    assert "Release notes (optional)" in preview.content.decode()
    assert response.status_code == 302
    release = Release.objects.get(version__minor=1)
    assert release.notes.startswith("## ")
    assert world.first.reference in release.notes


def test_the_builder_does_not_offer_proposals_already_in_a_waiting_release(client, world):
    world.build(proposals=[world.first])
    client.force_login(world.builder)

    html = client.get(reverse("standards:release_new", args=[world.standard.slug])).text

    assert world.second.title in html
    assert world.first.title not in html


def test_a_smaller_number_is_refused_on_the_form(client, world):
    client.force_login(world.builder)
    url = reverse("standards:release_preview", args=[world.standard.slug])

    response = client.post(
        url,
        {
            "proposals": [world.first.pk],
            "number": "1.0.1",
            "notes": "Notes",
            "action": "request",
        },
    )

    assert response.status_code == 400
    assert "The version number must be 1.1.0 or later" in response.content.decode()
    assert not Release.objects.filter(entries__isnull=False).exists()


def test_conflicting_proposals_are_explained(client, world):
    clash = _accepted(
        world.version,
        title="Relabel again",
        kind=K.CHANGE_CODE,
        component="person-alert-codes",
        member="MED",
        values={"label": "Medical condition"},
    )
    client.force_login(world.builder)

    response = client.post(
        reverse("standards:release_new", args=[world.standard.slug]),
        {"proposals": [world.second.pk, clash.pk]},
    )

    page = response.content.decode()
    assert "This release cannot be built" in page
    assert f"{world.second.reference} and {clash.reference} both change" in page


# Approving and withdrawing ------------------------------------------------------------------------


def test_approve_publishes_and_the_proposals_say_released_in(client, world):
    release = world.build()
    client.force_login(world.approver)

    response = client.post(_urls(world, release)["approve"])

    new = StandardVersion.objects.get(pk=release.version_id)
    assert response.status_code == 302
    assert response["Location"] == new.get_absolute_url()
    assert new.status == VersionStatus.PUBLISHED
    page = client.get(world.first.get_absolute_url()).content.decode()
    assert "Released in" in page
    assert new.get_absolute_url() in page


def test_withdraw_the_request(client, world):
    release = world.build()
    client.force_login(world.builder)

    response = client.post(_urls(world, release)["withdraw"], {"reason": "Wrong notes"})

    assert response.status_code == 302
    assert Release.objects.get(pk=release.pk).status == ReleaseStatus.WITHDRAWN
    page = client.get(_urls(world, release)["detail"]).content.decode()
    assert "Wrong notes" in page
    assert "Approve and publish" not in page


def test_pages_run_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    release = world.build()
    client.force_login(world.approver)
    urls = _urls(world, release)

    with django_assert_max_num_queries(25):
        client.get(urls["list"])
    with django_assert_max_num_queries(40):
        client.get(urls["detail"])


# Rebasing -----------------------------------------------------------------------------------------


@pytest.fixture
def stale(world):
    author = group_member()
    proposal = open_for_comment(
        author=author, base_version=world.version, operations=[add_attribute("urgency")]
    )
    draft = version_draft_create(
        actor=world.builder, standard=world.standard, number="1.0.1", base=world.version
    )
    publish_with_four_eyes(actor=world.builder, version=draft)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.needs_rebase) == (ProposalStatus.OPEN, True)
    return proposal, author


def test_a_stale_proposal_shows_needs_rebase_and_only_its_author_the_button(client, world, stale):
    proposal, author = stale

    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Needs rebase" in page
    assert "Rebase on the current version" not in page

    client.force_login(author)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Rebase on the current version" in page


@pytest.mark.parametrize("role", ["anonymous", "member", "approver"])
def test_only_the_author_may_rebase(client, world, stale, role):
    proposal, _author = stale
    _login(client, world, role)

    response = client.post(
        reverse("standards:proposal_rebase", args=[world.standard.slug, proposal.reference])
    )

    assert response.status_code == (302 if role == "anonymous" else 403)
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    proposal.refresh_from_db()
    assert proposal.needs_rebase


def test_rebase_button(client, world, stale):
    proposal, author = stale
    client.force_login(author)

    response = client.post(
        reverse("standards:proposal_rebase", args=[world.standard.slug, proposal.reference])
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.base_version.number) == (ProposalStatus.OPEN, "1.0.1")


def test_a_failed_rebase_lists_what_no_longer_applies(client, world):
    author = group_member()
    proposal = open_for_comment(
        author=author, base_version=world.version, operations=[add_attribute("priority")]
    )
    # A release adds an attribute with the same key.
    release_approve(actor=world.approver, release=world.build([world.first]))
    client.force_login(author)
    url = reverse("standards:proposal_rebase", args=[world.standard.slug, proposal.reference])

    response = client.post(url)

    page = response.content.decode()
    assert response.status_code == 400
    assert "1 change no longer applies to version 1.1.0" in page
    assert "Drop these changes and rebase" in page
    assert "already has an attribute with the key" in page
    proposal.refresh_from_db()
    assert proposal.needs_rebase
