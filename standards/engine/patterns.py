"""Regular expressions as JSON Schema reads them: ECMA-262, with the unicode flag.

JSON Schema's ``pattern`` names ECMA-262 (the JavaScript dialect), and 2019-09 on say to read it
with the unicode flag, so ``\\p{L}`` is any letter and ``(?<name>…)`` a named group. Python's
``re`` reads a different dialect: it refuses ``\\p{L}`` and accepts ``(?P<name>…)`` and ``\\Z``,
which validators in other languages refuse. The portal publishes patterns for every language, so
it checks and runs them with ``regress``, a maintained ECMA-262 engine, in one place: the change
editor, the importers and the checker all ask this module.
"""

import re

import regress

FLAGS = "u"
# Longer than any real pattern; keeps a pasted file out of the regular expression compiler.
MAX_LENGTH = 10_000


def pattern_fault(pattern: str) -> str | None:
    """None for a pattern ECMA-262 accepts; otherwise what is wrong, in words.

    When Python's dialect accepts the pattern, the words say so, because that is the usual
    cause: a pattern written and tested in Python.
    """
    if len(pattern) > MAX_LENGTH:
        return f"it is longer than {MAX_LENGTH:,} characters"
    try:
        regress.Regex(pattern, FLAGS)
    except regress.RegressError as error:
        fault = (
            f"{str(error).lower() or 'it cannot be read'} in ECMA-262, the dialect JSON Schema uses"
        )
        if _python_reads(pattern):
            fault += (
                ". It is written in Python's dialect (for example (?P<name>…) or \\Z), which "
                "validators in other languages refuse"
            )
        return fault
    return None


def pattern_problem(pattern: str) -> str | None:
    """None for a pattern ECMA-262 accepts; otherwise a GOV.UK-style message saying why not."""
    fault = pattern_fault(pattern)
    if fault is None:
        return None
    return f"Enter a regular expression that JSON Schema can use. This one has a problem: {fault}"


def _python_reads(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    return True


class Pattern:
    """A compiled ECMA-262 pattern: ``search(text)`` is true when it matches anywhere, as
    JSON Schema's ``pattern`` means. ``pattern`` is the source text."""

    __slots__ = ("_regex", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._regex = regress.Regex(pattern, FLAGS)

    def search(self, text: str) -> bool:
        return self._regex.find(text) is not None


def pattern_compile(pattern: str) -> Pattern | None:
    """The compiled pattern, or None when ECMA-262 cannot read it (see ``pattern_fault``)."""
    if pattern_fault(pattern) is not None:
        return None
    return Pattern(pattern)
