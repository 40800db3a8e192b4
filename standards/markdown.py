"""Markdown for comments: rendered with markdown-it-py, then sanitised with nh3.

Raw HTML in the source is not rendered at all (``html=False``), and nh3 then removes anything
outside a short allow-list, so a comment can carry emphasis, lists, code and links but never
markup of its own. Links are marked ``nofollow`` and kept to http, https and mailto.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
_TAGS = {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr"}
_ATTRIBUTES = {"a": {"href"}}


def render_markdown(text: str) -> SafeString:
    """Markdown to sanitised HTML, safe to insert in a page."""
    html = nh3.clean(
        _PARSER.render(text or ""),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    # nh3 has just removed everything outside the allow-list, so this output is safe to mark.
    return mark_safe(html)  # noqa: S308
