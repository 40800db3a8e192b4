"""Markdown for comments: rendered with markdown-it-py, then sanitised with nh3.

Raw HTML in the source is not rendered at all (``html=False``), and nh3 then removes anything
outside a short allow-list, so a comment can carry emphasis, lists, code and links but never
markup of its own. Links are marked ``nofollow`` and kept to http, https and mailto.
"""

import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
_TAGS = {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr"}
_ATTRIBUTES = {"a": {"href"}}


def _sanitised(html: str, *, tags: set[str]) -> SafeString:
    html = nh3.clean(
        html,
        tags=tags,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    # nh3 has just removed everything outside the allow-list, so this output is safe to mark.
    return mark_safe(html)  # noqa: S308


def render_markdown(text: str) -> SafeString:
    """Markdown to sanitised HTML, safe to insert in a page."""
    return _sanitised(_PARSER.render(text or ""), tags=_TAGS)


_NOTES_TAGS = _TAGS | {"h3", "h4", "h5", "h6"}
_HEADING_RE = re.compile(r"<(/?)h([1-6])>")


def render_release_notes(text: str) -> SafeString:
    """Release notes: as comments, plus section headings (Added, Changed, ...).

    The page gives the notes an h2 of their own, so the notes' headings start at h3.
    """
    html = _HEADING_RE.sub(
        lambda match: f"<{match[1]}h{min(max(int(match[2]) + 1, 3), 6)}>",
        _PARSER.render(text or ""),
    )
    return _sanitised(html, tags=_NOTES_TAGS)
