"""Downloads: stable URLs, ETags, conditional GET and cache headers."""

import gzip
import json
import re

import brotli
import pytest

from standards.interchange import artefacts

BASE = "/standards/damp-and-mould"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("bundle.schema.json", "application/schema+json"),
        ("openapi.json", "application/vnd.oai.openapi+json"),
        ("dictionary.csv", "text/csv; charset=utf-8"),
        ("version.json", "application/json"),
        ("work-order.schema.json", "application/schema+json"),
    ],
)
def test_published_downloads_are_cached_for_ever(client, catalogue, name, content_type):
    response = client.get(f"{BASE}/1.1.0/{name}")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"].startswith('"')
    assert response.content


def test_component_schema_describes_the_component(client, catalogue):
    schema = json.loads(client.get(f"{BASE}/1.1.0/work-order.schema.json").content)

    assert "reportedAt" in json.dumps(schema)


def test_dictionary_is_offered_as_a_file(client, catalogue):
    response = client.get(f"{BASE}/1.0.0/dictionary.csv")

    assert response["Content-Disposition"] == (
        'attachment; filename="damp-and-mould-1.0.0-dictionary.csv"'
    )


def test_matching_etag_gets_not_modified(client, catalogue):
    first = client.get(f"{BASE}/1.1.0/openapi.json")

    again = client.get(f"{BASE}/1.1.0/openapi.json", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=31536000, immutable"


def test_stale_etag_gets_the_file(client, catalogue):
    response = client.get(f"{BASE}/1.1.0/openapi.json", headers={"If-None-Match": '"stale"'})

    assert response.status_code == 200


def test_each_version_has_its_own_etag(client, catalogue):
    old = client.get(f"{BASE}/1.0.0/bundle.schema.json")
    new = client.get(f"{BASE}/1.1.0/bundle.schema.json")

    assert old["ETag"] != new["ETag"]


def test_draft_downloads_must_be_revalidated(client, catalogue, steward):
    from standards.versions.services import version_draft_create

    version_draft_create(
        actor=steward, standard=catalogue.standard, number="1.2.0", base=catalogue.v2
    )
    client.force_login(steward)

    response = client.get(f"{BASE}/1.2.0/version.json")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"


def test_download_uses_the_artefact_contract(client, catalogue, monkeypatch):
    class Fake:
        content = b"a,b\n"
        content_type = "text/csv; charset=utf-8"
        etag = "abc123"

    calls = []

    def artefact_get(*, version, name):
        calls.append((version.number, name))
        return Fake()

    monkeypatch.setattr(artefacts, "artefact_get", artefact_get)
    # Rendered on request only when nothing is stored (drafts, or published before storing).
    catalogue.v1.artefacts.all().delete()

    response = client.get(f"{BASE}/1.0.0/dictionary.csv")

    assert calls == [("1.0.0", "dictionary.csv")]
    assert response.content == b"a,b\n"
    assert response["ETag"] == '"abc123"'


@pytest.mark.parametrize(
    "path",
    [
        "/1.1.0/nope.schema.json",
        "/1.0.0/damp-survey.schema.json",
        "/9.9.9/openapi.json",
        "/1.1.0/secrets.txt",
    ],
)
def test_unknown_downloads_are_not_found(client, catalogue, path):
    assert client.get(f"{BASE}{path}").status_code == 404


def test_latest_download_redirects(client, catalogue):
    response = client.get(f"{BASE}/latest/bundle.schema.json")

    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/1.1.0/bundle.schema.json"


# Stored downloads: compressed forms, byte ranges and conditional requests.


@pytest.fixture
def stored(published_version):
    """A published version's stored dictionary, and its address."""
    artefact = published_version.artefacts.get(name="dictionary.csv")
    return artefact, f"{published_version.get_absolute_url()}dictionary.csv"


@pytest.fixture
def renders_in_memory(settings):
    settings.CACHES = {
        **settings.CACHES,
        "renders": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "download-tests",
        },
    }
    from portal.caching import renders_cache

    renders_cache().clear()
    yield
    renders_cache().clear()


