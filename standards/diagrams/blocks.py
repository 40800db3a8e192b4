"""A guidance block that shows a component's relationship diagram from the standard.

Like ``ComponentTableBlock``, it stores only which standard and component to show, and draws
from the current published version each time, reading the diagram stored at publication. The
diagram comes with its caption and the same relationships as a table.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks

from standards.catalogue.selectors import version_get
from standards.diagrams.drawing import MAX_DRAWN_COMPONENTS, diagram_for_page
from standards.models import Component, Standard, StandardVersion


class ComponentDiagramBlock(blocks.StructBlock):
    standard = blocks.CharBlock(
        max_length=100,
        help_text="The short name of the standard, as in its web address, for example "
        "damp-and-mould.",
    )
    component = blocks.CharBlock(
        max_length=100,
        help_text="The component's key, as in its web address, for example work-order.",
    )

    class Meta:
        template = "standards/includes/diagram_block.html"
        icon = "site"
        label = "Component relationship diagram from the standard"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        standard = Standard.objects.filter(slug=value["standard"].strip()).first()
        if standard is None:
            errors["standard"] = ValidationError(
                "There is no standard with that short name. Check the web address of its page"
            )
        elif not Component.objects.filter(
            standard=standard, key=value["component"].strip()
        ).exists():
            errors["component"] = ValidationError(
                f"{standard.name} has no component with that key. "
                "Check the web address of the component’s page"
            )
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context.update(component_diagram_context(value["standard"], value["component"]))
        return context


def component_diagram_context(standard_slug: str, key: str) -> dict:
    """The current published version's diagram of a component, or None with the reason."""
    try:
        version = version_get(standard_slug=standard_slug.strip(), number="latest")
    except StandardVersion.DoesNotExist:
        return {"diagram": None, "version": None}
    return {
        "diagram": diagram_for_page(version=version, key=key.strip()),
        "version": version,
        "max_drawn": MAX_DRAWN_COMPONENTS,
    }
