"""Relationship diagrams drawn from a version's catalogue: Graphviz DOT, SVG and Mermaid text.

A link is drawn for every reference attribute (``data_type`` reference, with a target). The
community drafts carry most of their foreign keys only as ``*_id`` names, so those are shown
too, as *inferred* links in a dashed line, labelled and keyed as inferred: a guess from a name
is never drawn as if the standard said it (``_inferred_target`` says how the guess is made).

Published versions get their diagrams once, at publication, as artefacts (``diagram_files``,
called by ``standards.interchange.artefacts``): the whole-version SVG, DOT, Mermaid and JSON,
and an SVG and JSON per component, so a component page reads one stored row instead of
drawing. Drafts are drawn on demand. Graphviz runs once for all the component diagrams of a
version (it lays out several graphs from one input), which keeps publication of a large
standard fast.

Escaping. Every name and attribute that reaches DOT passes through ``graphviz.escape`` (so a
backslash or ``<...>`` in a name cannot become a Graphviz escape or an HTML-like label) and is
quoted by the wrapper. Graphviz writes label text into the SVG as XML-escaped text. The SVG is
then parsed and re-serialised by ``_svg_finish`` with ElementTree, which escapes every text
node and attribute, keeps only drawing elements (no script, links, foreignObject or styles)
and adds the ``<title>`` and ``<desc>`` as escaped text. Pages embed a diagram inline only
through ``svg_for_page``, which cleans and re-serialises the stored SVG again the same way, so
what reaches the page is safe whatever the stored row holds.
"""

import json
import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field

import graphviz
from django.db.models import Q
from django.utils.safestring import SafeString, mark_safe

from standards.choices import Cardinality, ComponentKind, DataType
from standards.models import Attribute, ComponentVersion, StandardVersion, VersionArtefact

logger = logging.getLogger(__name__)

# Artefact names. The whole version's files, then one SVG and one JSON per component.
VERSION_SVG = "diagram.svg"
VERSION_DOT = "diagram.dot"
VERSION_MERMAID = "diagram.mmd"
VERSION_JSON = "diagram.json"
COMPONENT_SVG_SUFFIX = ".diagram.svg"
COMPONENT_JSON_SUFFIX = ".diagram.json"

SVG_TYPE = "image/svg+xml"
DOT_TYPE = "text/vnd.graphviz; charset=utf-8"
MERMAID_TYPE = "text/plain; charset=utf-8"
JSON_TYPE = "application/json"

# Beyond this many components Graphviz takes long and the picture is unreadable, so the whole
# version is offered as DOT, Mermaid and a list rather than drawn. Component diagrams are
# always drawn: they show one step out from one component.
MAX_DRAWN_COMPONENTS = 150
# Beyond this many links, labels on a whole-version diagram overlap; the list gives them.
MAX_LABELLED_LINKS = 40
# Graphviz is given ``dot`` files of at most this many graphs at a time.
BATCH = 500

# GOV.UK Design System colours and type.
BLACK = "#0b0c0c"
WHITE = "#ffffff"
BLUE = "#1d70b8"
DARK_GREY = "#505a5f"
LIGHT_GREY = "#f3f2f1"
MID_GREY = "#b1b4b6"
PURPLE = "#4c2c92"
# Graphviz sizes text with Arial's metrics; browsers draw it in the GOV.UK font stack.
LAYOUT_FONT = "Arial"
FONT_STACK = '"GDS Transport", arial, sans-serif'

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)
# What Graphviz draws with. Anything else (script, a, foreignObject, image...) is dropped.
DRAWING_TAGS = frozenset(
    {"svg", "g", "title", "desc", "polygon", "polyline", "path", "ellipse", "text", "rect"}
)
SAFE_ATTRIBUTES = frozenset(
    {
        "width",
        "height",
        "viewBox",
        "transform",
        "class",
        "fill",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "points",
        "d",
        "cx",
        "cy",
        "rx",
        "ry",
        "x",
        "y",
        "text-anchor",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "fill-opacity",
        "stroke-opacity",
    }
)
# A finished diagram also carries its accessible name: the root's role and aria-labelledby, and
# the ids of its own <title> and <desc> (``_svg_finish`` adds them after cleaning).
FINISHED_ATTRIBUTES = SAFE_ATTRIBUTES | {"role", "aria-labelledby", "id"}

