"""Artefacts generated when a version is published: JSON Schema, OpenAPI, CSV and JSON.

``version_publish`` calls ``artefacts_generate`` inside its transaction, after the version is
marked published, so a failure here rolls the whole publication back and a published version
never lacks its artefacts. They are generated once and never again: a published version cannot
change, so neither can its files, and their ETags stay valid for ever.

Download views call ``artefact_get``. For a published, superseded or withdrawn version it returns
the stored row. For a draft it renders the file on the fly (an unsaved ``VersionArtefact``), so
stewards can check a draft's downloads before publishing it.
"""

import hashlib
from collections.abc import Iterable

from standards.catalogue.selectors import component_versions_for
from standards.diagrams import drawing as diagrams
from standards.exceptions import StandardsError
from standards.interchange import exporters
from standards.models import ComponentVersion, StandardVersion, VersionArtefact

JSON_SCHEMA = "application/schema+json"
JSON = "application/json"
OPENAPI = "application/vnd.oai.openapi+json"
CSV = "text/csv; charset=utf-8"

# Whole-version artefacts, in the order download lists show them.
VERSION_ARTEFACTS: dict[str, str] = {
    exporters.BUNDLE: JSON_SCHEMA,
    exporters.OPENAPI: OPENAPI,
    exporters.DICTIONARY: CSV,
    exporters.VERSION_JSON: JSON,
}


class ArtefactNotFound(StandardsError):  # noqa: N818 - reads as an outcome, like its siblings
    code = "artefact_not_found"
    default_message = "There is no download with that name for this version"


def _artefact(version: StandardVersion, name: str, content_type: str, content: str):
    encoded = content.encode("utf-8")
    return VersionArtefact(
        version=version,
        name=name,
        content_type=content_type,
        content=content,
        etag=hashlib.sha256(encoded).hexdigest(),
        size=len(encoded),
    )


def _render_version_file(
    version: StandardVersion, name: str, components: list[ComponentVersion]
) -> VersionArtefact:
    if name == exporters.BUNDLE:
        document = exporters.bundle_schema(version=version, components=components)
    elif name == exporters.OPENAPI:
        document = exporters.openapi_document(version=version, components=components)
    elif name == exporters.VERSION_JSON:
        document = exporters.version_json(version=version, components=components)
    else:
        return _artefact(version, name, CSV, exporters.dictionary_csv(components=components))
    return _artefact(version, name, VERSION_ARTEFACTS[name], exporters.dumps(document))


def _render_component_file(version: StandardVersion, component: ComponentVersion):
    return _artefact(
        version,
        f"{component.component.key}{exporters.SCHEMA_SUFFIX}",
        JSON_SCHEMA,
        exporters.dumps(exporters.component_schema(version=version, component=component)),
    )


def _render_all(
    version: StandardVersion, components: list[ComponentVersion]
) -> Iterable[VersionArtefact]:
    for name in VERSION_ARTEFACTS:
        yield _render_version_file(version, name, components)
    for component in components:
        # A component keyed "bundle" would clash with the bundle; the bundle wins.
        if f"{component.component.key}{exporters.SCHEMA_SUFFIX}" not in VERSION_ARTEFACTS:
            yield _render_component_file(version, component)
    # Relationship diagrams: the whole version's and one per component (standards.diagrams).
    for name, content_type, content in diagrams.diagram_files(version=version):
        yield _artefact(version, name, content_type, content)


def _components(version: StandardVersion) -> list[ComponentVersion]:
    return sorted(
        component_versions_for(version=version, with_members=True),
        key=lambda row: row.component.key,
    )


def artefacts_render(*, version: StandardVersion) -> list[VersionArtefact]:
    """Every artefact of a version, rendered now and not saved."""
    version = StandardVersion.objects.select_related("standard", "based_on").get(pk=version.pk)
    return list(_render_all(version, _components(version)))


def artefacts_generate(*, version: StandardVersion) -> None:
    """Generate and store every artefact of a version that has just been published.

    Does nothing if the version already has them: they are made once.
    """
    if VersionArtefact.objects.filter(version=version).exists():
        return
    VersionArtefact.objects.bulk_create(artefacts_render(version=version), batch_size=200)


def artefact_names(*, version: StandardVersion) -> list[tuple[str, str]]:
    """(name, content type) of every artefact of a version: whole-version files first."""
    keys = (
        ComponentVersion.objects.filter(version=version)
        .order_by("component__key")
        .values_list("component__key", flat=True)
    )
    return [
        *VERSION_ARTEFACTS.items(),
        *((f"{key}{exporters.SCHEMA_SUFFIX}", JSON_SCHEMA) for key in keys),
        *diagrams.diagram_file_names(keys=list(keys)),
    ]


def artefact_get(*, version: StandardVersion, name: str) -> VersionArtefact:
    """The artefact ``name`` of ``version``, with ``content``, ``content_type`` and ``etag``.

    Stored for versions that have left draft; rendered on the fly (and not saved) for drafts,
    and for versions published before artefacts were stored. Raises ``ArtefactNotFound``.
    """
    if not version.is_draft:
        stored = VersionArtefact.objects.filter(version=version, name=name).first()
        if stored is not None:
            return stored
    if name in VERSION_ARTEFACTS:
        return _render_version_file(version, name, _components(version))
    if name.endswith(exporters.SCHEMA_SUFFIX):
        key = name.removesuffix(exporters.SCHEMA_SUFFIX)
        return _render_component_schema(version, key)
    diagram = diagrams.diagram_file_render(version=version, name=name)
    if diagram is not None:
        return _artefact(version, name, *diagram)
    raise ArtefactNotFound(f"Version {version.number} has no download called “{name}”")


def _render_component_schema(version: StandardVersion, key: str) -> VersionArtefact:
    component = (
        component_versions_for(version=version, with_members=True)
        .filter(component__key=key)
        .first()
    )
    if component is None:
        raise ArtefactNotFound(f"Version {version.number} has no component called “{key}”")
    return _render_component_file(version, component)
