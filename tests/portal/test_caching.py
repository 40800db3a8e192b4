"""Whole-page caching for signed-out visitors (portal.caching.PageCacheMiddleware)."""

import base64
import hashlib
import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory

from portal import caching
from tests.portal.factories import guidance_index, guidance_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    """The page cache as production has it, in memory, starting empty."""
    settings.PAGE_CACHE_SECONDS = 60
    # Tests run in one transaction, so the shared generation is never bumped on commit: this
    # thread's own generation, bumped by each write, must not expire mid-test.
    settings.PAGE_CACHE_GENERATION_SECONDS = 3600
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "renders": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "page-cache-tests",
        },
    }
    caching._local.__dict__.clear()
    caching.renders_cache().clear()
    yield
    caching.renders_cache().clear()
    caching._local.__dict__.clear()


@pytest.fixture
def guidance(home_page):
    index = guidance_index(parent=home_page)
    return index, guidance_page(parent=index)


def _served_from_cache(client, path, django_assert_num_queries, **kwargs):
    """The response, asserting it came from the cache: no query at all."""
    with django_assert_num_queries(0):
        return client.get(path, **kwargs)


def test_a_signed_out_page_is_cached_with_the_same_headers(
    client, page_cache, guidance, django_assert_num_queries
):
    first = client.get("/guidance/")

    again = _served_from_cache(Client(), "/guidance/", django_assert_num_queries)

    assert again.status_code == 200
    assert again.content == first.content
    assert dict(again.headers) == dict(first.headers)
    assert again.cookies.keys() == first.cookies.keys()
    assert "Content-Security-Policy" in again.headers


def test_the_inline_script_is_allowed_by_its_hash_not_a_nonce(client, guidance):
    response = client.get("/")

    content = response.content.decode()
    policy = response.headers["Content-Security-Policy"]
    scripts = re.findall(r"<script>(.*?)</script>", content)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert "nonce" not in policy


def test_a_cached_page_never_shows_a_signed_in_header(client, page_cache, guidance, user):
    anonymous = client.get("/").content.decode()
    client.force_login(user)

    signed_in = client.get("/").content.decode()

    assert ">Sign in<" in anonymous
    assert "Sign out" not in anonymous
    assert "Sign out" in signed_in
    assert ">Sign in<" not in signed_in


def test_a_signed_in_page_is_never_stored(client, page_cache, guidance, user):
    client.force_login(user)
    client.get("/")

    content = Client().get("/").content.decode()

    assert "Sign out" not in content
    assert "Your account" not in content


def test_a_visitor_with_a_session_is_never_served_a_cached_page(
    client, page_cache, guidance, user, django_assert_max_num_queries
):
    Client().get("/guidance/")
    client.force_login(user)

    response = client.get("/guidance/")

    assert "Sign out" in response.content.decode()


def _messages_cookie(text: str) -> str:
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    return storage._encode([Message(constants.SUCCESS, text)])


def test_messages_are_shown_to_their_visitor_only(client, page_cache, guidance):
    Client().get("/guidance/")
    client.cookies["messages"] = _messages_cookie("Your secret was saved")

    mine = client.get("/guidance/").content.decode()
    theirs = Client().get("/guidance/").content.decode()

    assert "Your secret was saved" in mine
    assert "Your secret was saved" not in theirs


def test_a_message_added_while_rendering_keeps_the_page_out_of_the_cache(rf, page_cache):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages import add_message
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.http import HttpResponse

    request = rf.get("/")
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    add_message(request, constants.INFO, "For you alone")

    assert not caching._cacheable(request, HttpResponse("page"))


def test_pages_with_a_csrf_token_are_never_shared(page_cache, home_page):
    first, second = Client(), Client()

    one = first.get("/accounts/signup/")
    two = second.get("/accounts/signup/")

    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert one.status_code == two.status_code == 200
    assert "csrftoken" in one.cookies
    assert "csrftoken" in two.cookies
    assert token.search(one.content.decode())[1] != token.search(two.content.decode())[1]
    assert one.cookies["csrftoken"].value != two.cookies["csrftoken"].value


def test_a_page_that_used_the_csp_nonce_is_not_stored(rf, page_cache):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.utils.csp import LazyNonce

    request = rf.get("/")
    request.user = AnonymousUser()
    request._csp_nonce = LazyNonce()
    str(request._csp_nonce)

    assert not caching._cacheable(request, HttpResponse("page"))


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("Cache-Control", "private"),
        ("Cache-Control", "no-store"),
        ("Vary", "Accept-Language"),
    ],
)
def test_private_or_varying_responses_are_not_stored(rf, page_cache, header, value):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    request = rf.get("/")
    request.user = AnonymousUser()
    response = HttpResponse("page")
    response[header] = value

    assert not caching._cacheable(request, response)


def test_a_forbidden_or_cookie_setting_response_is_not_stored(rf, page_cache):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    request = rf.get("/")
    request.user = AnonymousUser()
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("seen", "1")
    assert not caching._cacheable(request, with_cookie)
    caching.forbid_page_cache(request)
    assert not caching._cacheable(request, HttpResponse("page"))