ID_TYPES = frozenset({DataType.STRING, DataType.INTEGER, DataType.NUMBER})


@dataclass(frozen=True)
class Node:
    key: str
    name: str
    kind: str
    deprecated: bool = False

    @property
    def is_code_list(self) -> bool:
        return self.kind == ComponentKind.CODE_LIST


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    attribute: str
    attribute_key: str
    multiplicity: str
    inferred: bool = False

    @property
    def label(self) -> str:
        suffix = ", inferred" if self.inferred else ""
        return f"{self.attribute} {self.multiplicity}{suffix}"


@dataclass
class Diagram:
    """What one diagram shows. ``focus`` is the component a neighbourhood diagram is about."""

    title: str
    nodes: list[Node]
    links: list[Link]
    focus: str = ""
    names: dict[str, str] = field(default_factory=dict)

    @property
    def inferred_count(self) -> int:
        return sum(link.inferred for link in self.links)

    @property
    def code_list_count(self) -> int:
        return sum(node.is_code_list for node in self.nodes)

    @property
    def too_large(self) -> bool:
        return not self.focus and len(self.nodes) > MAX_DRAWN_COMPONENTS

    def description(self) -> str:
        """One or two sentences saying what the diagram shows: its caption and ``<desc>``."""
        components = _count(len(self.nodes), "component")
        links = _count(len(self.links), "link")
        text = f"The diagram shows {components} and {links} between them"
        if self.inferred_count:
            text += (
                f", {self.inferred_count} of them inferred from attribute names ending in _id "
                "(dashed lines)"
            )
        text += "."
        if self.focus:
            focus = self.names.get(self.focus, self.focus)
            outgoing = len({link.target for link in self.links if link.source == self.focus})
            incoming = len({link.source for link in self.links if link.target == self.focus})
            text += (
                f" {focus} refers to {_count(outgoing, 'component')} "
                f"and is referred to by {_count(incoming, 'component')}."
            )
        return text

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "description": self.description(),
            "focus": self.focus or None,
            "components": [asdict(node) for node in self.nodes],
            "links": [asdict(link) for link in self.links],
        }


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def multiplicity(*, required: bool, cardinality: str) -> str:
    """UML-style multiplicity: 1, 0..1, 1..* or 0..*."""
    if cardinality == Cardinality.MANY:
        return "1..*" if required else "0..*"
    return "1" if required else "0..1"


# Reading the catalogue ----------------------------------------------------------------------


def version_diagram(*, version: StandardVersion) -> Diagram:
    """Every component of ``version`` and every link between them. Two queries."""
    rows = list(
        ComponentVersion.objects.filter(version=version)
        .order_by("sort_order", "name")
        .values_list("component__key", "name", "component__kind", "deprecated", "pk")
    )
    nodes = [Node(key, name, kind, deprecated) for key, name, kind, deprecated, _ in rows]
    key_of = {pk: key for key, _, _, _, pk in rows}
    attributes = (
        Attribute.objects.filter(component_version__version=version)
        .filter(
            Q(data_type=DataType.REFERENCE, references__isnull=False)
            | Q(name__iendswith="_id", data_type__in=ID_TYPES)
        )
        .order_by("component_version_id", "sort_order", "key")
        .values_list(
            "component_version_id",
            "key",
            "name",
            "data_type",
            "required",
            "cardinality",
            "references__key",
        )
    )
    links = _links(nodes, [(key_of[row[0]], *row[1:]) for row in attributes])
    standard = version.standard.name
    return Diagram(
        title=f"Relationships between the components of {standard} {version.number}",
        nodes=nodes,
        links=links,
        names={node.key: node.name for node in nodes},
    )


def _links(nodes: list[Node], attributes: list[tuple]) -> list[Link]:
    """Declared links, then links inferred from ``*_id`` names, in component order."""
    keys = {node.key for node in nodes}
    id_owners = _id_owners(keys, attributes)
    links = []
    for source, key, name, data_type, required, cardinality, target in attributes:
        shape = multiplicity(required=required, cardinality=cardinality)
        if data_type == DataType.REFERENCE:
            if target in keys:
                links.append(Link(source, target, name, key, shape))
            continue
        guess = _inferred_target(source, name, keys, id_owners)
        if guess:
            links.append(Link(source, guess, name, key, shape, inferred=True))
    return links


