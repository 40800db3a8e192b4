"""Text hygiene: free text typed by people, checked in one place before it is stored or searched.

``text_problem`` is the one rule for every user text field (forms, through
``portal.forms.TextHygieneMixin``; the API's write schemas; the change engine's text values):
control characters and the Unicode controls that reorder text are refused, with a message that
names each one and where it is. ``clean_search_text`` cleans search boxes, and the rest helps
the importers read files.
"""

import re
import unicodedata

from django.utils import timezone

# SQLite's full-text search wraps each term in double quotes, so a stray quote breaks the
# query; NUL and other control characters are refused by PostgreSQL and SQLite alike.
SEARCH_UNSAFE = {'"'}


def clean_search_text(text: str) -> str:
    """Words as typed, without quotes or control characters, and with spaces collapsed."""
    kept = (
        " "
        if character in SEARCH_UNSAFE or unicodedata.category(character)[0] == "C"
        else character
        for character in text or ""
    )
    return " ".join("".join(kept).split())


# The Unicode bidirectional controls: marks, embeddings, overrides and isolates. Text holding
# them can display in a different order from how it is stored ("Trojan Source", CVE-2021-42574).
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Line breaks and tabs are part of text; every other control character is not.
TEXT_WHITESPACE = frozenset("\t\n\r")


def hidden_characters(value: str, *, refused=None) -> list[str]:
    """Each character of ``value`` that ``refused`` says yes to, named so a person can find it.

    By default: control, format, private-use, unassigned and line or paragraph separator
    characters (Unicode categories Cc, Cf, Co, Cn, Zl, Zp). ``"DAMP2\u200b"`` gives
    ``["ZERO WIDTH SPACE (U+200B) after “DAMP2”"]``.
    """
    refused = refused or (
        lambda character: unicodedata.category(character) in {"Cc", "Cf", "Co", "Cn", "Zl", "Zp"}
    )
    found = []
    for index, character in enumerate(value):
        if refused(character):
            name = unicodedata.name(character, None) or (
                "CONTROL CHARACTER" if unicodedata.category(character) == "Cc" else "CHARACTER"
            )
            before = value[max(0, index - 20) : index].rsplit("\n", 1)[-1]
            place = f"after “{before}”" if before else "at the start"
            found.append(f"{name} (U+{ord(character):04X}) {place}")
    return found


def _refused_in_text(character: str) -> bool:
    if character in BIDI_CONTROLS or character == "\ufeff":
        return True
    return unicodedata.category(character) in {"Cc", "Zl", "Zp"} and character not in (
        TEXT_WHITESPACE
    )


def text_problem(value: str) -> str | None:
    """None for text fit to store; otherwise a GOV.UK-style message naming what to remove.

    Refused: control characters other than tab and line breaks, the bidirectional controls
    (which can make text display in a different order from how it is stored), the byte order
    mark, and line and paragraph separators. Zero-width joiners, soft hyphens and the like are
    kept: scripts and emoji need them, and they cannot reorder text.
    """
    found = hidden_characters(value, refused=_refused_in_text)
    if not found:
        return None
    return (
        f"Remove the hidden {'character' if len(found) == 1 else 'characters'}: "
        f"{'; '.join(found[:3])}{' and others' if len(found) > 3 else ''}. They can make text "
        "show differently from what was typed"
    )


def header_key(text: str) -> str:
    """A column heading as matching sees it: ``" Parent_code "`` and ``"parent code"`` agree.

    Case is folded, a byte order mark and surrounding space are dropped, and runs of spaces,
    underscores and hyphens become one space. Used by every importer and checker that reads a
    header row, so they match headings the same way.
    """
    words = text.removeprefix("\ufeff").casefold().replace("_", " ").replace("-", " ").split()
    return " ".join(words)


def undecodable_line(content: bytes) -> int | None:
    """The 1-based line of the first byte that is not UTF-8, or None when all of it decodes.

    A UTF-8 byte order mark is allowed. Lines are counted by ``\\n``.
    """
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return content[: error.start].count(b"\n") + 1
    return None


SEPARATOR_NAMES = {";": "semicolons", "\t": "tabs"}


def mistaken_separator(header_line: str) -> str | None:
    """How a CSV header line seems to be separated, when it is not by commas.

    Returns ``"semicolons"`` or ``"tabs"`` when the line holds more of that character than of
    commas (spreadsheets in some locales save "CSV" that way), otherwise None.
    """
    for separator, name in SEPARATOR_NAMES.items():
        if header_line.count(separator) > header_line.count(","):
            return name
    return None


# JSON nesting ---------------------------------------------------------------------------------

# Python's ``json`` recurses once per level of nesting, so a file of 50,000 ``[`` exhausts the
# stack (RecursionError) before it can say the JSON is bad. Every upload that parses JSON
# measures the nesting first with ``JsonNesting``, which reads the text once, without recursion.
# Inside a string, brackets do not count: the string's end is found by one regular expression
# (an unfinished string runs to the end of the text, so the scan stays linear).
# One step per run, not per character: a run of openers (depth only rises through it), a run
# of closers (it only falls), or a run of anything else with whole strings in it (no change).
# A string not closed in this piece leaves a lone quote, and the scan goes on inside it.
_JSON_STRUCTURE = re.compile(
    r'(?P<open>[\[{]+)|(?P<close>[\]}]+)|(?:[^"\[\]{}]+|"[^"\\]*(?:\\.[^"\\]*)*")+|(?P<quote>")',
    re.DOTALL,
)
_JSON_STRING_REST = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*', re.DOTALL)


class JsonNesting:
    """How deep JSON text nests, fed a piece at a time (pieces may split anywhere).

    ``feed`` returns True once objects and arrays nest more than ``limit`` levels deep, and
    keeps returning True after that. Brackets that do not balance are left for the JSON parser
    to report; this only counts.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.depth = 0
        self.too_deep = False
        self._in_string = False
        self._escaped = False  # the last piece ended with a backslash inside a string

    def feed(self, text: str) -> bool:
        position, end = 0, len(text)
        while position < end and not self.too_deep:
            if self._in_string:
                if self._escaped:
                    position += 1
                    self._escaped = False
                    continue
                position = _JSON_STRING_REST.match(text, position).end()
                if position == end:
                    break
                if text[position] == "\\":  # a backslash at the very end of the piece
                    self._escaped = True
                    position += 1
                    continue
                self._in_string = False  # the closing quote
                position += 1
                continue
            found = _JSON_STRUCTURE.search(text, position)
            if found is None:
                break
            position = found.end()
            kind = found.lastgroup
            if kind == "quote":
                self._in_string = True
            elif kind == "open":
                self.depth += len(found.group())
                self.too_deep = self.depth > self.limit
            elif kind == "close":
                self.depth = max(self.depth - len(found.group()), 0)
        return self.too_deep


def json_too_deep(text: str, limit: int) -> bool:
    """Whether objects and arrays in ``text`` nest more than ``limit`` levels deep."""
    return JsonNesting(limit).feed(text)


def govuk_time(moment) -> str:
    """A time as GOV.UK writes it, in the site's time zone: 9am, 12:05pm, midday, midnight."""
    local = timezone.localtime(moment)
    if local.minute == 0 and local.hour in {0, 12}:
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def govuk_datetime(moment, *, month: str = "F") -> str:
    """A date and time as GOV.UK writes them: 7 December 2026 at 12:05pm (``month="M"``: Dec)."""
    local = timezone.localtime(moment)
    name = local.strftime("%B" if month == "F" else "%b")
    return f"{local.day} {name} {local.year} at {govuk_time(local)}"
