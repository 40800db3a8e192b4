"""Give Wagtail rich text the GOV.UK typography classes and anchorable headings."""

import re
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.text import slugify

TAG_CLASSES = {
    "h2": "govuk-heading-l",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
}
OPENING_TAG = re.compile(r"<(h2|h3|h4|p|ul|ol|a)(\s[^>]*)?>")
HEADING = re.compile(r"<h2(?:\s[^>]*)?>(.*?)</h2>", re.DOTALL)


@dataclass(frozen=True)
class Heading:
    text: str
    anchor: str


def heading_anchor(text: str) -> str:
    return slugify(strip_tags(text)) or "section"


def headings_in(html: str) -> list[Heading]:
    return [
        Heading(text=strip_tags(match).strip(), anchor=heading_anchor(match))
        for match in HEADING.findall(html)
    ]


def govukify(html: str) -> str:
    def add_class(match: re.Match) -> str:
        tag, attributes = match.group(1), match.group(2) or ""
        if "class=" in attributes:
            return match.group(0)
        return f'<{tag} class="{TAG_CLASSES[tag]}"{attributes}>'

    html = OPENING_TAG.sub(add_class, html)
    return HEADING.sub(
        lambda m: (
            f'<h2 class="govuk-heading-l" id="{heading_anchor(m.group(1))}">{m.group(1)}</h2>'
        ),
        html,
    )
