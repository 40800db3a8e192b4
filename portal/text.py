"""Clean free text typed into search boxes before it reaches a database's query syntax."""

import re
import unicodedata

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
