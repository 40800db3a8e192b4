"""Downloads: stable URLs, ETags, conditional GET and cache headers."""

import json

import pytest

from standards import artefacts

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
    from standards.services import version_draft_create

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
