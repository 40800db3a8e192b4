"""Diagram pages and downloads, the component page's stored diagram, the guidance block, and
the Reference demo standard with its guidance pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail import blocks

from portal.blocks import GuidanceStreamBlock
from portal.models import GuidanceIndexPage, GuidancePage
from standards.choices import DataType
from standards.demo import guidance as demo_guidance
from standards.demo import reference as demo_reference
from standards.demo import reference_guidance as demo_reference_guidance
from standards.diagrams import drawing as diagrams
from standards.diagrams.blocks import ComponentDiagramBlock
from standards.models import Attribute, Code, ComponentVersion, StandardVersion, VersionArtefact
from standards.templatetags import diagrams as diagram_tags
from standards.versions.services import version_draft_create
from tests.community.factories import ConvenerFactory, MembershipFactory, UserFactory
from tests.portal.factories import guidance_index
from tests.standards.factories import (
    AttributeFactory,
    ComponentVersionFactory,
    VersionFactory,
    publish_with_four_eyes,
)

BASE = "/standards/damp-and-mould"


@pytest.fixture
def draft(catalogue, steward) -> StandardVersion:
    return version_draft_create(
        actor=steward, standard=catalogue.standard, number="2.0.0", base=catalogue.v2
    )


def _as(client, who: str, steward):
    users = {
        "anonymous": None,
        "signed-in": lambda: UserFactory(),
        "member": lambda: MembershipFactory().user,
        "convener": lambda: ConvenerFactory().user,
        "steward": lambda: steward,
    }
    if users[who] is not None:
        client.force_login(users[who]())
    return client


WHO = ["anonymous", "signed-in", "member", "convener", "steward"]


@pytest.mark.parametrize("who", WHO)
def test_everyone_sees_a_published_versions_diagram(client, catalogue, steward, who):
    response = _as(client, who, steward).get(f"{BASE}/1.1.0/diagram/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert 'role="img" aria-labelledby="diagram-title diagram-desc"' in html
    assert "The diagram shows 6 components and 3 links between them." in html
    for name in ("diagram.svg", "diagram.dot", "diagram.mmd", "diagram.json"):
        assert f'href="{BASE}/1.1.0/{name}" download' in html
    assert "Every link in the diagram, by component" in html


@pytest.mark.parametrize(("who", "status"), [*((who, 404) for who in WHO[:-1]), ("steward", 200)])
def test_only_stewards_see_a_drafts_diagram(client, draft, steward, who, status):
    response = _as(client, who, steward).get(f"{BASE}/2.0.0/diagram/")

    assert response.status_code == status


def test_version_page_links_to_its_diagram(client, catalogue):
    response = client.get(f"{BASE}/1.1.0/")

    assert f'href="{BASE}/1.1.0/diagram/"' in response.content.decode()


def test_too_large_version_offers_the_dot_file_instead(client, steward, monkeypatch):
    monkeypatch.setattr(diagrams, "MAX_DRAWN_COMPONENTS", 2)
    from tests.standards.factories import build_standard

    build_standard(steward=steward)

    html = client.get(f"{BASE}/1.1.0/diagram/").content.decode()

    assert 'aria-labelledby="diagram-title' not in html
    assert "too many to draw as one diagram" in html
    assert f'href="{BASE}/1.1.0/diagram.dot" download' in html
    assert f'href="{BASE}/1.1.0/diagram.svg"' not in html


def test_downloads_serve_stored_diagrams_as_immutable_files(client, catalogue):
    svg = client.get(f"{BASE}/1.1.0/diagram.svg")
    dot = client.get(f"{BASE}/1.1.0/diagram.dot")
    component = client.get(f"{BASE}/1.1.0/work-order.diagram.svg")

    assert svg["Content-Type"] == "image/svg+xml"
    assert "immutable" in svg["Cache-Control"]
    assert dot["Content-Type"] == "text/vnd.graphviz; charset=utf-8"
    body = b"".join(dot.streaming_content) if dot.streaming else dot.content
    assert body.startswith(b"digraph relationships")
    assert component.status_code == 200
    assert client.get(f"{BASE}/1.1.0/nothing.diagram.svg").status_code == 404
    assert client.get(f"{BASE}/1.1.0/diagram.png").status_code == 404


def test_draft_diagram_downloads_are_drawn_for_stewards_only(client, draft, steward):
    assert client.get(f"{BASE}/2.0.0/diagram.mmd").status_code == 404
    client.force_login(steward)

    response = client.get(f"{BASE}/2.0.0/diagram.mmd")

    assert response.status_code == 200
    assert not VersionArtefact.objects.filter(version=draft).exists()


# The component page ------------------------------------------------------------------------


def test_component_page_shows_its_diagram_beside_the_relationships(client, catalogue):
    html = client.get(f"{BASE}/1.1.0/work-order/").content.decode()

    diagram = html.index('aria-labelledby="diagram-title diagram-desc"')
    assert html.index('id="relationships"') < diagram < html.index("Referred to by")
    assert (
        "The diagram shows 3 components and 2 links between them. Work order refers to "
        "2 components and is referred to by 0 components."
    ) in html
    assert f'href="{BASE}/1.1.0/work-order.diagram.svg" download' in html
    assert f'href="{BASE}/1.1.0/diagram/"' in html


def test_published_component_page_reads_the_stored_diagram(client, catalogue, monkeypatch):
    def not_drawn(**kwargs):
        raise AssertionError("a published version's diagram is read, not drawn")

    monkeypatch.setattr(diagrams, "version_diagram", not_drawn)
    monkeypatch.setattr(diagrams, "diagrams_svg", not_drawn)

    response = client.get(f"{BASE}/1.1.0/property/")

    assert response.status_code == 200
    assert b'aria-labelledby="diagram-title diagram-desc"' in response.content


def test_component_page_diagram_adds_one_query(client, catalogue, monkeypatch):
    path = f"{BASE}/1.1.0/work-order/"
    with CaptureQueriesContext(connection) as with_diagram:
        client.get(path)
    monkeypatch.setattr(diagram_tags, "diagram_for_page", lambda **kwargs: None)
    with CaptureQueriesContext(connection) as without:
        client.get(path)

    assert len(with_diagram) - len(without) == 1


def test_component_page_lists_inferred_links_as_a_guess(client, steward):
    version = VersionFactory(standard__slug="repairs")
    order = ComponentVersionFactory(version=version, component__key="work-order", name="Order")
    ComponentVersionFactory(version=version, component__key="tenancy", name="Tenancy")
    AttributeFactory(component_version=order, key="tenancy_id", data_type=DataType.INTEGER)
    publish_with_four_eyes(actor=steward, version=version)

    html = client.get("/standards/repairs/1.0.0/work-order/").content.decode()

    assert "Inferred from attribute names" in html
    assert "The standard does not say" in html
    assert "1 of them inferred from attribute names ending in _id (dashed lines)" in html
    assert '<strong class="govuk-tag govuk-tag--grey">Inferred</strong>' in html


def test_component_names_are_escaped_on_the_page(client, steward):
    version = VersionFactory(standard__slug="repairs")
    hostile = '<img src=x onerror="alert(1)">'
    order = ComponentVersionFactory(version=version, component__key="order", name=hostile)
    other = ComponentVersionFactory(version=version, component__key="other", name="Other")
    AttributeFactory(
        component_version=order,
        key="other",
        data_type=DataType.REFERENCE,
        references=other.component,
    )
    publish_with_four_eyes(actor=steward, version=version)

    html = client.get("/standards/repairs/1.0.0/other/").content.decode()

    assert hostile not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_draft_component_page_draws_its_diagram(client, draft, steward):
    client.force_login(steward)

    html = client.get(f"{BASE}/2.0.0/work-order/").content.decode()

    assert 'aria-labelledby="diagram-title diagram-desc"' in html


# The guidance block ------------------------------------------------------------------------


def test_diagram_block_draws_the_current_published_version(catalogue):
    block = ComponentDiagramBlock()

    html = block.render(block.to_python({"standard": "damp-and-mould", "component": "property"}))

    assert 'aria-labelledby="diagram-title diagram-desc"' in html
    assert "Relationships shown in the diagram" in html
    assert f'href="{BASE}/1.1.0/work-order/"' in html


def test_diagram_block_explains_a_missing_component_or_version(catalogue):
    block = ComponentDiagramBlock()

    missing = block.render(block.to_python({"standard": "damp-and-mould", "component": "x"}))
    unpublished = block.render(block.to_python({"standard": "nothing", "component": "x"}))

    assert "is not in version 1.1.0" in missing
    assert "has no published version yet" in unpublished


@pytest.mark.parametrize(
    ("standard", "component", "field"),
    [("nothing", "work-order", "standard"), ("damp-and-mould", "nothing", "component")],
)
def test_diagram_block_refuses_an_unknown_standard_or_component(
    catalogue, standard, component, field
):
    block = ComponentDiagramBlock()

    with pytest.raises(blocks.StructBlockValidationError) as caught:
        block.clean(block.to_python({"standard": standard, "component": component}))

    assert field in caught.value.block_errors


def test_guidance_pages_can_use_the_diagram_block():
    child = GuidanceStreamBlock().child_blocks["component_diagram"]

    assert isinstance(child, ComponentDiagramBlock)


# The Reference demo standard and its guidance -----------------------------------------------


def _snapshot():
    return [
        StandardVersion.objects.count(),
        ComponentVersion.objects.count(),
        Attribute.objects.count(),
        Code.objects.count(),
        VersionArtefact.objects.count(),
        GuidancePage.objects.count(),
        sorted(GuidancePage.objects.values_list("pk", "latest_revision_id")),
    ]


@pytest.fixture
def reference_demo(steward, home_page):
    guidance_index(parent=home_page)
    demo_guidance.load()
    demo_reference.load()
    demo_reference_guidance.load()


def test_reference_demo_publishes_the_reference_and_role_codes(reference_demo):
    version = StandardVersion.objects.get(standard__slug=demo_reference.SLUG)
    reference = version.component_versions.get(component__key="reference")
    codes = version.component_versions.get(component__key="role-codes")

    assert (version.number, version.status) == ("0.1.0", "published")
    assert list(reference.attributes.values_list("name", flat=True)) == [
        "id",
        "allocated_by_code",
        "allocated_by_description",
        "description",
        "allocated_by",
    ]
    code = reference.attributes.get(name="allocated_by_code")
    assert (code.data_type, code.references.key) == (DataType.REFERENCE, "role-codes")
    values = list(codes.codes.values_list("value", flat=True))
    assert values == [str(value) for value in range(0, 111, 10)]
    assert all(codes.codes.values_list("label", flat=True))
    assert "HACT UK Housing Data Standards 3.5" in version.standard.description
    assert "OSCRE" in version.standard.description
    assert version.artefacts.filter(name="reference.diagram.svg").exists()


def test_reference_demo_and_guidance_load_twice_without_change(reference_demo):
    before = _snapshot()

    demo_reference.load()
    demo_reference_guidance.load()

    assert _snapshot() == before


def test_reference_guidance_follows_the_three_page_pattern(reference_demo, client):
    section = GuidanceIndexPage.objects.get(slug="components")
    index = GuidanceIndexPage.objects.child_of(section).get(slug="reference")

    assert sorted(GuidancePage.objects.child_of(index).values_list("slug", flat=True)) == [
        "making-the-case",
        "summary",
        "technical-guidance",
    ]
    html = client.get("/guidance/components/reference/technical-guidance/").content.decode()
    assert 'aria-label="Attributes of Reference"' in html
    assert 'aria-label="Codes in Role codes"' in html
    assert 'aria-labelledby="diagram-title diagram-desc"' in html
    assert "allocated_by_code" in html
    assert "OSCRE" in html
    for slug in ("summary", "making-the-case"):
        page = client.get(f"/guidance/components/reference/{slug}/")
        assert page.status_code == 200
        assert b"HACT UK Housing Data Standards 3.5" in page.content


def test_reference_guidance_skips_without_its_section(db):
    demo_reference_guidance.load()

    assert not GuidanceIndexPage.objects.filter(slug="reference").exists()
