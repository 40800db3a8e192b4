"""The component table guidance block, and the component guidance demo pages that use it."""

import pytest
from wagtail import blocks

from portal.blocks import GuidanceStreamBlock
from portal.models import GuidanceIndexPage, GuidancePage
from standards.catalogue.blocks import ComponentTableBlock
from standards.demo import guidance as demo_guidance
from standards.versions.services import version_draft_create
from tests.portal.factories import guidance_index
from tests.standards.factories import ComponentVersionFactory


def render(value: dict) -> str:
    block = ComponentTableBlock()
    return block.render(block.to_python(value))


def value(component="work-order", show="attributes", **extra) -> dict:
    return {"standard": "damp-and-mould", "component": component, "show": show, **extra}


def test_attributes_table_comes_from_the_current_published_version(catalogue):
    html = render(value())

    assert 'aria-label="Attributes of Work order"' in html
    assert "Work order, version 1.1.0" in html
    # reportedAt was added in 1.1.0, so the table is not 1.0.0's.
    assert "reportedAt" in html
    assert 'href="/standards/damp-and-mould/1.1.0/work-order/"' in html
    # Anchors belong to the component page; a guidance page may embed several tables.
    assert 'id="attribute-' not in html


def test_codes_table_shows_the_hierarchy_and_the_custom_caption(catalogue):
    html = render(value("person-alert-codes", "codes", caption="Alert codes"))

    assert "Alert codes</caption>" in html
    assert "app-indent-1" in html
    assert "Deprecated" in html


def test_a_draft_never_reaches_guidance(catalogue, steward):
    draft = version_draft_create(
        actor=steward, standard=catalogue.standard, number="2.0.0", base=catalogue.v2
    )
    draft.component_versions.get(component__key="work-order").attributes.filter(
        key="reported_at"
    ).delete()

    assert "reportedAt" in render(value())


def test_component_missing_from_the_published_version_says_so(catalogue, steward):
    draft = version_draft_create(
        actor=steward, standard=catalogue.standard, number="2.0.0", base=catalogue.v2
    )
    ComponentVersionFactory(version=draft, component__key="future-thing")

    html = render(value("future-thing"))

    assert "govuk-inset-text" in html
    assert "is not in version 1.1.0, the current version" in html


def test_standard_without_a_published_version_says_so(db):
    html = render({"standard": "nope", "component": "x", "show": "codes"})

    assert "has no published version yet" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (value() | {"standard": "nope"}, "standard", "There is no standard with that short name"),
        (value("nope"), "component", "has no component with that key"),
        (value("person-alert-codes", "attributes"), "show", "Choose codes for a code list"),
        (value("work-order", "codes"), "show", "Choose codes for a code list"),
    ],
)
def test_clean_refuses_what_cannot_be_shown(catalogue, data, field, message):
    block = ComponentTableBlock()

    with pytest.raises(blocks.StructBlockValidationError) as error:
        block.clean(block.to_python(data))

    assert message in str(error.value.block_errors[field])


def test_clean_accepts_a_matching_component(catalogue):
    block = ComponentTableBlock()

    cleaned = block.clean(block.to_python(value("person-alert-codes", "codes")))

    assert cleaned["component"] == "person-alert-codes"


def test_guidance_pages_can_use_the_block():
    assert isinstance(GuidanceStreamBlock().child_blocks["component_table"], ComponentTableBlock)


def test_demo_guidance_builds_the_three_page_pattern_idempotently(catalogue, home_page, client):
    guidance_index(parent=home_page)

    demo_guidance.load()
    demo_guidance.load()

    section = GuidanceIndexPage.objects.get(slug="components")
    assert section.title == "Standard components"
    for key in ("person-alert-codes", "work-order"):
        index = GuidanceIndexPage.objects.child_of(section).get(slug=key)
        pages = GuidancePage.objects.child_of(index)
        assert sorted(pages.values_list("slug", flat=True)) == [
            "making-the-case",
            "summary",
            "technical-guidance",
        ]
        assert all(page.revisions.count() == 1 for page in pages)
    response = client.get("/guidance/components/person-alert-codes/technical-guidance/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Do not copy person alert details onto work orders" in html
    assert 'aria-label="Codes in Person alert codes"' in html
    work_order = client.get("/guidance/components/work-order/technical-guidance/")
    assert b"reportedAt" in work_order.content


def test_demo_guidance_skips_without_a_guidance_section(db):
    demo_guidance.load()

    assert not GuidanceIndexPage.objects.filter(slug="components").exists()
