"""Signed-out use of the checker is rate limited per visitor; hostile files get a 4xx in JSON.

A refusal is a 429 that says when to try again (and sets Retry-After), sent before the upload
is read. Visitors behind our proxies are counted by their own address, as sign-in is.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.adoption.checker.test_catalogue import HEADER, build_checker_standard
from tests.community.factories import UserFactory

pytestmark = pytest.mark.django_db

API = reverse("adoption:checker_api")
GOOD = "WO-1,EMG,open,12.5,2026-01-01T09:00:00Z,,true,2,,,,"
PROXY = "10.0.0.5"


@pytest.fixture
def repairs(steward):
    return build_checker_standard(steward=steward)


@pytest.fixture
def two_a_minute(settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "checker": "2/m/ip"}


def api_post(client, repairs, *, name="orders.csv", content=None, **extra):
    content = f"{HEADER}\n{GOOD}\n".encode() if content is None else content
    return client.post(
        API,
        {
            "standard": "repairs",
            "version": repairs.version.number,
            "component": "work-order",
            "file": SimpleUploadedFile(name, content),
        },
        **extra,
    )


def form_post(client, repairs):
    url = reverse(
        "adoption:checker_upload", kwargs={"standard": "repairs", "number": repairs.version.number}
    )
    upload = SimpleUploadedFile("orders.csv", f"{HEADER}\n{GOOD}\n".encode())
    return client.post(url, {"component": repairs.order.pk, "file": upload})


def test_the_api_refuses_a_signed_out_visitor_over_the_limit_with_a_429(
    client, repairs, two_a_minute
):
    for _ in range(2):
        assert api_post(client, repairs).status_code == 200

    response = api_post(client, repairs)

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    error = response.json()["error"]
    assert error["code"] == "rate_limited"
    assert error["message"].startswith("You have checked too many files in a short time. ")
    assert "Try again in " in error["message"]


def test_the_upload_page_refuses_a_signed_out_visitor_over_the_limit_with_a_429(
    client, repairs, two_a_minute
):
    for _ in range(2):
        assert form_post(client, repairs).status_code == 200

    response = form_post(client, repairs)

    assert response.status_code == 429
    assert "Retry-After" in response
    assert "There is a problem" in response.text
    assert "You have checked too many files in a short time. Try again in" in response.text
    assert "Select a component" not in response.text


def test_visitors_behind_the_proxy_are_counted_apart(client, repairs, two_a_minute, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for _ in range(2):
        api_post(client, repairs, HTTP_X_FORWARDED_FOR="203.0.113.1", REMOTE_ADDR=PROXY)

    limited = api_post(client, repairs, HTTP_X_FORWARDED_FOR="203.0.113.1", REMOTE_ADDR=PROXY)
    other = api_post(client, repairs, HTTP_X_FORWARDED_FOR="203.0.113.2", REMOTE_ADDR=PROXY)

    assert limited.status_code == 429
    assert other.status_code == 200


def test_signed_in_people_are_not_limited(client, repairs, two_a_minute):
    client.force_login(UserFactory())

    statuses = {api_post(client, repairs).status_code for _ in range(3)}

    assert statuses == {200}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep.json", b'[{"a":' + b"[" * 50_000),
        ("deep.ndjson", b'[{"a":' + b"[" * 50_000),
        ("deep.ndjson", b'{"a":1}\n{"a":' + b"{" * 50_000),
    ],
)
def test_deep_json_gets_a_400_in_json_from_the_api(client, repairs, name, content):
    response = api_post(client, repairs, name=name, content=content)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "too_deep"
    assert (
        "Upload a file with records nested 32 levels deep or fewer"
        in (response.json()["error"]["message"])
    )


def test_a_20_mb_header_gets_a_short_refusal(client, repairs):
    response = api_post(client, repairs, content=b"x," * (10 * 1024 * 1024))

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "line_too_long"
    assert len(response.content) < 1000
