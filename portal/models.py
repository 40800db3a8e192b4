"""Site-wide Wagtail page types: the home page and the guidance pages."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import GuidanceStreamBlock
from portal.richtext import Heading, headings_in


class HomePage(Page):
    intro = models.TextField(help_text="One or two sentences under the page heading.")
    body = StreamField(GuidanceStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = GuidanceIndexPage.objects.child_of(self).live().public()
        return context


class GuidanceIndexPage(Page):
    intro = models.TextField(help_text="Explains what this section covers.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["portal.HomePage", "portal.GuidanceIndexPage"]
    subpage_types = ["portal.GuidancePage", "portal.GuidanceIndexPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific()
        return context


class GuidancePage(Page):
    summary = models.TextField(
        help_text="Shown under the title and in search results. Keep it to one sentence."
    )
    body = StreamField(GuidanceStreamBlock())
    show_contents = models.BooleanField(
        default=True, help_text="Show an 'On this page' list built from the main headings."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("show_contents"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    parent_page_types = ["portal.HomePage", "portal.GuidanceIndexPage"]
    subpage_types: list[str] = []

    def contents(self) -> list[Heading]:
        headings: list[Heading] = []
        for block in self.body:
            if block.block_type == "rich_text":
                headings.extend(headings_in(block.value.source))
        return headings
