"""Clean free text typed into search boxes before it reaches a database's query syntax."""

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
