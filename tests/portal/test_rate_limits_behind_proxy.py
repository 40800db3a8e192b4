"""Behind a load balancer, sign-in rate limits still count each visitor separately.

TRUSTED_PROXY_COUNT (ALLAUTH_TRUSTED_PROXY_COUNT) tells allauth how many X-Forwarded-For
entries our own proxies add, so it reads the visitor's address rather than the proxy's.
"""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.community.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
LIMITED = "Too many failed login attempts"


def sign_in(client, *, email: str, password: str, visitor: str):
    # The proxy appends the address it saw, so the visitor is the last entry it adds.
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        HTTP_X_FORWARDED_FOR=visitor,
        REMOTE_ADDR=PROXY,
    )


def fail_five_times(client, *, visitor: str) -> None:
    # Different addresses each time, so only the per-client limit (5 in 5 minutes) applies.
    for attempt in range(5):
        sign_in(client, email=f"guess{attempt}@example.org", password="wrong", visitor=visitor)


def test_bad_sign_ins_from_one_visitor_do_not_lock_out_another(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    person = UserFactory()
    fail_five_times(client, visitor="203.0.113.1")

    response = sign_in(client, email=person.email, password=DEFAULT_PASSWORD, visitor="203.0.113.2")

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == person.pk


def test_bad_sign_ins_from_one_visitor_are_still_limited(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    person = UserFactory()
    fail_five_times(client, visitor="203.0.113.1")

    response = sign_in(client, email=person.email, password=DEFAULT_PASSWORD, visitor="203.0.113.1")

    assert LIMITED in response.text
    assert "_auth_user_id" not in client.session


def test_a_visitor_cannot_dodge_the_limit_by_forging_x_forwarded_for(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    person = UserFactory()
    fail_five_times(client, visitor="203.0.113.1")

    # A forged entry comes before the one our proxy appends, so it is ignored.
    response = sign_in(
        client, email=person.email, password=DEFAULT_PASSWORD, visitor="198.51.100.7, 203.0.113.1"
    )

    assert LIMITED in response.text


def test_the_trusted_proxy_settings_are_read_from_the_environment():
    script = (
        "from django.conf import settings as s; "
        "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    env = {**os.environ, "TRUSTED_PROXY_COUNT": "2", "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"

    result = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )

    assert result.stdout.split() == ["2", "X-Real-IP"]
