"""StreamField blocks for guidance pages. Each has its own template with GOV.UK markup."""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.admin.forms.choosers import URLOrAbsolutePathValidator
from wagtail.contrib.table_block.blocks import TableBlock

from standards.catalogue.blocks import ComponentTableBlock
from standards.diagrams.blocks import ComponentDiagramBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "code", "ol", "ul", "link", "document-link"]


class GovukRichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        template = "blocks/rich_text.html"
        icon = "pilcrow"
        label = "Rich text"


class InsetTextBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=["bold", "link"])

    class Meta:
        template = "blocks/inset_text.html"
        icon = "arrow-right"
        label = "Inset text"


class WarningTextBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=400)

    class Meta:
        template = "blocks/warning_text.html"
        icon = "warning"
        label = "Warning text"


class DetailsBlock(blocks.StructBlock):
    summary = blocks.CharBlock(max_length=120, help_text="The link text people click to expand.")
    content = blocks.RichTextBlock(features=["bold", "ol", "ul", "link"])

    class Meta:
        template = "blocks/details.html"
        icon = "collapse-down"
        label = "Details"


class CodeBlock(blocks.StructBlock):
    """A command or a code sample, shown as written, scrolling sideways inside its own box."""

    caption = blocks.CharBlock(
        max_length=200, required=False, help_text="What the sample does, shown above it."
    )
    code = blocks.TextBlock(help_text="Shown exactly as typed, in a fixed-width font.")

    class Meta:
        template = "blocks/code.html"
        icon = "code"
        label = "Code"


class GovukTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200, help_text="Describes the table for everyone.")
    table = TableBlock(table_options={"startRows": 3, "startCols": 3})

    class Meta:
        template = "blocks/table.html"
        icon = "table"
        label = "Table"


class LinkStructValue(blocks.StructValue):
    @cached_property
    def href(self) -> str:
        page = self.get("page")
        return page.url if page else self.get("url")


class LinkBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        label="URL or path",
        help_text="A full web address, or a path on this site such as /standards/.",
        validators=[URLOrAbsolutePathValidator()],
    )

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = "Choose a page or enter a URL or path, but not both"
            raise blocks.StructBlockValidationError(block_errors={"url": ValidationError(message)})
        return value

    class Meta:
        value_class = LinkStructValue
        icon = "link"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    text = blocks.TextBlock(required=False)
    link = LinkBlock()

    class Meta:
        template = "blocks/call_to_action.html"
        icon = "pick"
        label = "Call to action"


class RelatedLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Related content")
    links = blocks.ListBlock(LinkBlock())

    class Meta:
        template = "blocks/related_links.html"
        icon = "list-ul"
        label = "Related links"


class GuidanceStreamBlock(blocks.StreamBlock):
    rich_text = GovukRichTextBlock()
    inset_text = InsetTextBlock()
    warning_text = WarningTextBlock()
    details = DetailsBlock()
    table = GovukTableBlock()
    code = CodeBlock()
    call_to_action = CallToActionBlock()
    related_links = RelatedLinksBlock()
    component_table = ComponentTableBlock()
    component_diagram = ComponentDiagramBlock()