def _stem_key(name: str) -> str:
    """``work_order_id`` and ``workOrderId`` both give ``work-order``."""
    stem = re.sub(r"_?id$", "", name, flags=re.IGNORECASE)
    stem = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", stem)
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def _key_match(stem: str, keys: set[str], *, loose: bool = False) -> str:
    """The component key a name's stem means: itself or its plural; loosely, a code list's."""
    candidates = (f"{stem}-code", f"{stem}-codes") if loose else (stem, f"{stem}s")
    return next((key for key in candidates if stem and key in keys), "")


def _id_owners(keys: set[str], attributes: list[tuple]) -> dict[str, str]:
    """Which component each ``*_id`` name identifies, where exactly one component owns it.

    A component's own identifier is ``<its key>_id`` or, failing that, its first ``*_id``
    attribute unless that name is another component's key (``tenant_id`` in *Tenant person*
    and ``person_alert_id`` in *Alert regarding person* are their own identifiers; the first
    column of a link table, such as ``customer_appointment_preference_id``, is not). A name
    owned by two components (``insulation_type_id``) is ambiguous, so nothing is inferred.
    """
    first: dict[str, str] = {}
    own: dict[str, str] = {}
    for source, _key, name, data_type, *_ in attributes:
        if data_type == DataType.REFERENCE:
            continue
        stem = _stem_key(name)
        if stem == source:
            own[source] = name.lower()
        elif source not in first and _key_match(stem, keys) in ("", source):
            first[source] = name.lower()
        first.setdefault(source, "")
    owners: dict[str, list[str]] = {}
    for source in first:
        name = own.get(source) or first[source]
        if name:
            owners.setdefault(name, []).append(source)
    return {name: sources[0] for name, sources in owners.items() if len(sources) == 1}


def _inferred_target(source: str, name: str, keys: set[str], id_owners: dict[str, str]) -> str:
    """The component an ``*_id`` attribute probably refers to, or "" if it is a guess too far.

    In order: a component whose key is the name's stem or its plural (``work_order_id`` to
    *work-order*); the one component that has the name as its own identifier (``tenant_id``
    to *tenant-person*); a code list named after the stem (``wall_insulation_type_id`` to
    *wall-insulation-type-code*). A component's own identifier is not a link.
    """
    stem = _stem_key(name)
    target = (
        _key_match(stem, keys)
        or id_owners.get(name.lower(), "")
        or _key_match(stem, keys, loose=True)
    )
    return "" if target == source else target


def neighbourhood(diagram: Diagram, key: str, *, title: str) -> Diagram:
    """One component, the components it links to and those linking to it: one step out."""
    links = [link for link in diagram.links if key in (link.source, link.target)]
    near = {key} | {link.source for link in links} | {link.target for link in links}
    nodes = [node for node in diagram.nodes if node.key in near]
    # The component first, so it reads first in every list and in the DOT file.
    nodes.sort(key=lambda node: node.key != key)
    return Diagram(title=title, nodes=nodes, links=links, focus=key, names=diagram.names)


def component_diagram(*, version: StandardVersion, key: str) -> Diagram:
    """The neighbourhood of one component of ``version``, read from the catalogue."""
    whole = version_diagram(version=version)
    return neighbourhood(whole, key, title=_component_title(version, whole.names.get(key, key)))


def _component_title(version: StandardVersion, name: str) -> str:
    return f"Relationships of {name} in {version.standard.name} {version.number}"


# DOT ----------------------------------------------------------------------------------------


def _text(value: str) -> str:
    """User text for a DOT label: Graphviz escapes doubled, HTML-like labels refused."""
    return graphviz.escape(" ".join(str(value).split()))


