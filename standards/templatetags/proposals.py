"""Template helpers for proposals: the word-level redline, and "your proposals" on the account page.

The redline builds its HTML only with ``format_html`` and ``format_html_join``, so every piece of
text it is given is escaped; nothing here marks user text safe.
"""

import difflib
import re

from django import template
from django.utils.html import format_html, format_html_join

from standards.engine import diff
from standards.engine.markdown import render_markdown, render_release_notes
from standards.proposals.selectors import proposals_by_author, proposals_watched

register = template.Library()

_TOKENS = re.compile(r"\s+|[^\s]+")
# Past this many words either side, a word diff costs more than it tells: show old and new whole.
MAX_REDLINE_TOKENS = 4000
YOUR_PROPOSALS_LIMIT = 20


def _text(value) -> str:
    if isinstance(value, str):
        return value
    if value is None or value in ([], {}):
        return ""
    return diff.display_value(value)


def _removed(text: str):
    return format_html(
        '<del class="app-redline__removed"><span class="govuk-visually-hidden">removed: </span>'
        '{}</del><span class="govuk-visually-hidden">;</span>',
        text,
    )


def _added(text: str):
    return format_html(
        '<ins class="app-redline__added"><span class="govuk-visually-hidden">added: </span>'
        '{}</ins><span class="govuk-visually-hidden">;</span>',
        text,
    )


def redline_html(old, new):
    """``old`` against ``new`` word by word: deletions in ``<del>``, insertions in ``<ins>``.

    Values that are not text (flags, lists, mappings) are compared whole, as a person reads them.
    """
    words = isinstance(old, str | type(None)) and isinstance(new, str | type(None))
    old_text, new_text = _text(old), _text(new)
    if old_text == new_text:
        return format_html('<span class="app-redline">{}</span>', new_text or diff.EMPTY_DISPLAY)
    if not words:
        parts = [_removed(diff.display_value(old)), " ", _added(diff.display_value(new))]
    else:
        old_tokens = _TOKENS.findall(old_text)
        new_tokens = _TOKENS.findall(new_text)
        if len(old_tokens) + len(new_tokens) > MAX_REDLINE_TOKENS:
            parts = [_removed(old_text), " ", _added(new_text)]
        else:
            parts = []
            matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag == "equal":
                    parts.append("".join(old_tokens[i1:i2]))
                    continue
                if tag in ("delete", "replace"):
                    parts.append(_removed("".join(old_tokens[i1:i2])))
                if tag in ("insert", "replace"):
                    parts.append(_added("".join(new_tokens[j1:j2])))
    return format_html(
        '<span class="app-redline">{}</span>',
        format_html_join("", "{}", ((part,) for part in parts)),
    )


@register.filter
def redline(old, new):
    """``{{ old|redline:new }}``: a word-level redline of two values."""
    return redline_html(old, new)


@register.filter
def field_redline(change: diff.FieldChange):
    """``{{ field|field_redline }}``: the redline of one ``diff.FieldChange``."""
    return redline_html(change.old, change.new)


@register.filter
def display_value(value) -> str:
    return diff.display_value(value)


@register.inclusion_tag("standards/includes/your_proposals.html")
def your_proposals(user):
    """The account page's "Your proposals" and "Proposals you watch". Two queries."""
    if not user.is_authenticated:
        return {"authored": [], "watched": []}
    return {
        "authored": list(proposals_by_author(user=user)[:YOUR_PROPOSALS_LIMIT]),
        "watched": list(proposals_watched(user=user)[:YOUR_PROPOSALS_LIMIT]),
    }


@register.filter
def markdown(text: str):
    """A comment's or an objection's Markdown as sanitised HTML (``standards.engine.markdown``)."""
    return render_markdown(text)


@register.filter
def release_notes(text: str):
    """Release notes' Markdown as sanitised HTML, headings from h3 (standards.engine.markdown)."""
    return render_release_notes(text)


@register.filter
def person(user) -> str:
    """How a person is named on public pages: never by their email address."""
    if user is None:
        return "The portal"
    return user.get_full_name() or "A member"


@register.filter
def words(name: str) -> str:
    """A field name as words: ``use_case`` becomes ``use case``."""
    return str(name).replace("_", " ")
