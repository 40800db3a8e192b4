"""A guidance block that shows a component's live table from the standard.

The block stores only which standard and component to show, never the rows, and renders them
from the current published version each time. When a new version is published, every page
that embeds the table shows the new rows without anyone editing it.

The standard is a slug in a text box rather than a chooser: Wagtail's snippet chooser needs a
snippet, and a choice list filled from the database would freeze today's standards into every
migration of every model that uses the block.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks

from standards.catalogue import selectors
from standards.choices import ComponentKind
from standards.models import Component, ComponentVersion, Standard, StandardVersion

ATTRIBUTES = "attributes"
CODES = "codes"


class ComponentTableBlock(blocks.StructBlock):
    standard = blocks.CharBlock(
        max_length=100,
        help_text="The short name of the standard, as in its web address, for example "
        "damp-and-mould.",
    )
    component = blocks.CharBlock(
        max_length=100,
        help_text="The component's key, as in its web address, for example work-order.",
    )
    show = blocks.ChoiceBlock(
        choices=[(ATTRIBUTES, "Attributes (for an entity)"), (CODES, "Codes (for a code list)")],
        default=ATTRIBUTES,
    )
    caption = blocks.CharBlock(
        max_length=200,
        required=False,
        help_text="Leave blank to use the component's name.",
    )

    class Meta:
        template = "standards/blocks/component_table.html"
        icon = "table"
        label = "Component table from the standard"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        standard = Standard.objects.filter(slug=value["standard"].strip()).first()
        if standard is None:
            errors["standard"] = ValidationError(
                "There is no standard with that short name. Check the web address of its page"
            )
        else:
            component = Component.objects.filter(
                standard=standard, key=value["component"].strip()
            ).first()
            if component is None:
                errors["component"] = ValidationError(
                    f"{standard.name} has no component with that key. "
                    "Check the web address of the component’s page"
                )
            elif (component.kind == ComponentKind.CODE_LIST) != (value["show"] == CODES):
                errors["show"] = ValidationError(
                    "Choose codes for a code list, or attributes for an entity"
                )
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context.update(component_table_context(value["standard"], value["component"]))
        context["show_codes"] = value["show"] == CODES
        return context


def component_table_context(standard_slug: str, key: str) -> dict:
    """The current published version of a component, ready for the table templates.

    ``component`` is None when the standard has no published version or the component is not
    in it; the template says so rather than showing an empty table.
    """
    try:
        version = selectors.version_get(standard_slug=standard_slug.strip(), number="latest")
    except StandardVersion.DoesNotExist:
        return {"component": None, "version": None}
    try:
        row = selectors.component_version_get(version=version, key=key.strip())
    except ComponentVersion.DoesNotExist:
        return {"component": None, "version": version}
    return {
        "component": row,
        "version": version,
        **selectors.component_tables(version=version, row=row),
    }
