"""The changelog: the page, changelog.json, the Atom feeds (one standard's and the site's),
watching a standard, and fixed query counts."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from standards.choices import ProposalStatus, VersionStatus
from standards.models import Release, ReleaseProposal, StandardWatch
from standards.versions.services import version_withdraw
from tests.community.factories import StewardFactory
from tests.standards.factories import ProposalRowFactory, VersionFactory, build_standard

ATOM = "{http://www.w3.org/2005/Atom}"
PAGE = "/standards/damp-and-mould/changelog/"
JSON = "/standards/damp-and-mould/changelog.json"
FEED = "/standards/damp-and-mould/changelog/feed/"
SITE_FEED = "/standards/changelog/feed/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(steward):
    return build_standard(steward=steward)


@pytest.fixture
def release(catalogue, steward):
    # Publication (with four eyes) made the release; give it what these tests read.
    release, _created = Release.objects.update_or_create(
        version=catalogue.v2,
        defaults={
            "base_version": catalogue.v1,
            "notes": "Release notes",
            "impact": "minor",
            "built_by": steward,
            "draft_fingerprint": "x" * 64,
            "standard": catalogue.standard,
            "status": "published",
        },
    )
    proposal = ProposalRowFactory(
        base_version=catalogue.v1, status=ProposalStatus.RELEASED, title="Report <dates>"
    )
    ReleaseProposal.objects.create(release=release, proposal=proposal, position=1)
    return release


def test_the_page_lists_released_versions_newest_first(client, catalogue):
    VersionFactory(standard=catalogue.standard, major=1, minor=2, release_notes="Unreleased")
    response = client.get(PAGE)
    assert response.status_code == 200
    text = response.text
    assert text.index("Version 1.1.0") < text.index("Version 1.0.0")
    assert "1.2.0" not in text
    assert "Unreleased" not in text
    assert "Minor</strong>" in text
    assert "First version" in text
    assert "Adds dates." in text


def test_notes_are_rendered_markdown_without_raw_html(client, catalogue, steward):
    v3 = VersionFactory(
        standard=catalogue.standard,
        major=2,
        status=VersionStatus.SUPERSEDED,
        published_at=timezone.now(),
        published_by=steward,
        superseded_at=timezone.now(),
        release_notes="**Bold** change <script>alert(1)</script>",
    )
    assert v3
    response = client.get(PAGE)
    assert "<strong>Bold</strong>" in response.text
    assert "<script>alert(1)</script>" not in response.text


def test_a_release_gives_its_impact_and_proposals(client, catalogue, release):
    proposal = release.entries.get().proposal
    response = client.get(PAGE)
    assert proposal.reference in response.text
    assert "Report &lt;dates&gt;" in response.text


def test_a_withdrawn_version_shows_its_reason(client, catalogue, steward):
    version_withdraw(actor=steward, version=catalogue.v1, reason="Codes were wrong")
    response = client.get(PAGE)
    assert "Codes were wrong" in response.text
    assert "This version has been withdrawn" in response.text


def test_the_json(client, catalogue, release, steward):
    version_withdraw(actor=steward, version=catalogue.v1, reason="Codes were wrong")
    data = client.get(JSON).json()
    assert data["standard"]["slug"] == "damp-and-mould"
    newest, oldest = data["releases"]
    assert newest["version"] == "1.1.0"
    assert newest["status"] == "published"
    assert newest["impact"] == "minor"
    assert newest["notes"] == "Adds dates."
    assert newest["published_at"] == catalogue.v2.published_at.isoformat()
    assert newest["url"] == "http://testserver/standards/damp-and-mould/1.1.0/"
    proposal = release.entries.get().proposal
    assert newest["proposals"] == [
        {
            "reference": proposal.reference,
            "title": proposal.title,
            "url": f"http://testserver{proposal.get_absolute_url()}",
        }
    ]
    assert oldest["version"] == "1.0.0"
    assert oldest["status"] == "withdrawn"
    assert oldest["impact"] is None
    assert oldest["withdrawn_reason"] == "Codes were wrong"


def _entries(response):
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    return root, root.findall(f"{ATOM}entry")


def test_the_standard_feed(client, catalogue, release):
    response = client.get(FEED)
    assert response["Content-Type"].startswith("application/atom+xml")
    root, entries = _entries(response)
    assert root.find(f"{ATOM}title").text == "Releases of Damp and mould"
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        "Damp and mould 1.1.0 (minor change)",
        "Damp and mould 1.0.0",
    ]
    summary = entries[0].find(f"{ATOM}summary").text
    assert release.entries.get().proposal.reference in summary
    assert "Report &lt;dates&gt;" in summary


def test_the_site_feed_lists_every_standards_releases(client, catalogue, steward):
    other = build_standard(steward=steward, slug="repairs")
    response = client.get(SITE_FEED)
    _root, entries = _entries(response)
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert len(links) == 4
    assert any("/standards/repairs/1.1.0/" in link for link in links)
    assert any("/standards/damp-and-mould/1.0.0/" in link for link in links)
    assert other


def test_unknown_standard_is_404(client, db):
    for url in ["/standards/nope/changelog/", "/standards/nope/changelog.json"]:
        assert client.get(url).status_code == 404
    assert client.get("/standards/nope/changelog/feed/").status_code == 404


def test_pages_run_a_fixed_number_of_queries(
    client, catalogue, release, steward, django_assert_max_num_queries
):
    for minor in range(2, 8):
        VersionFactory(
            standard=catalogue.standard,
            major=0,
            minor=minor,
            status=VersionStatus.SUPERSEDED,
            published_at=timezone.now(),
            published_by=steward,
            superseded_at=timezone.now(),
        )
    client.force_login(StewardFactory())
    with django_assert_max_num_queries(12):
        assert client.get(PAGE).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(JSON).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(FEED).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(SITE_FEED).status_code == 200


# Watching --------------------------------------------------------------------------------------


def test_anonymous_people_are_asked_to_sign_in(client, catalogue):
    response = client.get(PAGE)
    assert "to get an email when a version is published" in response.text
    assert client.post("/standards/damp-and-mould/watch/").status_code == 302
    assert not StandardWatch.objects.exists()


def test_watching_and_unwatching_from_the_page(client, catalogue, user):
    client.force_login(user)
    assert "Watch this standard" in client.get(PAGE).text

    response = client.post("/standards/damp-and-mould/watch/", {"watch": "1"}, follow=True)
    assert "You are watching Damp and mould" in response.text
    assert "Stop watching" in response.text
    assert StandardWatch.objects.filter(user=user, standard=catalogue.standard).exists()

    response = client.post("/standards/damp-and-mould/watch/", {"watch": "0"}, follow=True)
    assert "You are no longer watching Damp and mould" in response.text
    assert not StandardWatch.objects.exists()
    assert client.get("/standards/damp-and-mould/watch/").status_code == 405


NOTES = "## Added\n\n- Inspector role ([DM-0001](/standards/damp-and-mould/proposals/DM-0001/))\n"


@pytest.fixture
def notes_with_markdown(catalogue, steward):
    return VersionFactory(
        standard=catalogue.standard,
        major=2,
        status=VersionStatus.SUPERSEDED,
        published_at=timezone.now(),
        published_by=steward,
        superseded_at=timezone.now(),
        release_notes=NOTES,
    )


@pytest.mark.parametrize(
    "page", [PAGE, "/standards/damp-and-mould/", "/standards/damp-and-mould/2.0.0/"]
)
def test_release_notes_are_shown_as_markdown_with_headings_on_every_page(
    client, notes_with_markdown, page
):
    html = client.get(page).content.decode()

    assert '<div class="app-markdown' in html
    assert "<h3>Added</h3>" in html
    assert '<a href="/standards/damp-and-mould/proposals/DM-0001/"' in html
    assert "## Added" not in html


def test_feed_entries_have_absolute_ids_and_links_in_their_notes(client, notes_with_markdown):
    _root, entries = _entries(client.get(FEED))
    newest = entries[0]

    assert newest.find(f"{ATOM}id").text == "http://testserver/standards/damp-and-mould/2.0.0/"
    summary = newest.find(f"{ATOM}summary").text
    assert 'href="http://testserver/standards/damp-and-mould/proposals/DM-0001/"' in summary
    assert "<h3>Added</h3>" in summary
