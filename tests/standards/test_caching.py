"""Cached catalogue pages follow the versions' status, and drafts are never cached."""

import pytest
from django.test import Client

from portal import caching
from standards.versions.services import version_draft_create, version_withdraw

BASE = "/standards/damp-and-mould"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    # Tests run in one transaction, so the shared generation is never bumped on commit: this
    # thread's own generation, bumped by each write, must not expire mid-test.
    settings.PAGE_CACHE_GENERATION_SECONDS = 3600
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "renders": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "standards-cache-tests",
        },
    }
    caching._local.__dict__.clear()
    caching.renders_cache().clear()
    yield
    caching.renders_cache().clear()
    caching._local.__dict__.clear()


PAGES = [
    f"{BASE}/",
    f"{BASE}/1.1.0/",
    f"{BASE}/1.1.0/work-order/",
    f"{BASE}/compare/1.0.0...1.1.0/",
]


@pytest.mark.django_db
def test_published_pages_are_served_from_the_cache(
    client, page_cache, catalogue, django_assert_num_queries
):
    for path in PAGES:
        first = client.get(path)
        with django_assert_num_queries(0):
            again = Client().get(path)
        assert again.status_code == first.status_code == 200
        assert again.content == first.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "marker"),
    [
        (f"{BASE}/", '<strong class="govuk-tag govuk-tag--red">Withdrawn</strong>'),
        (f"{BASE}/1.1.0/", "Version 1.1.0 has been withdrawn: A mistake in the codes"),
        (f"{BASE}/1.1.0/work-order/", "Version 1.1.0 has been withdrawn: A mistake in the codes"),
    ],
)
def test_withdrawing_a_version_changes_its_cached_pages(
    client, page_cache, catalogue, steward, path, marker
):
    before = client.get(path).content.decode()

    version_withdraw(actor=steward, version=catalogue.v2, reason="A mistake in the codes")

    after = client.get(path).content.decode()
    assert marker not in before
    assert marker in after


@pytest.mark.django_db
def test_a_draft_page_is_never_cached_even_for_someone_allowed_to_see_it(
    client, page_cache, catalogue, steward, monkeypatch, django_assert_max_num_queries
):
    version_draft_create(
        actor=steward, standard=catalogue.standard, number="1.2.0", base=catalogue.v2
    )
    # Even if drafts were opened to everyone, their pages must not be kept.
    monkeypatch.setattr("standards.catalogue.lookups.can_see_drafts", lambda request: True)
    monkeypatch.setattr("standards.browse.views.can_see_drafts", lambda request: True)

    for path in (f"{BASE}/1.2.0/", f"{BASE}/1.2.0/work-order/", f"{BASE}/"):
        first = client.get(path)
        second = Client().get(path)
        assert first.status_code == second.status_code == 200
        assert first.wsgi_request.page_cache_forbidden
        assert second.wsgi_request.page_cache_forbidden


@pytest.mark.django_db
def test_a_draft_is_not_served_to_a_visitor_after_a_steward_saw_it(
    client, page_cache, catalogue, steward
):
    version_draft_create(
        actor=steward, standard=catalogue.standard, number="1.2.0", base=catalogue.v2
    )
    client.force_login(steward)
    assert client.get(f"{BASE}/1.2.0/").status_code == 200
    assert "1.2.0" in client.get(f"{BASE}/").content.decode()

    assert Client().get(f"{BASE}/1.2.0/").status_code == 404
    assert "1.2.0" not in Client().get(f"{BASE}/").content.decode()
