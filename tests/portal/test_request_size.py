"""An oversized request is refused with a 413 page before its body is read."""

import io

import pytest
from django.test import RequestFactory

from community.models import Organisation
from portal.middleware import RequestBodyLimitMiddleware

pytestmark = pytest.mark.django_db


class UnreadableBody(io.BytesIO):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("The body was read")

    readline = read


def test_a_request_declaring_a_body_over_the_limit_is_refused_unread(settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    request = RequestFactory().post("/community/organisation/register/")
    request.META["CONTENT_LENGTH"] = "1025"
    request.META["wsgi.input"] = UnreadableBody()
    middleware = RequestBodyLimitMiddleware(lambda request: pytest.fail("The view was called"))

    response = middleware(request)

    assert response.status_code == 413
    assert "The file or form you sent is too large" in response.content.decode()


def test_an_oversized_form_is_refused_with_a_govuk_413_page_and_nothing_saved(
    client, user, settings
):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    client.force_login(user)

    response = client.post(
        "/community/organisation/register/",
        {"name": "Big Homes", "type": "other", "email_domains": "x" * 2000},
    )

    assert response.status_code == 413
    assert "govuk-template" in response.text
    assert "This service accepts up to 1.0\xa0KB at a time" in response.text
    assert not Organisation.objects.filter(name="Big Homes").exists()


def test_a_request_within_the_limit_reaches_the_view(client, user, settings):
    settings.MAX_REQUEST_BODY_BYTES = 4096
    client.force_login(user)

    response = client.post("/community/organisation/register/", {"name": "Small Homes"})

    assert response.status_code == 200


def test_upload_limits_leave_room_for_schemas_and_the_conformance_checker(settings):
    assert settings.MAX_REQUEST_BODY_BYTES >= 50 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