def _node_attributes(node: Node, *, focus: bool) -> dict[str, str]:
    name = node.name + (" (deprecated)" if node.deprecated else "")
    attributes = {"label": _text(name)}
    if focus:
        attributes.update(fillcolor=BLUE, fontcolor=WHITE, color=BLUE, penwidth="2")
    elif node.is_code_list:
        attributes.update(style="rounded,filled", fillcolor=LIGHT_GREY, color=PURPLE)
    if node.deprecated:
        attributes["style"] = attributes.get("style", "filled") + ",dashed"
    return attributes


def _edge_attributes(link: Link, *, labelled: bool) -> dict[str, str]:
    attributes = {}
    if labelled:
        attributes["label"] = _text(link.label)
    if link.inferred:
        attributes.update(style="dashed", color=DARK_GREY, fontcolor=DARK_GREY)
    return attributes


def diagram_graph(diagram: Diagram) -> graphviz.Digraph:
    """The diagram as a Graphviz graph: entities and code lists clustered, with a key."""
    graph = graphviz.Digraph(
        "relationships",
        graph_attr={
            "rankdir": "LR",
            # Ranks the whole graph at once rather than cluster by cluster: with the entity and
            # code list clusters, four times faster at 150 components, and no worse to read.
            "newrank": "true",
            "fontname": LAYOUT_FONT,
            "fontsize": "12",
            "bgcolor": WHITE,
            "nodesep": "0.3",
            "ranksep": "0.6",
            "label": _text(diagram.title),
            "labelloc": "t",
            "labeljust": "l",
        },
        node_attr={
            "shape": "box",
            "style": "filled",
            "fillcolor": WHITE,
            "color": BLACK,
            "fontname": LAYOUT_FONT,
            "fontsize": "12",
            "fontcolor": BLACK,
            "margin": "0.15,0.08",
        },
        edge_attr={
            "fontname": LAYOUT_FONT,
            "fontsize": "10",
            "color": BLACK,
            "fontcolor": BLACK,
            "arrowsize": "0.7",
        },
    )
    labelled = bool(diagram.focus) or len(diagram.links) <= MAX_LABELLED_LINKS
    if diagram.focus:
        for node in diagram.nodes:
            graph.node(node.key, **_node_attributes(node, focus=node.key == diagram.focus))
    else:
        _clustered_nodes(graph, diagram)
    for link in diagram.links:
        graph.edge(link.source, link.target, **_edge_attributes(link, labelled=labelled))
    _key(graph, diagram)
    return graph


def _clustered_nodes(graph: graphviz.Digraph, diagram: Diagram) -> None:
    groups = (
        ("entities", "Entities", [node for node in diagram.nodes if not node.is_code_list]),
        ("code_lists", "Code lists", [node for node in diagram.nodes if node.is_code_list]),
    )
    for name, label, nodes in groups:
        if not nodes:
            continue
        with graph.subgraph(name=f"cluster_{name}") as cluster:
            cluster.attr(label=label, color=MID_GREY, fontcolor=DARK_GREY, style="rounded")
            for node in nodes:
                cluster.node(node.key, **_node_attributes(node, focus=False))


def _key(graph: graphviz.Digraph, diagram: Diagram) -> None:
    """A key to the line styles and, where both appear, the box styles."""
    with graph.subgraph(name="cluster_key") as key:
        key.attr(label="Key", color=MID_GREY, fontcolor=DARK_GREY, style="rounded")
        key.node_attr.update(shape="point", width="0.05", color=BLACK, label="")
        key.node("key_from")
        key.node("key_to")
        key.edge("key_from", "key_to", label="refers to (reference attribute)")
        if diagram.inferred_count:
            key.node("key_inferred_from", color=DARK_GREY)
            key.node("key_inferred_to", color=DARK_GREY)
            key.edge(
                "key_inferred_from",
                "key_inferred_to",
                label="inferred from an _id name, not stated",
                style="dashed",
                color=DARK_GREY,
                fontcolor=DARK_GREY,
            )
        if diagram.code_list_count:
            key.node(
                "key_entity",
                label="Entity",
                shape="box",
                style="filled",
                fillcolor=WHITE,
                width="0",
            )
            key.node(
                "key_code_list",
                label="Code list",
                shape="box",
                style="rounded,filled",
                fillcolor=LIGHT_GREY,
                color=PURPLE,
                width="0",
            )


