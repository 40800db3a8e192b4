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
