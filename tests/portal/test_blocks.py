import pytest
from wagtail.rich_text import RichText

from portal.blocks import (
    CallToActionBlock,
    DetailsBlock,
    GovukRichTextBlock,
    GovukTableBlock,
    InsetTextBlock,
    RelatedLinksBlock,
    WarningTextBlock,
)

pytestmark = pytest.mark.django_db


def render(block, value) -> str:
    return block.render(block.to_python(value) if isinstance(value, dict) else value)


def test_rich_text_gets_govuk_typography_and_heading_anchors():
    html = render(
        GovukRichTextBlock(), RichText("<h2>Why it matters</h2><p>Text</p><ul><li>a</li></ul>")
    )

    assert '<h2 class="govuk-heading-l" id="why-it-matters">Why it matters</h2>' in html
    assert '<p class="govuk-body">Text</p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html


def test_inset_text_block():
    html = render(InsetTextBlock(), {"text": "<p>It can take 8 weeks.</p>"})

    assert '<div class="govuk-inset-text">' in html
    assert "It can take 8 weeks." in html


def test_warning_text_block_announces_itself_as_a_warning():
    html = render(WarningTextBlock(), {"text": "Do not copy alert details."})

    assert "govuk-warning-text" in html
    assert '<span class="govuk-visually-hidden">Warning</span> Do not copy alert details.' in html


def test_details_block():
    html = render(DetailsBlock(), {"summary": "Help with codes", "content": "<p>Body</p>"})

    assert '<details class="govuk-details">' in html
    assert '<span class="govuk-details__summary-text">Help with codes</span>' in html


def test_table_block_uses_a_caption_and_header_row():
    value = {
        "caption": "Access levels",
        "table": {
            "data": [["Level", "Name"], ["1", "Data on request"]],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
        },
    }

    html = render(GovukTableBlock(), value)

    assert (
        '<caption class="govuk-table__caption govuk-table__caption--m">Access levels</caption>'
        in html
    )
    assert '<th scope="col" class="govuk-table__header">Level</th>' in html
    assert '<td class="govuk-table__cell">Data on request</td>' in html


def test_call_to_action_block_is_a_start_button():
    value = {
        "heading": "",
        "text": "",
        "link": {
            "text": "Browse the standard",
            "page": None,
            "url": "https://example.org/standards/",
        },
    }

    html = render(CallToActionBlock(), value)

    assert 'class="govuk-button govuk-button--start"' in html
    assert 'href="https://example.org/standards/"' in html


def test_related_links_block_lists_each_link():
    value = {
        "heading": "Related content",
        "links": [{"text": "Procurement", "page": None, "url": "https://example.org/procurement/"}],
    }

    html = render(RelatedLinksBlock(), value)

    assert '<h2 class="govuk-heading-m"' in html
    assert '<a class="govuk-link" href="https://example.org/procurement/">Procurement</a>' in html


def test_a_link_needs_a_page_or_a_url_but_not_both():
    from wagtail.blocks import StructBlockValidationError

    block = CallToActionBlock()
    value = block.to_python({"link": {"text": "Go", "page": None, "url": ""}})

    with pytest.raises(StructBlockValidationError):
        block.clean(value)
