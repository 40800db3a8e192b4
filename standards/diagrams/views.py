"""The whole-version relationship diagram page, with its downloads and the same links as text."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from standards.catalogue.lookups import standards_crumbs, version_or_404
from standards.diagrams import drawing as diagrams

# The diagram's files, in the order the page offers them.
DIAGRAM_DOWNLOADS = (
    (diagrams.VERSION_SVG, "Diagram as SVG"),
    (diagrams.VERSION_DOT, "Diagram as Graphviz DOT"),
    (diagrams.VERSION_MERMAID, "Diagram as Mermaid text"),
    (diagrams.VERSION_JSON, "Relationships as JSON"),
)


def version_diagram(request: HttpRequest, standard: str, version: str) -> HttpResponse:
    version = version_or_404(request, standard_slug=standard, number=version)
    diagram = diagrams.diagram_for_page(version=version)
    downloads = [
        (name, description)
        for name, description in DIAGRAM_DOWNLOADS
        if name != diagrams.VERSION_SVG or diagram.svg
    ]
    context = {
        "standard": version.standard,
        "version": version,
        "diagram": diagram,
        "diagram_downloads": downloads,
        "max_drawn": diagrams.MAX_DRAWN_COMPONENTS,
        "crumbs": standards_crumbs(version.standard, version),
    }
    return render(request, "standards/diagram_version.html", context)