def diagram_dot(diagram: Diagram) -> str:
    return diagram_graph(diagram).source


# Mermaid ------------------------------------------------------------------------------------


def _mermaid_text(value: str) -> str:
    """Text for a quoted Mermaid label: quotes and angle brackets as Mermaid entity codes."""
    text = " ".join(str(value).split())
    for character, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(character, code)
    return text


def diagram_mermaid(diagram: Diagram) -> str:
    """A Mermaid flowchart: boxes for entities, rounded boxes for code lists, dotted lines
    for inferred links. Node ids are generated (n1, n2...), so keys never need escaping."""
    ids = {node.key: f"n{index}" for index, node in enumerate(diagram.nodes, start=1)}
    lines = [
        "%% " + _mermaid_text(diagram.title),
        "%% Dotted lines are links inferred from attribute names ending in _id.",
        "flowchart LR",
    ]
    for node in diagram.nodes:
        name = _mermaid_text(node.name + (" (deprecated)" if node.deprecated else ""))
        shape = ('("', '")') if node.is_code_list else ('["', '"]')
        lines.append(f"  {ids[node.key]}{shape[0]}{name}{shape[1]}")
    for link in diagram.links:
        arrow = "-.->" if link.inferred else "-->"
        label = _mermaid_text(link.label)
        lines.append(f'  {ids[link.source]} {arrow}|"{label}"| {ids[link.target]}')
    code_lists = [ids[node.key] for node in diagram.nodes if node.is_code_list]
    lines.append(f"  classDef entity fill:{WHITE},stroke:{BLACK},color:{BLACK}")
    lines.append(f"  classDef codeList fill:{LIGHT_GREY},stroke:{PURPLE},color:{BLACK}")
    if code_lists:
        lines.append(f"  class {','.join(code_lists)} codeList")
    if diagram.focus:
        lines.append(f"  classDef focus fill:{BLUE},stroke:{BLUE},color:{WHITE}")
        lines.append(f"  class {ids[diagram.focus]} focus")
    return "\n".join(lines) + "\n"


# SVG ----------------------------------------------------------------------------------------


def _pipe(sources: list[str]) -> list[str]:
    """SVG for each DOT source, from one run of Graphviz per ``BATCH`` graphs."""
    svgs: list[str] = []
    for start in range(0, len(sources), BATCH):
        chunk = sources[start : start + BATCH]
        output = graphviz.pipe_string("dot", "svg", "\n".join(chunk), encoding="utf-8")
        parts = [part for part in output.split("<?xml") if part.strip()]
        if len(parts) != len(chunk):
            raise graphviz.CalledProcessError(1, "dot", output="", stderr="graphs went missing")
        svgs.extend(f"<?xml{part}" for part in parts)
    return svgs


def _svg_finish(svg: str, *, title: str, description: str, id_prefix: str) -> str:
    """Graphviz's SVG with only drawing elements, a titled and described root, GOV.UK type.

    Returns a standalone SVG document (with an XML declaration); ``svg_for_page`` embeds it.
    """
    root = _svg_parse_clean(svg)
    for element in root.iter():
        if element.get("font-family"):
            element.set("font-family", FONT_STACK)
    # Graphviz titles every node and edge with its internal id ("work-order->tenancy"), which
    # browsers show as tooltips; the only title kept is the diagram's own.
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{{{SVG_NS}}}title", f"{{{SVG_NS}}}desc"):
                parent.remove(child)
    title_element = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{id_prefix}-title"})
    title_element.text = title
    desc_element = ET.Element(f"{{{SVG_NS}}}desc", {"id": f"{id_prefix}-desc"})
    desc_element.text = description
    root.insert(0, desc_element)
    root.insert(0, title_element)
    root.set("role", "img")
    root.set("aria-labelledby", f"{id_prefix}-title {id_prefix}-desc")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _svg_parse_clean(svg: str, allowed: frozenset[str] = SAFE_ATTRIBUTES) -> ET.Element:
    """Parse an SVG document and keep only drawing elements and safe attributes.

    Raises ``ET.ParseError`` when it is not well-formed XML.
    """
    # Only Graphviz's output or our own stored artefacts come here, and any DOCTYPE (Graphviz's
    # declares no entities) is removed first, so there is nothing for an XML attack to use.
    document = re.sub(r"<!DOCTYPE[^>]*>", "", svg, count=1).strip()
    root = ET.fromstring(document)  # noqa: S314
    _svg_clean(root, allowed)
    return root


