"""Composing requirements from the steward's templates, and the Word and Markdown downloads."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from adoption.builder.compose import Answers, Segment, active_templates, fill, requirements_compose
from adoption.builder.documents import requirements_docx, requirements_markdown
from adoption.models import RequirementTemplate
from adoption.models.builder import AccessLevel, AppliesTo, Section, Strength
from standards.models import ComponentVersion
from tests.standards.factories import build_standard

BASE = "http://testserver"
GUIDANCE = f"{BASE}/guidance/procurement/"


@pytest.fixture
def catalogue(steward):
    return build_standard(steward=steward)


def compose(catalogue, *, keys=("work-order", "person-alert-codes"), access=3, write=False):
    components = list(
        ComponentVersion.objects.filter(version=catalogue.v2, component__key__in=keys)
        .select_related("component")
        .order_by("sort_order", "name")
    )
    return requirements_compose(
        answers=Answers(
            version=catalogue.v2,
            components=components,
            access_level=AccessLevel(access),
            write_access=write,
        ),
        templates=active_templates(),
        absolute=lambda path: f"{BASE}{path}",
        guidance_url=GUIDANCE,
    )


# The default texts ------------------------------------------------------------------------------


def test_a_fresh_database_has_valid_default_requirements(db):
    templates = list(RequirementTemplate.objects.all())

    assert len(templates) >= 20
    for template in templates:
        template.full_clean()
    sections = {template.section for template in templates}
    assert sections == set(Section.values)


# Composition ------------------------------------------------------------------------------------


def test_requirements_are_numbered_in_order_across_sections(catalogue):
    document = compose(catalogue)

    numbers = [requirement.number for requirement in document.requirements]
    assert numbers == list(range(1, len(numbers) + 1))
    assert [section.heading for section in document.sections] == [
        "Conformance to the standard",
        "Components",
        "Data access",
        "API documentation",
        "When the contract ends",
    ]
    assert document.must_count + document.should_count == len(numbers)
    assert document.should_count > 0


def test_each_requirement_names_the_exact_version_and_uses_must_or_should(catalogue):
    document = compose(catalogue)

    first = document.requirements[0]
    assert "Damp and mould 1.1.0" in first.text
    assert first.segments[-2] == Segment(
        f"{BASE}/standards/damp-and-mould/1.1.0/", url=f"{BASE}/standards/damp-and-mould/1.1.0/"
    )
    for requirement in document.requirements:
        keyword = "MUST" if requirement.strength == Strength.MUST else "SHOULD"
        assert keyword in requirement.text


def test_per_component_requirements_repeat_for_entities_and_code_lists(catalogue):
    document = compose(catalogue)

    components = next(s for s in document.sections if s.heading == "Components")
    texts = [requirement.text for requirement in components.requirements]
    assert any("Work order records" in text and "work-order.schema.json" in text for text in texts)
    assert any("Person alert codes code list" in text for text in texts)
    assert not any("Person alert codes records" in text for text in texts)


@pytest.mark.parametrize(
    ("access", "present", "absent"),
    [
        (1, ["access-on-request"], ["access-scheduled-exports", "access-read-api"]),
        (2, ["access-on-request", "access-scheduled-exports"], ["access-queued-exports"]),
        (4, ["access-immediate-exports"], ["access-read-api", "access-fair-use-limits"]),
        (5, ["access-read-api", "access-fair-use-limits"], []),
    ],
)
def test_data_access_requirements_follow_the_level(catalogue, access, present, absent):
    keys = {requirement.key for requirement in compose(catalogue, access=access).requirements}

    assert set(present) <= keys
    assert not set(absent) & keys


def test_write_access_requirements_only_when_asked_for(catalogue):
    without = {requirement.key for requirement in compose(catalogue).requirements}
    with_write = {requirement.key for requirement in compose(catalogue, write=True).requirements}

    assert "write-api" not in without
    assert {"write-api", "write-validation", "write-audit"} <= with_write


def test_a_steward_edit_changes_every_document_and_inactive_texts_are_left_out(catalogue):
    template = RequirementTemplate.objects.get(key="documentation-sharing")
    template.body = "The supplier MUST send documentation to {standard_version} adopters."
    template.save()
    RequirementTemplate.objects.filter(key="exit-deletion").update(active=False)

    document = compose(catalogue)

    texts = [requirement.text for requirement in document.requirements]
    assert "The supplier MUST send documentation to Damp and mould 1.1.0 adopters." in texts
    assert "exit-deletion" not in {requirement.key for requirement in document.requirements}
    assert template.history.count() == 2


def test_document_links_the_artefacts_and_the_guidance(catalogue):
    document = compose(catalogue)

    urls = [link.url for link in document.links]
    version_url = f"{BASE}/standards/damp-and-mould/1.1.0/"
    assert urls == [
        version_url,
        f"{version_url}bundle.schema.json",
        f"{version_url}openapi.json",
        f"{version_url}dictionary.csv",
        # Components in the version's display order.
        f"{version_url}person-alert-codes.schema.json",
        f"{version_url}work-order.schema.json",
        GUIDANCE,
    ]
    assert (
        reverse(
            "standards:download",
            kwargs={"standard": "damp-and-mould", "version": "1.1.0", "name": "openapi.json"},
        )
        in urls[2]
    )


# Placeholders -----------------------------------------------------------------------------------


def test_fill_substitutes_known_names_and_leaves_everything_else_as_typed():
    segments = fill(
        "Use {standard_version} {{ user }} {% load x %} {unknown} see {openapi_url}.",
        {"standard_version": "DM 1.1.0", "openapi_url": "https://x/openapi.json"},
    )

    assert segments == (
        Segment("Use DM 1.1.0 {{ user }} {% load x %} {unknown} see "),
        Segment("https://x/openapi.json", url="https://x/openapi.json"),
        Segment("."),
    )


def test_steward_text_is_escaped_in_html(catalogue):
    RequirementTemplate.objects.filter(key="documentation-sharing").update(
        body="The supplier MUST <script>alert(1)</script> {{ request.user }}."
    )

    requirement = next(
        r for r in compose(catalogue).requirements if r.key == "documentation-sharing"
    )

    assert "<script>" not in requirement.html()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ request.user }}." in requirement.html()


def template(**fields) -> RequirementTemplate:
    defaults = {
        "key": "test",
        "section": Section.STANDARD,
        "strength": Strength.MUST,
        "body": "The system MUST support {standard_version}.",
        "applies_to": AppliesTo.ONCE,
    }
    return RequirementTemplate(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"body": "MUST use {secret_key}."}, "body", "Remove the placeholder {secret_key}"),
        ({"body": "MUST use {{ settings }}."}, "body", "Use curly brackets only around"),
        ({"body": "MUST use {% debug %}."}, "body", "Use curly brackets only around"),
        ({"body": "MUST name {component}."}, "body", "work only in a requirement repeated"),
        ({"body": "The system supports it."}, "body", "needs the word MUST in capitals"),
        (
            {"strength": Strength.SHOULD, "body": "It MUST and SHOULD."},
            "body",
            "needs the word SHOULD in capitals, and no MUST",
        ),
        (
            {"min_access_level": 4, "max_access_level": 2},
            "max_access_level",
            "must be the same as or above the lowest",
        ),
    ],
)
def test_a_template_with_bad_wording_or_conditions_is_refused(db, fields, field, message):
    with pytest.raises(ValidationError) as error:
        template(**fields).full_clean()

    assert message in " ".join(error.value.message_dict[field])


def test_a_per_component_template_may_name_the_component(db):
    template(
        applies_to=AppliesTo.EACH_ENTITY,
        body="The system MUST hold {component} ({component_schema_url}).",
    ).full_clean()


# Word -------------------------------------------------------------------------------------------


def test_the_word_document_has_headings_and_numbered_requirements(catalogue):
    document = compose(catalogue, write=True)

    word = Document(io.BytesIO(requirements_docx(document)))

    headings = [
        (p.style.name, p.text)
        for p in word.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings == [
        ("Title", "Data requirements: Damp and mould 1.1.0"),
        ("Heading 1", "Summary of needs"),
        ("Heading 1", "Conformance to the standard"),
        ("Heading 1", "Components"),
        ("Heading 1", "Data access"),
        ("Heading 1", "Write access through an API"),
        ("Heading 1", "API documentation"),
        ("Heading 1", "When the contract ends"),
        ("Heading 1", "Links"),
    ]
    numbered = [p.text for p in word.paragraphs if re.match(r"^\d+\.\t", p.text)]
    assert len(numbered) == len(document.requirements)
    for paragraph, requirement in zip(numbered, document.requirements, strict=True):
        assert paragraph == f"{requirement.number}.\t{requirement.text}"
    assert numbered[0].startswith("1.\tThe system MUST hold, import and export data")
    assert any("SHOULD" in text for text in numbered)
    assert word.core_properties.title == "Data requirements: Damp and mould 1.1.0"


def test_the_word_documents_properties_name_the_portal_not_the_library(catalogue):
    document = compose(catalogue, write=True)

    properties = Document(io.BytesIO(requirements_docx(document))).core_properties

    assert properties.author == properties.last_modified_by == "Social housing data standards"
    assert "python-docx" not in f"{properties.author} {properties.comments}"
    assert properties.subject == document.standard_version
    assert properties.created.year >= 2026
    assert properties.created == properties.modified


def test_the_word_document_links_are_real_hyperlinks(catalogue):
    word = Document(io.BytesIO(requirements_docx(compose(catalogue))))

    targets = {
        rel.target_ref for rel in word.part.rels.values() if rel.reltype.endswith("/hyperlink")
    }
    assert f"{BASE}/standards/damp-and-mould/1.1.0/openapi.json" in targets
    assert f"{BASE}/standards/damp-and-mould/1.1.0/work-order.schema.json" in targets
    assert GUIDANCE in targets
    first = next(p for p in word.paragraphs if p.text.startswith("1.\t"))
    assert [link.url for link in first.hyperlinks] == [f"{BASE}/standards/damp-and-mould/1.1.0/"]


# Markdown ---------------------------------------------------------------------------------------


def test_the_markdown_has_headings_numbered_requirements_and_links(catalogue):
    document = compose(catalogue, access=5)

    markdown = requirements_markdown(document)

    lines = markdown.splitlines()
    assert lines[0] == "# Data requirements: Damp and mould 1.1.0"
    assert "## Data access" in lines
    assert "## Links" in lines
    numbered = [line for line in lines if re.match(r"^\d+\. ", line)]
    assert [int(line.split(".")[0]) for line in numbered] == list(
        range(1, len(document.requirements) + 1)
    )
    assert f"<{BASE}/standards/damp-and-mould/1.1.0/openapi.json>" in markdown
    assert f"- [Putting data access requirements in tender documents](<{GUIDANCE}>)" in lines


def test_markdown_keeps_steward_text_literal(catalogue):
    RequirementTemplate.objects.filter(key="documentation-sharing").update(
        body="The supplier MUST share *all* [docs](javascript:x) <b>."
    )

    markdown = requirements_markdown(compose(catalogue))

    assert r"MUST share \*all\* \[docs\](javascript:x) \<b\>." in markdown
