"""Every Atom feed sends what people typed as text, never as markup a feed reader would run.

Markup goes into every field people control that reaches a feed: a standard's name, a
proposal's title and problem, its author's name and organisation, release notes, a release's
proposals and a withdrawal reason. Each feed is parsed as XML; elements sent as text must hold
the markup as characters, and those sent as HTML (``type="html"``) must hold no tag or
attribute that runs script once a reader unescapes them.
"""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from standards.choices import ProposalStatus, VersionStatus
from standards.models import Release, ReleaseProposal
from tests.community.factories import MemberUserFactory, OrganisationFactory, StewardFactory
from tests.standards.factories import ProposalRowFactory, StandardFactory, VersionFactory

pytestmark = pytest.mark.django_db

ATOM = "http://www.w3.org/2005/Atom"
MARKUP = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
MARKDOWN = f"Notes {MARKUP} and [a link](javascript:alert(3))"
FEEDS = [
    "/standards/feeds/proposals/feed/",
    "/standards/feeds/changelog/feed/",
    "/standards/changelog/feed/",
]
RUNNABLE_TAGS = {"script", "img", "iframe", "svg", "object", "embed", "style", "link", "meta"}


class _Tags(HTMLParser):
    """Collects the tags and attributes an HTML summary holds once a reader unescapes it."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.fixture
def marked_up_everywhere():
    steward = StewardFactory(first_name=MARKUP)
    standard = StandardFactory(slug="feeds", name=f"Damp {MARKUP}")
    older = VersionFactory(
        standard=standard,
        status=VersionStatus.WITHDRAWN,
        published_at=timezone.now(),
        published_by=steward,
        withdrawn_at=timezone.now(),
        withdrawn_reason=MARKUP,
        release_notes=MARKDOWN,
    )
    newer = VersionFactory(
        standard=standard, minor=1, published=True, published_by=steward, release_notes=MARKDOWN
    )
    ProposalRowFactory(
        base_version=newer,
        opened=True,
        title=MARKUP,
        problem=f"{MARKUP}\n\nA second paragraph",
        author=MemberUserFactory(first_name=MARKUP, last_name=MARKUP),
        organisation=OrganisationFactory(name=MARKUP),
    )
    release = Release.objects.create(
        standard=standard,
        version=newer,
        base_version=older,
        notes=MARKDOWN,
        impact="minor",
        built_by=steward,
        draft_fingerprint="x" * 64,
        status="published",
    )
    released = ProposalRowFactory(
        base_version=older, status=ProposalStatus.RELEASED, title=MARKUP, problem=MARKUP
    )
    ReleaseProposal.objects.create(release=release, proposal=released, position=1)


def _parsed(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test


@pytest.mark.parametrize("url", FEEDS)
def test_a_feed_holds_only_atom_elements_whatever_people_typed(client, marked_up_everywhere, url):
    root = _parsed(client, url)

    assert root.findall(f"{{{ATOM}}}entry")
    assert {element.tag.partition("}")[0] for element in root.iter()} == {f"{{{ATOM}"}


@pytest.mark.parametrize("url", FEEDS)
def test_html_summaries_hold_typed_markup_as_escaped_text(client, marked_up_everywhere, url):
    root = _parsed(client, url)

    summaries = [element for element in root.iter() if element.get("type") == "html"]
    assert summaries
    for summary in summaries:
        parser = _Tags()
        parser.feed(summary.text or "")
        for tag, attributes in parser.tags:
            assert tag not in RUNNABLE_TAGS, summary.text
            assert not any(name.startswith("on") for name in attributes), summary.text
            assert not (attributes.get("href") or "").startswith("javascript:"), summary.text


def test_the_proposal_summary_shows_the_problem_as_text(client, marked_up_everywhere):
    root = _parsed(client, FEEDS[0])

    [summary] = [
        element
        for element in root.iter(f"{{{ATOM}}}summary")
        if "A second paragraph" in element.text
    ]
    parser = _Tags()
    parser.feed(summary.text)
    assert [tag for tag, _ in parser.tags] == ["p", "p"]
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in summary.text


@pytest.mark.parametrize("url", FEEDS)
def test_text_elements_hold_typed_markup_as_characters(client, marked_up_everywhere, url):
    root = _parsed(client, url)

    text_elements = [
        element
        for element in root.iter()
        if element.get("type") in {None, "text"} and MARKUP in (element.text or "")
    ]
    # Titles, author names and the like: each is one element whose text is the markup typed.
    assert text_elements
    assert all(len(element) == 0 for element in text_elements)