def _svg_clean(element: ET.Element, allowed: frozenset[str]) -> None:
    for child in list(element):
        if child.tag.rpartition("}")[2] not in DRAWING_TAGS:
            element.remove(child)
            continue
        _svg_clean(child, allowed)
    for name in list(element.attrib):
        if name not in allowed:
            del element.attrib[name]


def svg_for_page(svg: str) -> SafeString | None:
    """An SVG document as markup to embed in a page, or None if it is not well-formed.

    Whatever it is given, the result is re-serialised by ElementTree (every text node and
    attribute value XML-escaped) with only drawing elements and safe attributes left, so no
    script, link, style or foreign content can reach the page, even from a tampered artefact.
    """
    try:
        root = _svg_parse_clean(svg, FINISHED_ATTRIBUTES)
    except ET.ParseError:
        logger.warning("A stored diagram is not well-formed SVG and was not shown")
        return None
    if root.tag != f"{{{SVG_NS}}}svg":
        return None
    return mark_safe(ET.tostring(root, encoding="unicode"))  # noqa: S308 - cleaned above


def diagrams_svg(diagrams: list[Diagram], *, id_prefix: str = "diagram") -> list[str | None]:
    """Finished SVG for each diagram, or None for each if Graphviz is missing or fails.

    A missing ``dot`` must not stop a publication: the DOT, Mermaid and the list of
    relationships are still stored, and the page says the picture could not be drawn.
    """
    try:
        raw = _pipe([diagram_dot(diagram) for diagram in diagrams])
    except (graphviz.ExecutableNotFound, graphviz.CalledProcessError, OSError) as error:
        logger.warning("Could not draw %s diagrams with Graphviz: %s", len(diagrams), error)
        return [None] * len(diagrams)
    return [
        _svg_finish(
            svg, title=diagram.title, description=diagram.description(), id_prefix=id_prefix
        )
        for svg, diagram in zip(raw, diagrams, strict=True)
    ]


def diagram_svg(diagram: Diagram) -> str | None:
    """One diagram's SVG; None if it is too large to draw or Graphviz is unavailable."""
    if diagram.too_large:
        return None
    return diagrams_svg([diagram])[0]


# Artefacts ----------------------------------------------------------------------------------


def _json(diagram: Diagram) -> str:
    return json.dumps(diagram.as_json(), indent=2, ensure_ascii=False) + "\n"


def diagram_file_names(*, keys: list[str]) -> list[tuple[str, str]]:
    """(name, content type) of the diagram files a version with components ``keys`` has."""
    names = [(VERSION_DOT, DOT_TYPE), (VERSION_MERMAID, MERMAID_TYPE), (VERSION_JSON, JSON_TYPE)]
    if len(keys) <= MAX_DRAWN_COMPONENTS:
        names.insert(0, (VERSION_SVG, SVG_TYPE))
    for key in keys:
        names += [(f"{key}{COMPONENT_SVG_SUFFIX}", SVG_TYPE)]
        names += [(f"{key}{COMPONENT_JSON_SUFFIX}", JSON_TYPE)]
    return names


def diagram_files(*, version: StandardVersion) -> list[tuple[str, str, str]]:
    """(name, content type, content) of every diagram file of ``version``.

    An SVG that cannot be drawn (too large, or Graphviz missing) is left out; the page falls
    back to the DOT download and the list of relationships.
    """
    whole = version_diagram(version=version)
    files = [
        (VERSION_DOT, DOT_TYPE, diagram_dot(whole)),
        (VERSION_MERMAID, MERMAID_TYPE, diagram_mermaid(whole)),
        (VERSION_JSON, JSON_TYPE, _json(whole)),
    ]
    parts = [
        neighbourhood(whole, node.key, title=_component_title(version, node.name))
        for node in whole.nodes
    ]
    drawn = [whole, *parts] if not whole.too_large else parts
    svgs = diagrams_svg(drawn)
    if not whole.too_large:
        whole_svg, *svgs = svgs
        if whole_svg:
            files.insert(0, (VERSION_SVG, SVG_TYPE, whole_svg))
    for part, svg in zip(parts, svgs, strict=True):
        if svg:
            files.append((f"{part.focus}{COMPONENT_SVG_SUFFIX}", SVG_TYPE, svg))
        files.append((f"{part.focus}{COMPONENT_JSON_SUFFIX}", JSON_TYPE, _json(part)))
    return files


