"""``{% diagram_for version key as diagram %}``: a relationship diagram for a page.

A tag rather than view context so that any page showing a component (the component page, a
guidance block) gets the same diagram, and a cached fragment around it skips the work too.
For a published version it reads the stored artefacts in one query.
"""

from django import template

from standards.diagrams.drawing import PageDiagram, diagram_for_page

from ..models import StandardVersion

register = template.Library()


@register.simple_tag
def diagram_for(version: StandardVersion, key: str | None = None) -> PageDiagram | None:
    """The diagram of component ``key`` in ``version``, or of the whole version."""
    return diagram_for_page(version=version, key=key or None)
