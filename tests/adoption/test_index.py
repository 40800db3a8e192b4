import pytest

from tests.community.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("signed_in", [False, True])
def test_adoption_page_links_each_tool(client, signed_in):
    if signed_in:
        client.force_login(UserFactory())

    html = client.get("/adoption/").content.decode()

    assert 'href="/adoption/check/"' in html
    assert 'href="/adoption/requirements/"' in html
    assert 'href="/adoption/register/"' in html


def test_site_navigation_links_the_adoption_tools(client):
    html = client.get("/adoption/").content.decode()

    assert 'href="/adoption/" aria-current="true"' in html
