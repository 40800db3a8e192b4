"""Relationship diagrams: what the DOT, SVG and Mermaid say, inference from ``*_id`` names,
escaping of user text, and the diagram artefacts stored at publication."""

import json
import xml.etree.ElementTree as ET

import graphviz
import pytest

from standards.choices import ComponentKind, DataType
from standards.diagrams import drawing as diagrams
from standards.diagrams.drawing import Link, Node
from tests.standards.factories import (
    AttributeFactory,
    CodeFactory,
    ComponentVersionFactory,
    VersionFactory,
    publish_with_four_eyes,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """Our own generated SVG, without its XML declaration."""
    return ET.fromstring(svg)  # noqa: S314 - the test's own output


@pytest.fixture
def small(db):
    """A draft: Work order refers to Priority codes, and names a Property through property_id."""
    version = VersionFactory(standard__name="Repairs", standard__slug="repairs")
    order = ComponentVersionFactory(version=version, component__key="work-order", name="Work order")
    prop = ComponentVersionFactory(version=version, component__key="property", name="Property")
    codes = ComponentVersionFactory(
        version=version,
        kind=ComponentKind.CODE_LIST,
        component__key="priority-codes",
        name="Priority codes",
    )
    CodeFactory(component_version=codes, value="EMG")
    AttributeFactory(component_version=order, key="work_order_id", sort_order=0)
    AttributeFactory(
        component_version=order,
        key="priority",
        data_type=DataType.REFERENCE,
        references=codes.component,
        required=True,
        sort_order=1,
    )
    AttributeFactory(component_version=order, key="property_id", sort_order=2)
    AttributeFactory(component_version=order, key="notes", sort_order=3)
    AttributeFactory(component_version=prop, key="property_id", data_type=DataType.INTEGER)
    return version


def test_version_diagram_has_every_component_and_link(small, django_assert_num_queries):
    with django_assert_num_queries(2):
        diagram = diagrams.version_diagram(version=small)

    assert {node.key for node in diagram.nodes} == {"work-order", "property", "priority-codes"}
    assert diagram.links == [
        Link("work-order", "priority-codes", "priority", "priority", "1"),
        Link("work-order", "property", "property_id", "property_id", "0..1", inferred=True),
    ]


def test_dot_draws_nodes_stated_and_inferred_edges(small):
    dot = diagrams.diagram_dot(diagrams.version_diagram(version=small))

    assert '"work-order" [label="Work order"' in dot
    assert '"priority-codes" [label="Priority codes" color="#4c2c92"' in dot
    assert 'style="rounded,filled"' in dot
    assert '"work-order" -> "priority-codes" [label="priority 1"]' in dot
    assert (
        '"work-order" -> property [label="property_id 0..1, inferred" color="#505a5f" '
        'fontcolor="#505a5f" style=dashed]'
    ) in dot
    assert "subgraph cluster_entities" in dot
    assert "subgraph cluster_code_lists" in dot
    assert "inferred from an _id name, not stated" in dot


def test_dot_leaves_lines_unlabelled_when_there_are_many(small, monkeypatch):
    monkeypatch.setattr(diagrams, "MAX_LABELLED_LINKS", 1)

    dot = diagrams.diagram_dot(diagrams.version_diagram(version=small))

    assert '\t"work-order" -> "priority-codes"\n' in dot
    assert '"work-order" -> property [color="#505a5f" fontcolor="#505a5f" style=dashed]' in dot


def test_component_diagram_is_one_step_out(small):
    diagram = diagrams.component_diagram(version=small, key="priority-codes")

    assert [node.key for node in diagram.nodes] == ["priority-codes", "work-order"]
    assert len(diagram.links) == 1
    assert diagram.description() == (
        "The diagram shows 2 components and 1 link between them. Priority codes refers to "
        "0 components and is referred to by 1 component."
    )


def test_svg_is_valid_with_title_and_description(small):
    diagram = diagrams.version_diagram(version=small)

    svg = diagrams.diagram_svg(diagram)

    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "diagram-title diagram-desc"
    title, desc = list(root)[:2]
    assert (title.tag, title.text) == (f"{SVG}title", diagram.title)
    assert (desc.tag, desc.text) == (f"{SVG}desc", diagram.description())
    assert len(root.findall(f".//{SVG}title")) == 1
    texts = {element.text for element in root.iter(f"{SVG}text")}
    assert {"Work order", "Property", "Priority codes", "priority 1"} <= texts
    fonts = {element.get("font-family") for element in root.iter(f"{SVG}text")}
    assert fonts == {diagrams.FONT_STACK}
    assert any(element.get("stroke-dasharray") for element in root.iter(f"{SVG}path"))


def test_user_text_cannot_inject_markup_or_graphviz_escapes(small):
    hostile = '<script>alert("x")</script> \\N & <b>bold</b>'
    row = small.component_versions.get(component__key="property")
    row.name = hostile
    row.save()

    diagram = diagrams.version_diagram(version=small)
    dot = diagrams.diagram_dot(diagram)
    svg = diagrams.diagram_svg(diagram)

    # Quoted, never an HTML-like <...> label, and the backslash doubled so \N stays text.
    assert 'label="<script>alert(\\"x\\")</script> \\\\N & <b>bold</b>"' in dot
    assert "<script" not in svg
    assert "<b>" not in svg
    root = parse(svg)
    assert hostile in {element.text for element in root.iter(f"{SVG}text")}
    assert not root.findall(f".//{SVG}script")


def test_svg_keeps_only_drawing_elements_and_attributes():
    raw = (
        '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10pt" onload="alert(1)"><g id="graph0" style="x">'
        '<script>alert(1)</script><a xlink:href="javascript:alert(1)"><text>Hi</text></a>'
        '<foreignObject><p>no</p></foreignObject><text onclick="x" font-family="Arial">Ok</text>'
        "</g></svg>"
    )

    svg = diagrams._svg_finish(raw, title="T <&>", description="D", id_prefix="d")

    assert "script" not in svg
    for dropped in ("onload", "onclick", "javascript", "foreignObject", "style"):
        assert dropped not in svg
    assert '<title id="d-title">T &lt;&amp;&gt;</title>' in svg
    assert ">Ok</text>" in svg


def test_mermaid_uses_dotted_lines_for_inferred_links_and_escapes_labels(small):
    row = small.component_versions.get(component__key="property")
    row.name = 'Pro"perty <x>'
    row.save()

    text = diagrams.diagram_mermaid(diagrams.version_diagram(version=small))

    assert "flowchart LR" in text
    # Nodes in display order (sort order, then name), so ids are stable for a version.
    assert 'n1("Priority codes")' in text
    assert 'n2["Pro#quot;perty #lt;x#gt;"]' in text
    assert 'n3["Work order"]' in text
    assert 'n3 -->|"priority 1"| n1' in text
    assert 'n3 -.->|"property_id 0..1, inferred"| n2' in text
    assert "class n1 codeList" in text


def _links(nodes: list[str], attributes: list[tuple]) -> list[tuple[str, str, str]]:
    found = diagrams._links(
        [Node(key, key, ComponentKind.ENTITY) for key in nodes],
        [(*row, False, "one", "") for row in attributes],
    )
    assert all(link.inferred for link in found)
    return [(link.source, link.attribute, link.target) for link in found]


def test_inference_matches_keys_plurals_owned_ids_and_code_lists():
    nodes = ["work-order", "tenant-person", "sites", "wall-insulation-type-code", "unit"]
    attributes = [
        ("tenant-person", "a", "tenant_id", DataType.STRING),
        ("unit", "b", "unit_id", DataType.INTEGER),
        ("work-order", "c", "work_order_id", DataType.STRING),
        ("work-order", "d", "tenant_id", DataType.STRING),
        ("work-order", "e", "site_id", DataType.INTEGER),
        ("unit", "f", "wall_insulation_type_id", DataType.INTEGER),
        ("unit", "g", "unknown_thing_id", DataType.INTEGER),
    ]

    assert _links(nodes, attributes) == [
        ("work-order", "tenant_id", "tenant-person"),
        ("work-order", "site_id", "sites"),
        ("unit", "wall_insulation_type_id", "wall-insulation-type-code"),
    ]


def test_inference_skips_ambiguous_identifiers_and_a_components_own():
    nodes = ["roof-type-code", "wall-type-code", "house", "link-table", "work-order"]
    attributes = [
        ("roof-type-code", "a", "insulation_type_id", DataType.INTEGER),
        ("wall-type-code", "b", "insulation_type_id", DataType.INTEGER),
        ("house", "c", "insulation_type_id", DataType.INTEGER),
        # The first column of a link table names another component, so it is a link.
        ("link-table", "d", "work_order_id", DataType.STRING),
    ]

    assert _links(nodes, attributes) == [("link-table", "work_order_id", "work-order")]


@pytest.mark.parametrize(
    ("required", "cardinality", "expected"),
    [(True, "one", "1"), (False, "one", "0..1"), (True, "many", "1..*"), (False, "many", "0..*")],
)
def test_multiplicity(required, cardinality, expected):
    assert diagrams.multiplicity(required=required, cardinality=cardinality) == expected


# Artefacts -------------------------------------------------------------------------------


def test_publication_stores_diagram_artefacts(small, steward):
    version = publish_with_four_eyes(actor=steward, version=small)

    stored = {a.name: a for a in version.artefacts.filter(name__contains=".diagram.")}
    whole = {a.name: a for a in version.artefacts.filter(name__startswith="diagram.")}

    assert set(whole) == {"diagram.svg", "diagram.dot", "diagram.mmd", "diagram.json"}
    assert set(stored) == {
        f"{key}.diagram.{suffix}"
        for key in ("work-order", "property", "priority-codes")
        for suffix in ("svg", "json")
    }
    assert whole["diagram.svg"].content_type == "image/svg+xml"
    assert whole["diagram.dot"].content.startswith("digraph relationships {")
    data = json.loads(stored["property.diagram.json"].content)
    assert data["focus"] == "property"
    assert data["links"] == [
        {
            "source": "work-order",
            "target": "property",
            "attribute": "property_id",
            "attribute_key": "property_id",
            "multiplicity": "0..1",
            "inferred": True,
        }
    ]
    parse(stored["work-order.diagram.svg"].content)


def test_publication_leaves_out_a_version_svg_too_large_to_draw(small, steward, monkeypatch):
    monkeypatch.setattr(diagrams, "MAX_DRAWN_COMPONENTS", 2)

    version = publish_with_four_eyes(actor=steward, version=small)

    names = set(version.artefacts.values_list("name", flat=True))
    assert "diagram.svg" not in names
    assert {"diagram.dot", "diagram.mmd", "work-order.diagram.svg"} <= names


def test_publication_succeeds_without_graphviz(small, steward, monkeypatch):
    def missing(*args, **kwargs):
        raise graphviz.ExecutableNotFound(("dot",))

    monkeypatch.setattr(graphviz, "pipe_string", missing)

    version = publish_with_four_eyes(actor=steward, version=small)

    names = set(version.artefacts.values_list("name", flat=True))
    assert not any(name.endswith(".svg") for name in names)
    assert {"diagram.dot", "diagram.mmd", "work-order.diagram.json"} <= names


def test_draft_diagram_files_render_on_demand(small):
    content_type, content = diagrams.diagram_file_render(version=small, name="diagram.mmd")

    assert content_type.startswith("text/plain")
    assert "flowchart LR" in content
    assert diagrams.diagram_file_render(version=small, name="nothing.diagram.svg") is None
    assert diagrams.diagram_file_render(version=small, name="bundle.schema.json") is None


def test_batched_rendering_returns_one_svg_per_graph(small, monkeypatch):
    monkeypatch.setattr(diagrams, "BATCH", 2)
    whole = diagrams.version_diagram(version=small)
    parts = [diagrams.neighbourhood(whole, node.key, title=node.name) for node in whole.nodes]

    svgs = diagrams.diagrams_svg([whole, *parts])

    assert len(svgs) == 4
    titles = [parse(svg).find(f"{SVG}title").text for svg in svgs]
    assert titles == [whole.title, "Priority codes", "Property", "Work order"]


def test_svg_for_a_page_drops_scripts_and_handlers_from_whatever_it_is_given():
    tampered = (
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        "<script>alert(2)</script><text>&lt;b&gt;Work order</text></svg>"
    )

    html = str(diagrams.svg_for_page(tampered))

    assert "script" not in html
    assert "onload" not in html
    assert "&lt;b&gt;Work order" in html


def test_svg_for_a_page_is_none_for_text_that_is_not_svg():
    assert diagrams.svg_for_page("<svg") is None
    assert diagrams.svg_for_page("<html><body/></html>") is None
