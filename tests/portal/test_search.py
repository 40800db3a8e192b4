import pytest
from wagtail.rich_text import RichText

from tests.portal.factories import guidance_index, guidance_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home_page):
    return guidance_index(parent=home_page)


def test_search_finds_guidance_by_words_in_its_body(client, index):
    guidance_page(
        parent=index,
        slug="tenders",
        title="Data access in tenders",
        body=[("rich_text", RichText("<p>Ask suppliers for scheduled exports.</p>"))],
    )

    response = client.get("/search/", {"q": "exports"})

    content = response.content.decode()
    assert "1 result for ‘exports’" in content
    assert "Data access in tenders" in content


def test_search_with_no_matches_suggests_how_to_improve_results(client, index):
    response = client.get("/search/", {"q": "zebra"})

    content = response.content.decode()
    assert "0 results for ‘zebra’" in content
    assert "checking your spelling" in content


def test_search_without_a_query_shows_only_the_form(client, index):
    response = client.get("/search/")

    assert response.status_code == 200
    assert "result" not in response.content.decode().split("</form>")[1]


def test_search_results_are_paginated(client, index):
    for number in range(12):
        guidance_page(parent=index, slug=f"page-{number}", title=f"Kestrel note {number}")

    first = client.get("/search/", {"q": "kestrel"}).content.decode()
    second = client.get("/search/", {"q": "kestrel", "page": 2}).content.decode()

    assert "12 results" in first
    assert first.count('<h3 class="govuk-heading-s') == 10
    assert second.count('<h3 class="govuk-heading-s') == 2
    assert 'href="?q=kestrel&amp;page=2"' in first


def test_search_does_not_show_draft_pages(client, index):
    page = guidance_page(parent=index, slug="secret", title="Unpublished adoption plan")
    page.unpublish()

    content = client.get("/search/", {"q": "unpublished"}).content.decode()

    assert "Unpublished adoption plan" not in content
