"""The one rule for the names that address elements of the standard: component keys, attribute
keys and names, and code values. The importers and the change editor both ask it, so a name
the editor refuses can never arrive by import, and the other way round.

Pure: no Django, no database. Each ``*_problem`` function returns None for a good name, or a
GOV.UK-style message saying what to enter instead. Names are published for ever (a removed name
is reserved), so the rule errs on the strict side:

- **Component keys** are lower-case letters, digits, hyphens and underscores, up to 100
  characters, starting with a letter or digit: they appear in addresses (``work-order``).
- **Attribute keys and names** are JSON property names that every language can use: a letter,
  ``_`` or ``$`` first, then letters, digits, ``_``, ``-`` or ``.``, up to 200 characters.
  Letters are any script's (``Straße``, ``房间数量``); spaces, punctuation, markup and control
  characters are refused.
- **Code values** are what real code lists hold (``MH1.02``, ``AGE1``, ``Not known``): up to
  200 characters, starting with a letter or digit, with single spaces between words allowed,
  but no markup characters (``<``, ``>``, ``&``, ``"``, ``\\``), no slash (it separates a
  component from its member in element paths) and no control, format or bidi characters.
"""

import re
import unicodedata

from portal.text import hidden_characters

COMPONENT_KEY_MAX = 100
MEMBER_KEY_MAX = 200

_COMPONENT_KEY = re.compile(rf"[a-z0-9][a-z0-9_-]{{0,{COMPONENT_KEY_MAX - 1}}}")
# ``[^\W\d]`` is a letter or underscore in any script: ``\w`` less the digits.
_ATTRIBUTE_NAME = re.compile(rf"(?:[^\W\d]|\$)[\w.-]{{0,{MEMBER_KEY_MAX - 1}}}")
_CODE_VALUE_REFUSED = frozenset('<>&"\\/')


def component_key_problem(key: str) -> str | None:
    if isinstance(key, str) and _COMPONENT_KEY.fullmatch(key):
        return None
    return (
        "Enter a key of lower-case letters, numbers, hyphens and underscores, "
        f"up to {COMPONENT_KEY_MAX} characters, like work-order"
    )


def attribute_name_problem(name: str) -> str | None:
    if isinstance(name, str) and _ATTRIBUTE_NAME.fullmatch(name):
        return None
    return (
        "Enter a name that starts with a letter and has only letters, numbers, underscores, "
        f"hyphens and full stops, up to {MEMBER_KEY_MAX} characters, like repair_priority"
    )


def _code_value_ok(value: str) -> bool:
    return (
        0 < len(value) <= MEMBER_KEY_MAX
        and value[0].isalnum()
        and value == value.strip()
        and "  " not in value
        and not any(
            character in _CODE_VALUE_REFUSED
            or (character != " " and unicodedata.category(character)[0] in "CZ")
            for character in value
        )
    )


def code_value_problem(value: str) -> str | None:
    if isinstance(value, str) and _code_value_ok(value):
        return None
    hidden = hidden_characters(value) if isinstance(value, str) else []
    if hidden:
        return (
            f"It has {'a hidden character' if len(hidden) == 1 else 'hidden characters'}, "
            f"{'; '.join(hidden)}, which would make it look like another code. Remove "
            f"{'it' if len(hidden) == 1 else 'them'}"
        )
    return (
        "Enter a code that starts with a letter or number, with single spaces between words "
        'and none of < > & " \\ / or hidden characters, up to '
        f"{MEMBER_KEY_MAX} characters, like MH1.02"
    )
