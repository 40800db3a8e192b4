"""The browsing pages: standards list, standard, version and component.

The ``catalogue`` fixture (``build_standard`` in ``factories``) is a realistic two-version
standard.
"""

import pytest
from django.urls import reverse

from standards.models import StandardVersion
from standards.versions.services import version_draft_create
from tests.community.factories import UserFactory
from tests.standards.factories import ComponentVersionFactory, VersionFactory, build_standard


@pytest.fixture
def draft(catalogue, steward) -> StandardVersion:
    return version_draft_create(
        actor=steward, standard=catalogue.standard, number="2.0.0", base=catalogue.v2
    )


def url(name: str, **kwargs) -> str:
    return reverse(f"standards:{name}", kwargs=kwargs)


def component_page(client, component: str, version: str = "1.1.0"):
    return client.get(
        url("component_detail", standard="damp-and-mould", version=version, component=component)
    )


def test_standard_list_shows_each_standard_and_its_current_version(client, catalogue):
    response = client.get(url("standard_list"))

    assert response.status_code == 200
    assert b"Damp and mould" in response.content
    assert b'href="/standards/damp-and-mould/1.1.0/"' in response.content


def test_standard_page_lists_versions_release_notes_compare_form_and_downloads(client, catalogue):
    response = client.get(url("standard_detail", standard="damp-and-mould"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "The first release." in html
    assert "Adds dates." in html
    assert '<strong class="govuk-tag govuk-tag--green">Current</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--grey">Superseded</strong>' in html
    assert 'action="/standards/damp-and-mould/compare/"' in html
    assert 'href="/standards/damp-and-mould/compare/1.0.0...1.1.0/"' in html
    assert 'href="/standards/damp-and-mould/1.1.0/openapi.json"' in html


def test_unknown_standard_is_not_found(client, db):
    assert client.get(url("standard_detail", standard="nope")).status_code == 404


def test_compare_form_redirects_to_the_diff(client, catalogue):
    response = client.get(
        url("version_compare", standard="damp-and-mould"), {"old": "1.0.0", "new": "1.1.0"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/standards/damp-and-mould/compare/1.0.0...1.1.0/"


def test_compare_form_with_the_same_version_twice_shows_an_error(client, catalogue):
    response = client.get(
        url("version_compare", standard="damp-and-mould"), {"old": "1.1.0", "new": "1.1.0"}
    )

    assert response.status_code == 400
    assert b"govuk-error-summary" in response.content
    assert b"Choose a different version to compare with" in response.content


def test_version_page_lists_components_with_counts_and_downloads(client, catalogue):
    response = client.get(catalogue.v2.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "6 in total: 4 entities and 2 code lists" in html
    assert 'href="/standards/damp-and-mould/1.1.0/work-order/">Work order</a>' in html
    assert "6 components" in html
    assert 'href="/standards/damp-and-mould/1.1.0/bundle.schema.json"' in html


@pytest.mark.parametrize(
    ("params", "expected", "absent"),
    [
        ({"q": "work"}, ["Work order"], ["Person alert codes"]),
        # Finds a code list by one of its codes.
        ({"q": "wheelchair"}, ["Person alert codes"], ["Work order"]),
        # And an entity by one of its attributes.
        ({"q": "reportedAt"}, ["Work order"], ["Property"]),
        ({"kind": "code_list"}, ["Person alert codes", "Work priority codes"], ["Work order"]),
        ({"kind": ["entity", "code_list"]}, ["Work order", "Person alert codes"], []),
        ({"status": "deprecated"}, [], ["Work order"]),
        ({"status": "current", "kind": "entity"}, ["Damp survey"], ["Person alert codes"]),
        ({"kind": "nonsense"}, ["Work order", "Person alert codes"], []),
    ],
)
def test_version_page_search_and_filters(client, catalogue, params, expected, absent):
    response = client.get(catalogue.v2.get_absolute_url(), params)

    html = response.content.decode()
    assert response.status_code == 200
    for name in expected:
        assert f">{name}</a>" in html
    for name in absent:
        assert f">{name}</a>" not in html


def test_version_page_says_when_nothing_matches(client, catalogue):
    response = client.get(catalogue.v2.get_absolute_url(), {"q": "zebra"})

    assert b"0 components match" in response.content
    assert b"No components match your search." in response.content


def test_version_page_paginates_and_keeps_the_filters(client, steward, monkeypatch):
    from standards.browse import views as browse

    monkeypatch.setattr(browse, "PAGE_SIZE", 2)
    catalogue = build_standard(steward=steward, size=3)

    response = client.get(catalogue.v2.get_absolute_url(), {"kind": "entity", "page": 2})

    html = response.content.decode()
    assert 'class="govuk-pagination"' in html
    assert 'href="?kind=entity&amp;page=1"' in html
    assert "Showing 3 to 4." in html


def test_unknown_and_malformed_versions_are_not_found(client, catalogue):
    assert client.get("/standards/damp-and-mould/9.9.9/").status_code == 404
    assert client.get("/standards/damp-and-mould/1.0/").status_code == 404
    assert client.get("/standards/nope/1.0.0/").status_code == 404


def test_component_page_for_an_entity(client, catalogue):
    response = component_page(client, "work-order")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Work order</h1>' in html
    assert 'id="attribute-reported_at"' in html
    assert 'role="region" aria-label="Attributes of Work order"' in html
    # A reference is a link to the component it points to, by name.
    assert 'href="/standards/damp-and-mould/1.1.0/work-priority-codes/">Work priority codes' in html
    assert "List of" not in html
    assert "date and time" in html
    # Version history links every version and compares each with the one before.
    assert 'href="/standards/damp-and-mould/1.0.0/work-order/"' in html
    assert 'href="/standards/damp-and-mould/components/work-order/compare/1.0.0...1.1.0/"' in html
    assert 'href="/standards/damp-and-mould/1.1.0/work-order.schema.json"' in html


def test_component_page_shows_relationships_both_ways(client, catalogue):
    response = component_page(client, "property")

    html = response.content.decode()
    assert "No other component refers to" not in html
    assert 'href="/standards/damp-and-mould/1.1.0/work-order/#attribute-property"' in html
    assert "Property does not refer to any other component." in html


def test_component_page_for_a_hierarchical_code_list(client, catalogue):
    response = component_page(client, "person-alert-codes")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="code-MED1"' in html
    assert "app-indent-1" in html
    assert "app-indent-2" in html
    assert ", within MED1" in html
    assert '<span class="app-code">is_critical</span>: Yes' in html
    # The deprecated code is marked and names its replacement.
    assert "Deprecated</strong>" in html
    assert 'Use <span class="app-code">COM</span> instead.' in html
    positions = [
        html.index(f'id="code-{key}"') for key in ("COM", "COM1", "MED", "MED1", "MED1.00")
    ]
    assert positions == sorted(positions)


def test_unknown_component_is_not_found(client, catalogue):
    response = component_page(client, "nope")

    assert response.status_code == 404


def test_component_not_in_an_older_version_is_not_found(client, catalogue):
    response = component_page(client, "damp-survey", version="1.0.0")

    assert response.status_code == 404


def test_component_latest_redirects_to_the_published_version(client, catalogue):
    response = client.get(
        url("component_latest", standard="damp-and-mould", component="work-order")
    )

    assert response.status_code == 302
    assert response["Location"] == "/standards/damp-and-mould/1.1.0/work-order/"


def test_component_latest_for_a_component_not_published_is_not_found(client, catalogue, draft):
    ComponentVersionFactory(version=draft, component__key="brand-new")

    response = client.get(url("component_latest", standard="damp-and-mould", component="brand-new"))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/standards/damp-and-mould/latest/", "/standards/damp-and-mould/1.1.0/"),
        (
            "/standards/damp-and-mould/latest/work-order/",
            "/standards/damp-and-mould/1.1.0/work-order/",
        ),
        (
            "/standards/damp-and-mould/latest/openapi.json",
            "/standards/damp-and-mould/1.1.0/openapi.json",
        ),
        (
            "/standards/damp-and-mould/latest/work-order.schema.json",
            "/standards/damp-and-mould/1.1.0/work-order.schema.json",
        ),
        (
            "/standards/damp-and-mould/latest/?q=work&kind=entity",
            "/standards/damp-and-mould/1.1.0/?q=work&kind=entity",
        ),
    ],
)
def test_latest_redirects_to_the_current_published_version(client, catalogue, path, target):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == target


def test_latest_without_a_published_version_is_not_found(client, db):
    VersionFactory(standard__slug="unpublished")

    assert client.get("/standards/unpublished/latest/").status_code == 404


def _draft_urls(draft) -> list[str]:
    return [
        draft.get_absolute_url(),
        f"{draft.get_absolute_url()}work-order/",
        f"{draft.get_absolute_url()}openapi.json",
        "/standards/damp-and-mould/compare/1.1.0...2.0.0/",
        "/standards/damp-and-mould/compare/1.1.0...2.0.0.json",
        "/standards/damp-and-mould/components/work-order/compare/1.1.0...2.0.0/",
    ]


@pytest.mark.parametrize("who", ["anonymous", "signed_in"])
def test_drafts_are_hidden_from_everyone_but_stewards(client, draft, who):
    if who == "signed_in":
        client.force_login(UserFactory())

    for path in _draft_urls(draft):
        assert client.get(path).status_code == 404, path
    standard_page = client.get("/standards/damp-and-mould/").content.decode()
    assert "2.0.0" not in standard_page


def test_stewards_see_drafts(client, draft, steward):
    client.force_login(steward)

    for path in _draft_urls(draft):
        assert client.get(path).status_code == 200, path
    standard_page = client.get("/standards/damp-and-mould/").content.decode()
    assert '<strong class="govuk-tag govuk-tag--yellow">Draft</strong>' in standard_page
    assert b"This is a draft" in client.get(draft.get_absolute_url()).content