def test_a_write_retires_cached_pages(client, page_cache, guidance):
    _index, page = guidance
    client.get("/guidance/about/")
    page.title = "About this portal, rewritten"
    page.save_revision().publish()

    content = client.get("/guidance/about/").content.decode()

    assert "About this portal, rewritten" in content


def test_a_signed_in_form_post_retires_cached_pages(client, page_cache, guidance, user):
    client.force_login(user)
    before = caching.generation()

    client.post("/account/", {})

    assert caching.generation() != before


def test_an_anonymous_post_that_writes_nothing_keeps_cached_pages(client, page_cache, guidance):
    before = caching.generation()

    client.post("/accounts/login/", {"login": "nobody@example.com", "password": "wrong-one"})

    assert caching.generation() == before


def test_query_strings_and_encodings_are_cached_apart(rf, page_cache):
    plain = rf.get("/standards/?page=1")
    other = rf.get("/standards/?page=2")
    brotli = rf.get("/standards/?page=1", headers={"Accept-Encoding": "gzip, br"})

    keys = {caching._page_key(request, 7) for request in (plain, other, brotli)}

    assert len(keys) == 3


@pytest.mark.parametrize(
    ("accepted", "expected"),
    [
        ("", "identity"),
        ("gzip", "gzip"),
        ("gzip, deflate, br", "br"),
        ("br;q=0, gzip", "gzip"),
        ("br;q=0.5", "br"),
        ("*", "br"),
        ("gzip;q=nonsense", "identity"),
    ],
)
def test_accepted_encoding(rf, accepted, expected):
    request = rf.get("/", headers={"Accept-Encoding": accepted} if accepted else {})

    assert caching.accepted_encoding(request) == expected


def test_conditional_requests_go_to_the_view(
    client, page_cache, guidance, django_assert_max_num_queries
):
    client.get("/guidance/")

    response = Client().get("/guidance/", headers={"If-None-Match": '"anything"'})

    assert response.status_code == 200


def test_caching_is_off_unless_configured(client, guidance, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/guidance/")
    page = guidance[1]
    page.title = "Changed without a signal reaching the cache"
    type(page).objects.filter(pk=page.pk).update(title=page.title)

    assert page.title in client.get("/guidance/about/").content.decode()


def test_template_revision_is_stable_and_short():
    assert caching.template_revision() == caching.template_revision()
    assert len(caching.template_revision()) == 12


# Signed-in people's own copies (portal.caching.SignedInPageCacheMiddleware).


def test_a_signed_in_page_is_kept_for_its_owner(
    client, page_cache, guidance, user, django_assert_max_num_queries
):
    client.force_login(user)
    first = client.get("/guidance/")

    # The session and the user are still read, so a signed-out person never gets the copy.
    with django_assert_max_num_queries(2):
        again = client.get("/guidance/")

    assert again.content == first.content
    assert dict(again.headers) == dict(first.headers)
    assert "Sign out" in again.content.decode()


def test_nobody_is_served_another_persons_page(page_cache, home_page):
    from tests.community.factories import UserFactory

    alice, bob = UserFactory(email="alice@example.org"), UserFactory(email="bob@example.org")
    alices, bobs = Client(), Client()
    alices.force_login(alice)
    bobs.force_login(bob)

    alices.get("/account/")
    first = alices.get("/account/").content.decode()
    second = bobs.get("/account/").content.decode()

    assert "alice@example.org" in first
    assert "bob@example.org" in second
    assert "alice@example.org" not in second


def test_signing_out_drops_the_signed_in_copy(client, page_cache, guidance, user):
    client.force_login(user)
    client.get("/guidance/")
    client.logout()

    content = client.get("/guidance/").content.decode()

    assert ">Sign in<" in content
    assert "Sign out" not in content


def test_a_change_of_permissions_retires_signed_in_copies(
    client, page_cache, home_page, user, django_assert_max_num_queries
):
    from django.contrib.auth.models import Group

    from community.permissions import STEWARDS_GROUP

    client.force_login(user)
    client.get("/account/")
    with django_assert_max_num_queries(2):
        before = client.get("/account/").content.decode()

    user.groups.add(Group.objects.get_or_create(name=STEWARDS_GROUP)[0])

    assert "Steward tasks" not in before
    assert "Steward tasks" in client.get("/account/").content.decode()


def test_pending_messages_reach_a_signed_in_person(client, page_cache, guidance, user):
    client.force_login(user)
    client.get("/guidance/")
    client.cookies["messages"] = _messages_cookie("Your vote was counted")

    assert "Your vote was counted" in client.get("/guidance/").content.decode()


def test_only_listed_views_are_kept_for_signed_in_people(rf, page_cache):
    from django.http import HttpResponse
    from django.urls import resolve

    request = rf.get("/accounts/email/")
    request.resolver_match = resolve("/accounts/email/")
    request.session = type("Session", (dict,), {"modified": False})()

    assert not caching._signed_in_cacheable(request, HttpResponse("page"))