@pytest.mark.parametrize(
    ("accepted", "encoding", "decode"),
    [
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("br;q=0, gzip", "gzip", gzip.decompress),
    ],
)
def test_stored_downloads_are_sent_compressed(client, stored, accepted, encoding, decode):
    artefact, url = stored

    response = client.get(url, headers={"Accept-Encoding": accepted})

    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding
    assert response["Vary"] == "Accept-Encoding"
    assert decode(response.content).decode() == artefact.content
    assert response["ETag"] == f'"{artefact.etag}-{encoding}"'


def test_without_accept_encoding_the_plain_file_is_sent(client, stored):
    artefact, url = stored

    response = client.get(url)

    assert "Content-Encoding" not in response
    assert response.content.decode() == artefact.content
    assert response["ETag"] == f'"{artefact.etag}"'
    assert response["Accept-Ranges"] == "bytes"


def test_publication_stores_the_compressed_forms(published_version):
    for artefact in published_version.artefacts.all():
        assert gzip.decompress(artefact.content_gzip).decode() == artefact.content
        assert brotli.decompress(artefact.content_br).decode() == artefact.content


def test_a_compressed_etag_gets_not_modified(client, stored):
    _, url = stored
    first = client.get(url, headers={"Accept-Encoding": "br"})

    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""


def test_if_modified_since_gets_not_modified(client, stored):
    _, url = stored
    first = client.get(url)

    again = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    earlier = client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})

    assert again.status_code == 304
    assert earlier.status_code == 200


def test_if_match_with_another_etag_fails_the_precondition(client, stored):
    _, url = stored

    assert client.get(url, headers={"If-Match": '"other"'}).status_code == 412


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-9", 0, 9),
        ("bytes=5-", 5, None),
        ("bytes=-7", -7, None),
        ("bytes=3-100000", 3, None),
    ],
)
def test_a_byte_range_gets_partial_content(client, stored, header, first, last):
    artefact, url = stored
    content = artefact.content.encode()

    response = client.get(url, headers={"Range": header, "Accept-Encoding": "br, gzip"})

    expected = content[first : None if last is None else last + 1]
    start = first if first >= 0 else len(content) + first
    assert response.status_code == 206
    assert response.content == expected
    assert "Content-Encoding" not in response
    assert response["Content-Range"] == (
        f"bytes {start}-{start + len(expected) - 1}/{len(content)}"
    )


@pytest.mark.parametrize("header", ["bytes=999999-", "bytes=-0"])
def test_an_unsatisfiable_range_gets_416(client, stored, header):
    artefact, url = stored

    response = client.get(url, headers={"Range": header})

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{artefact.size}"


@pytest.mark.parametrize("header", ["bytes=0-1,4-5", "pages=1-2", "bytes=9-3", "bytes=x-y"])
def test_other_ranges_get_the_whole_file(client, stored, header):
    artefact, url = stored

    response = client.get(url, headers={"Range": header})

    assert response.status_code == 200
    assert response.content.decode() == artefact.content


def test_if_range_with_the_current_etag_gets_the_range(client, stored):
    artefact, url = stored

    current = client.get(url, headers={"Range": "bytes=0-3", "If-Range": f'"{artefact.etag}"'})
    stale = client.get(url, headers={"Range": "bytes=0-3", "If-Range": '"stale"'})
    dated = client.get(url, headers={"Range": "bytes=0-3", "If-Range": current["Last-Modified"]})

    assert current.status_code == 206
    assert stale.status_code == 200
    assert dated.status_code == 206


def test_downloads_do_not_reread_the_content_once_served(
    client, stored, renders_in_memory, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, url = stored
    client.get(url, headers={"Accept-Encoding": "br"})

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"Accept-Encoding": "br"})

    assert response.status_code == 200
    assert len(queries) == 1
    assert not any(re.search(r'"content(_br|_gzip)?"', query["sql"]) for query in queries)


def test_a_draft_download_is_never_put_in_the_page_cache(client, catalogue, steward, settings):
    from standards.versions.services import version_draft_create

    settings.PAGE_CACHE_SECONDS = 60
    version_draft_create(
        actor=steward, standard=catalogue.standard, number="1.2.0", base=catalogue.v2
    )
    client.force_login(steward)
    response = client.get(f"{BASE}/1.2.0/version.json")

    assert response.status_code == 200
    assert getattr(response.wsgi_request, "page_cache_forbidden", False)
    assert (
        client.get(f"{BASE}/1.2.0/version.json", headers={"Range": "bytes=0-1"}).status_code == 206
    )
