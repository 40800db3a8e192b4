import pytest

pytestmark = pytest.mark.django_db


def test_404_page_is_in_govuk_style(client, home_page):
    response = client.get("/no-such-page/")

    content = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in content
    assert "govuk-footer" in content


@pytest.mark.urls("tests.portal.error_urls")
def test_403_page_invites_anonymous_people_to_sign_in(client, home_page):
    response = client.get("/forbidden/")

    content = response.content.decode()
    assert response.status_code == 403
    assert "You do not have permission to view this page" in content
    assert "/accounts/login/?next=/forbidden/" in content


@pytest.mark.urls("tests.portal.error_urls")
def test_500_page_is_in_govuk_style(client, home_page):
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
