import json

import jsonschema
import pytest

from standards.exceptions import StandardsError
from standards.interchange.artefacts import (
    ArtefactNotFound,
    artefact_get,
    artefact_names,
    artefacts_generate,
)
from standards.models import VersionArtefact

EXPECTED = {
    "bundle.schema.json",
    "openapi.json",
    "dictionary.csv",
    "version.json",
}


def test_publishing_stores_every_artefact(published_version):
    names = set(published_version.artefacts.values_list("name", flat=True))

    keys = _keys(published_version)
    # The relationship diagrams (standards.diagrams): the whole version's and each component's.
    diagrams = {"diagram.svg", "diagram.dot", "diagram.mmd", "diagram.json"} | {
        f"{key}.diagram.{suffix}" for key in keys for suffix in ("svg", "json")
    }
    assert names == EXPECTED | {f"{key}.schema.json" for key in keys} | diagrams
    assert names == {name for name, _ in artefact_names(version=published_version)}


def _keys(version):
    return set(version.component_versions.values_list("component__key", flat=True))


def test_stored_artefact_has_sha256_etag_and_size(published_version):
    artefact = published_version.artefacts.get(name="openapi.json")

    assert len(artefact.etag) == 64
    assert artefact.size == len(artefact.content.encode())
    assert artefact.content_type == "application/vnd.oai.openapi+json"


def test_stored_schemas_pass_metaschema(published_version):
    for artefact in published_version.artefacts.filter(name__endswith=".schema.json"):
        jsonschema.Draft202012Validator.check_schema(json.loads(artefact.content))


def test_artefacts_are_not_regenerated(published_version):
    before = list(published_version.artefacts.values_list("pk", "etag", "created_at"))

    artefacts_generate(version=published_version)

    assert list(published_version.artefacts.values_list("pk", "etag", "created_at")) == before


def test_stored_artefact_cannot_be_changed(published_version):
    artefact = published_version.artefacts.first()
    artefact.content = "changed"

    with pytest.raises(StandardsError):
        artefact.save()
    with pytest.raises(StandardsError):
        published_version.artefacts.update(content="changed")


def test_artefact_get_returns_stored_row_for_published_version(published_version):
    artefact = artefact_get(version=published_version, name="version.json")

    assert artefact.pk is not None


def test_artefact_get_renders_draft_without_saving(draft_with_contents):
    artefact = artefact_get(version=draft_with_contents, name="bundle.schema.json")

    assert artefact.pk is None
    assert json.loads(artefact.content)["$defs"]
    assert VersionArtefact.objects.count() == 0


def test_artefact_get_renders_one_component_of_a_draft(draft_with_contents):
    key = draft_with_contents.component_versions.first().component.key

    artefact = artefact_get(version=draft_with_contents, name=f"{key}.schema.json")

    assert json.loads(artefact.content)["$id"].endswith(f"/{key}.schema.json")


@pytest.mark.parametrize("name", ["nothing.txt", "missing.schema.json"])
def test_unknown_artefact_is_not_found(draft_with_contents, name):
    with pytest.raises(ArtefactNotFound):
        artefact_get(version=draft_with_contents, name=name)


def test_draft_etag_is_stable_until_it_changes(draft_with_contents):
    first = artefact_get(version=draft_with_contents, name="dictionary.csv").etag

    assert artefact_get(version=draft_with_contents, name="dictionary.csv").etag == first
