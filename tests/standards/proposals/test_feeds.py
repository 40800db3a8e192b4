"""The Atom feed of a standard's proposals: public proposals only, newest first."""

import xml.etree.ElementTree as ET

import pytest

from standards.choices import OperationKind
from standards.engine.changesets import Operation
from tests.community.factories import MembershipFactory, StewardFactory
from tests.standards.factories import ProposalFactory, build_standard

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/standards/damp-and-mould/proposals/feed/"
ADD_CODE = Operation(
    kind=OperationKind.ADD_CODE,
    component="person-alert-codes",
    member="VUL",
    values={"value": "VUL", "label": "Vulnerable adult"},
)


@pytest.fixture
def catalogue(db):
    return build_standard(steward=StewardFactory())


def _entries(response):
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    return root, root.findall(f"{ATOM}entry")


def test_feed_lists_public_proposals_not_drafts(client, catalogue):
    author = MembershipFactory().user
    ProposalFactory(author=author, base_version=catalogue.v2, title="Secret draft")
    published = ProposalFactory(
        author=author,
        base_version=catalogue.v2,
        title="Add a <vulnerability> code",
        operations=[ADD_CODE],
        submit=True,
    )
    client.force_login(author)  # even for the author, the feed is the public view

    response = client.get(FEED)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root, entries = _entries(response)
    assert root.find(f"{ATOM}title").text == "Proposals to change Damp and mould"
    [entry] = entries
    assert entry.find(f"{ATOM}title").text == (
        f"{published.reference}: Add a <vulnerability> code (open for comment)"
    )
    assert entry.find(f"{ATOM}link").get("href").endswith(published.get_absolute_url())
    assert entry.find(f"{ATOM}author/{ATOM}name").text.endswith(published.organisation.name)
    assert "Secret draft" not in response.content.decode()


def test_feed_of_a_standard_with_no_proposals_is_empty(client, catalogue):
    _root, entries = _entries(client.get(FEED))

    assert entries == []


def test_feed_of_an_unknown_standard_is_a_404(client, db):
    assert client.get("/standards/nothing-here/proposals/feed/").status_code == 404


def test_feed_runs_a_fixed_number_of_queries(client, catalogue, django_assert_max_num_queries):
    author = MembershipFactory().user
    for _ in range(5):
        ProposalFactory(
            author=author, base_version=catalogue.v2, operations=[ADD_CODE], submit=True
        )

    with django_assert_max_num_queries(2):
        client.get(FEED)


def test_list_page_links_to_the_feed(client, catalogue):
    html = client.get("/standards/damp-and-mould/proposals/").content.decode()

    assert 'type="application/atom+xml"' in html
    assert f'href="{FEED}"' in html
