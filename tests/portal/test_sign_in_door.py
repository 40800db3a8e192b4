"""allauth is the only door for signing in, resetting a password or changing an email address.

Django's and Wagtail's own versions of those views skip MFA, rate limits and email verification.
Wagtail mounts them (its front-end `/_util/login/`, the admin's login and password reset), so the
first test walks every URL pattern and checks each such view is shadowed by a redirect.
"""

import re

import pytest
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.regex_helper import normalize

from tests.community.factories import DEFAULT_PASSWORD, StewardFactory, UserFactory

# Every Django auth view that takes a password or an email address, and Wagtail's subclasses.
OTHER_DOORS = (
    auth_views.LoginView,
    auth_views.PasswordResetView,
    auth_views.PasswordResetConfirmView,
    auth_views.PasswordChangeView,
)
# Wagtail's shared page and document passwords grant sight of one page, never a session; they
# are switched off in settings (WAGTAIL_PRIVATE_PAGE_OPTIONS), which a test below checks.
SAMPLE_VALUES = ("1", "sample", "a-b")


def _is_other_door(callback) -> bool:
    view_class = getattr(callback, "view_class", None)
    return view_class is not None and issubclass(view_class, OTHER_DOORS)


def _leaves(patterns, prefix=""):
    """Every view pattern, with the regular expression of its full path."""
    for pattern in patterns:
        regex = prefix + pattern.pattern.regex.pattern.removeprefix("^")
        if isinstance(pattern, URLResolver):
            yield from _leaves(pattern.url_patterns, regex)
        elif isinstance(pattern, URLPattern):
            yield regex, pattern.callback


def _example_path(regex: str) -> str:
    """A concrete path that the pattern matches, so we can ask which view really answers it."""
    template, params = normalize(regex)[0]
    for value in SAMPLE_VALUES:
        path = template % dict.fromkeys(params, value)
        if re.match(regex, path):
            return "/" + path
    raise AssertionError(f"No example path for {regex}; add a sample value that fits it")


def test_every_url_walks_through_allauth_to_sign_in_or_change_a_password():
    doors = [(regex, callback) for regex, callback in _leaves(get_resolver().url_patterns)]
    others = [(regex, callback) for regex, callback in doors if _is_other_door(callback)]
    assert others, "The walk should find Wagtail's own sign-in views, shadowed by redirects"

    still_open = []
    for regex, callback in others:
        path = _example_path(regex)
        if _is_other_door(resolve(path).func):
            still_open.append(f"{path} ({callback.view_class.__module__})")

    assert not still_open, f"Sign-in or password views outside allauth: {still_open}"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/_util/login/?next=/community/", "/accounts/login/?next=/community/"),
        ("/admin/login/?next=/admin/pages/", "/accounts/login/?next=/admin/pages/"),
        ("/admin/password_reset/", "/accounts/password/reset/"),
        ("/admin/password_reset/confirm/MQ/a-b/", "/accounts/password/reset/"),
    ],
)
def test_wagtail_sign_in_and_password_pages_redirect_to_allauth_keeping_next(
    client, db, path, expected
):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == expected


def test_posting_a_password_to_wagtails_front_end_login_creates_no_session(client, db):
    person = UserFactory()

    response = client.post(
        "/_util/login/", {"username": person.email, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_posting_a_password_to_wagtails_admin_login_creates_no_session(client, db):
    steward = StewardFactory(is_staff=True)

    client.post("/admin/login/", {"username": steward.email, "password": DEFAULT_PASSWORD})

    assert "_auth_user_id" not in client.session


def test_wagtails_account_page_does_not_offer_to_change_email_or_password(client, db):
    steward = StewardFactory(is_superuser=True)
    client.force_login(steward)

    response = client.get("/admin/account/")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="name_email-first_name"' in content
    assert 'name="name_email-email"' not in content
    assert 'name="password-' not in content


def test_shared_page_and_document_passwords_are_switched_off(settings):
    assert settings.WAGTAIL_PRIVATE_PAGE_OPTIONS == {"SHARED_PASSWORD": False}
    assert settings.WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS == {"SHARED_PASSWORD": False}