def diagram_file_render(*, version: StandardVersion, name: str) -> tuple[str, str] | None:
    """(content type, content) of one diagram file, drawn now; None if ``name`` is not one.

    For drafts, and for versions published before diagrams were stored. A name that is a
    diagram file but cannot be drawn (too large, unknown component) is None too.
    """
    if name in (VERSION_SVG, VERSION_DOT, VERSION_MERMAID, VERSION_JSON):
        whole = version_diagram(version=version)
        if name == VERSION_SVG:
            svg = diagram_svg(whole)
            return (SVG_TYPE, svg) if svg else None
        if name == VERSION_DOT:
            return DOT_TYPE, diagram_dot(whole)
        if name == VERSION_MERMAID:
            return MERMAID_TYPE, diagram_mermaid(whole)
        return JSON_TYPE, _json(whole)
    for suffix, content_type in (
        (COMPONENT_SVG_SUFFIX, SVG_TYPE),
        (COMPONENT_JSON_SUFFIX, JSON_TYPE),
    ):
        if name.endswith(suffix):
            key = name.removesuffix(suffix)
            part = component_diagram(version=version, key=key)
            if not any(node.key == key for node in part.nodes):
                return None
            if content_type == JSON_TYPE:
                return JSON_TYPE, _json(part)
            svg = diagram_svg(part)
            return (SVG_TYPE, svg) if svg else None
    return None


def is_diagram_file(name: str) -> bool:
    return name in (VERSION_SVG, VERSION_DOT, VERSION_MERMAID, VERSION_JSON) or name.endswith(
        (COMPONENT_SVG_SUFFIX, COMPONENT_JSON_SUFFIX)
    )


# Pages --------------------------------------------------------------------------------------


@dataclass
class PageDiagram:
    """A diagram ready for a template: inline SVG (or None) and the same content as text."""

    title: str
    description: str
    svg: str | None
    components: list[dict]
    links: list[dict]
    too_large: bool
    focus: str = ""

    @property
    def inferred_links(self) -> list[dict]:
        return [link for link in self.links if link["inferred"]]


def diagram_for_page(*, version: StandardVersion, key: str | None = None) -> PageDiagram | None:
    """The whole-version diagram, or component ``key``'s, for a page. None if no such component.

    A published (or superseded, or withdrawn) version's diagram is read from its stored
    artefacts in one query; a draft's, or one published before diagrams were stored, is drawn.
    """
    if key is None:
        svg_name, json_name = VERSION_SVG, VERSION_JSON
    else:
        svg_name, json_name = f"{key}{COMPONENT_SVG_SUFFIX}", f"{key}{COMPONENT_JSON_SUFFIX}"
    stored: dict[str, str] = {}
    if not version.is_draft:
        stored = dict(
            VersionArtefact.objects.filter(version=version, name__in=[svg_name, json_name])
            .order_by()
            .values_list("name", "content")
        )
    if json_name in stored:
        data, svg = json.loads(stored[json_name]), stored.get(svg_name)
    else:
        diagram = (
            version_diagram(version=version)
            if key is None
            else component_diagram(version=version, key=key)
        )
        if key is not None and not diagram.nodes:
            return None
        data, svg = diagram.as_json(), diagram_svg(diagram)
    names = {component["key"]: component["name"] for component in data["components"]}
    links = [
        {**link, "source_name": names[link["source"]], "target_name": names[link["target"]]}
        for link in data["links"]
    ]
    return PageDiagram(
        title=data["title"],
        description=data["description"],
        svg=svg_for_page(svg) if svg else None,
        components=data["components"],
        links=links,
        too_large=key is None and len(data["components"]) > MAX_DRAWN_COMPONENTS,
        focus=data.get("focus") or "",
    )
