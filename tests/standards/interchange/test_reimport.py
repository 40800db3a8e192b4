"""Re-importing what the portal published, into a draft copied from that version, changes nothing.

Every download of each published demo version that an importer reads (the bundle, every
component's own schema, the OpenAPI document, ``version.json``, and the data dictionary for each
code list) goes back in; the draft must come out exactly as it went in.
"""

import pytest

from standards.choices import VersionStatus
from standards.demo import catalogue, reference
from standards.interchange import artefacts, exporters
from standards.interchange.importers import (
    code_list_parse,
    draft_fingerprint,
    json_schema_parse,
)
from standards.models import StandardVersion
from standards.versions import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_standards(steward):
    catalogue.load()
    reference.load()


def _draft_of(version: StandardVersion, steward) -> StandardVersion:
    return services.version_draft_create(
        actor=steward,
        standard=version.standard,
        number=f"{version.major + 10}.{version.minor}.{version.patch}",
        base=version,
    )


JSON_DOWNLOADS = (exporters.SCHEMA_SUFFIX, exporters.OPENAPI, exporters.VERSION_JSON)


def _json_artefacts(version: StandardVersion) -> list[str]:
    return [
        name
        for name, _content_type in artefacts.artefact_names(version=version)
        if name.endswith(JSON_DOWNLOADS)
    ]


def _published():
    return StandardVersion.objects.filter(
        status__in=[VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED]
    ).select_related("standard")


def test_every_json_download_of_every_demo_version_reimports_as_no_change(demo_standards, steward):
    versions = _published()
    assert len(versions) >= 3
    for version in versions:
        draft = _draft_of(version, steward)
        before = draft_fingerprint(version=draft)
        names = _json_artefacts(version)
        assert {exporters.BUNDLE, exporters.OPENAPI, exporters.VERSION_JSON} <= set(names)
        for name in names:
            content = artefacts.artefact_get(version=version, name=name).content
            report = services.import_apply(
                actor=steward, version=draft, plan=json_schema_parse(content, source=name)
            )

            assert report.ok, (version.number, name, report.errors)
            assert not report.has_changes, (version.number, name, report.text_lines())
            assert draft_fingerprint(version=draft) == before, (version.number, name)


def test_the_data_dictionary_reimports_as_no_change_for_every_code_list(demo_standards, steward):
    checked = 0
    for version in _published():
        draft = _draft_of(version, steward)
        before = draft_fingerprint(version=draft)
        content = artefacts.artefact_get(version=version, name=exporters.DICTIONARY).content
        for row in version.component_versions.filter(component__kind="code_list"):
            plan = code_list_parse(
                content,
                source=exporters.DICTIONARY,
                key=row.component.key,
                name=row.name,
                definition=row.definition,
            )
            report = services.import_apply(actor=steward, version=draft, plan=plan)

            assert not report.has_changes, report.text_lines()
            assert draft_fingerprint(version=draft) == before
            checked += 1
    assert checked >= 3


def test_a_component_download_updates_its_component_and_says_it_matched_by_id(
    demo_standards, steward
):
    version = StandardVersion.objects.get(standard__slug=catalogue.SLUG, minor=1)
    draft = _draft_of(version, steward)
    content = artefacts.artefact_get(version=version, name="investigation-hazard.schema.json")

    report = services.import_preview(
        version=draft,
        plan=json_schema_parse(content.content, source="investigation-hazard.schema.json"),
    )

    assert [component.key for component in report.components] == ["investigation-hazard"]
    assert [note.code for note in report.notes] == ["matched_by_id"] + ["portal_ref"] * len(
        [note for note in report.notes if note.code == "portal_ref"]
    )
    assert not [w for w in report.warnings if w.code == "external_ref"]


def test_a_renamed_file_with_a_known_title_updates_the_component_of_that_name(
    demo_standards, steward
):
    version = StandardVersion.objects.get(standard__slug=reference.SLUG)
    draft = _draft_of(version, steward)
    schema = exporters.component_schema(
        version=version,
        component=version.component_versions.get(component__key=reference.REFERENCE),
    )
    del schema["$id"]

    report = services.import_preview(
        version=draft, plan=json_schema_parse(exporters.dumps(schema), source="copy.json")
    )

    assert [component.key for component in report.components] == [reference.REFERENCE]
    assert "matched_by_title" in [note.code for note in report.notes]


def test_a_code_list_csv_without_a_label_column_keeps_the_draft_labels(demo_standards, steward):
    version = StandardVersion.objects.get(standard__slug=reference.SLUG)
    draft = _draft_of(version, steward)
    codes = version.component_versions.get(component__key=reference.ROLE_CODES).codes.all()
    content = "Code,Name\n" + "".join(f"{code.value},{code.label}\n" for code in codes)
    before = draft_fingerprint(version=draft)

    report = services.import_apply(
        actor=steward,
        version=draft,
        plan=code_list_parse(
            content,
            source="roles.csv",
            key=reference.ROLE_CODES,
            name=version.component_versions.get(component__key=reference.ROLE_CODES).name,
            definition=version.component_versions.get(
                component__key=reference.ROLE_CODES
            ).definition,
        ),
    )

    assert not report.has_changes, report.text_lines()
    assert draft_fingerprint(version=draft) == before


def test_a_code_list_whose_codes_alone_change_is_shown_as_updated(demo_standards, steward):
    version = StandardVersion.objects.get(standard__slug=reference.SLUG)
    draft = _draft_of(version, steward)
    row = version.component_versions.get(component__key=reference.ROLE_CODES)
    codes = list(row.codes.all())
    content = "Code,Label\n" + "".join(
        f"{code.value},{'Renamed' if index == 0 else code.label}\n"
        for index, code in enumerate(codes)
    )

    report = services.import_preview(
        version=draft,
        plan=code_list_parse(
            content,
            source="roles.csv",
            key=reference.ROLE_CODES,
            name=row.name,
            definition=row.definition,
        ),
    )

    (change,) = report.components
    assert change.action == "updated"
    assert change.changes == {}
    assert [(r.key, r.changes) for r in change.changed_rows] == [
        (codes[0].key, {"label": [codes[0].label, "Renamed"]})
    ]
