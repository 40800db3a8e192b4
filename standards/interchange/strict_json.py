"""JSON that reads and writes back the same numbers, or says where it cannot.

Python's ``json`` turns ``1e400`` into ``inf`` and ``1e-400`` into ``0.0`` without a word, reads
``NaN`` and ``Infinity``, and writes ``inf`` back as ``Infinity``, which is not JSON. A schema
that silently gained an infinite maximum or lost its lower bound would accept different data
from its source. ``loads`` keeps every number that a double (or an exact integer) can hold and
puts an ``Unrepresentable`` in place of the rest, so the importer can refuse the file naming
each one by its JSON Pointer. Integers are Python integers, so ``2**53 + 1`` stays exact.
"""

import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from portal.text import json_too_deep

# The digits before the exponent, to tell "0.0e-5" (really zero) from "1e-400" (underflow).
_MANTISSA = re.compile(r"-?(?P<digits>[0-9.]+)")

# Deeper than any real schema or value, and well inside Python's recursion limit.
MAX_DEPTH = 100
TOO_LARGE = "is beyond the largest number JSON tools can hold, so they would read it as infinity"
TOO_SMALL = "is smaller than the smallest number JSON tools can hold, so they would read it as 0"


@dataclass(frozen=True)
class Unrepresentable:
    """A number in the file that JSON tools could not read back as written."""

    text: str
    reason: str


def _float(text: str) -> float | Unrepresentable:
    value = float(text)
    if not math.isfinite(value):
        return Unrepresentable(text, TOO_LARGE)
    if value == 0:
        match = _MANTISSA.match(text)
        if match and match["digits"].strip("0.") != "":
            return Unrepresentable(text, TOO_SMALL)
    return value


def _int(text: str) -> int | Unrepresentable:
    try:
        return int(text)
    except ValueError:
        # Python refuses integers of more than 4,300 digits rather than spend time on them.
        return Unrepresentable(text[:20] + "…", "has too many digits to read")


def _constant(text: str) -> Unrepresentable:
    return Unrepresentable(text, "is not a JSON number (JSON has no NaN or Infinity)")


class TooDeep(ValueError):  # noqa: N818 - reads as an outcome, like Unrepresentable
    """The text nests objects and arrays more deeply than the caller allows."""


class NamedTwice(dict):
    """An object in which some names appeared more than once; ``twice`` lists them.

    Python's ``json`` keeps the last value of a repeated name without a word; RFC 8259 says
    names SHOULD be unique and leaves the meaning to each reader, so readers disagree. The
    object keeps the last value, as ``json`` would, and remembers the names so the caller can
    refuse the file by pointer.
    """

    twice: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> dict:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    counts: dict[str, int] = {}
    for name, _value in pairs:
        counts[name] = counts.get(name, 0) + 1
    marked = NamedTwice(result)
    marked.twice = tuple(name for name, count in counts.items() if count > 1)
    return marked


def loads(text: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` with out-of-range numbers and NaN/Infinity left as ``Unrepresentable``,
    and objects with a repeated name returned as ``NamedTwice`` (see ``named_twice``).

    Raises ``TooDeep`` when objects and arrays nest more than ``max_depth`` levels: ``json``
    recurses once per level, so thousands of ``[`` would otherwise end in a RecursionError.
    """
    if json_too_deep(text, max_depth):
        raise TooDeep(f"The JSON is nested more than {max_depth} levels deep")
    return json.loads(
        text,
        parse_float=_float,
        parse_int=_int,
        parse_constant=_constant,
        object_pairs_hook=_object,
    )


def named_twice(document: Any) -> list[str]:
    """The JSON Pointer of every name given more than once in one object, in file order."""
    return [
        json_pointer(*parts, name)
        for parts, value in _walk(document)
        if isinstance(value, NamedTwice)
        for name in value.twice
    ]


def dumps(value: Any, **options) -> str:
    """``json.dumps`` that refuses (ValueError) rather than write NaN or Infinity."""
    return json.dumps(value, allow_nan=False, **options)


def unrepresentable(document: Any) -> list[tuple[str, Unrepresentable]]:
    """Each ``Unrepresentable`` in a loaded document with its JSON Pointer, in file order."""
    return [
        (json_pointer(*parts), value)
        for parts, value in _walk(document)
        if isinstance(value, Unrepresentable)
    ]


def _walk(document: Any):
    """(path parts, value) for the document and each value inside it, in file order, without
    recursion (a document may nest up to ``MAX_DEPTH`` levels)."""
    stack: list[tuple[tuple, Any]] = [((), document)]
    while stack:
        parts, value = stack.pop()
        yield parts, value
        if isinstance(value, dict):
            stack.extend(((*parts, key), child) for key, child in reversed(value.items()))
        elif isinstance(value, list):
            indexed = list(enumerate(value))
            stack.extend(((*parts, index), child) for index, child in reversed(indexed))


def doubles_restored(value: Any) -> Any:
    """``value`` with the doubles PostgreSQL gave back as integers made doubles again.

    ``jsonb`` keeps a number as an exact decimal, so ``1e300`` read back is a 301-digit integer
    and ``-1.7976931348623157e308`` a 309-digit one. Written out so, Python's ``json`` would read
    an integer where the source file gave a double, and a validator would compare differently.
    An integer beyond 2^53 that is exactly the decimal of a double's shortest spelling is taken
    for that double; any other integer (``2**53 + 1``) is a real integer and stays exact.
    """
    if isinstance(value, dict):
        return {key: doubles_restored(item) for key, item in value.items()}
    if isinstance(value, list):
        return [doubles_restored(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        try:
            double = float(value)
        except OverflowError:
            return value
        if int(Decimal(repr(double))) == value:
            return double
    return value


def json_pointer(*parts: str | int) -> str:
    """An RFC 6901 pointer, escaping ``~`` and ``/`` inside names."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "".join(f"/{part}" for part in escaped)
