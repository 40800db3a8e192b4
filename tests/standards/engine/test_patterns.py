"""Patterns are read as ECMA-262 with the unicode flag, the dialect JSON Schema names."""

import pytest

from standards.engine.patterns import pattern_compile, pattern_fault, pattern_problem


@pytest.mark.parametrize(
    "pattern",
    [r"^\p{L}+$", r"^(?<area>[A-Z]{1,2})[0-9]", r"^[A-Z]{2}[0-9]{6}[A-D]$", r"\u00df", ""],
)
def test_ecma_patterns_are_accepted(pattern):
    assert pattern_problem(pattern) is None


@pytest.mark.parametrize("pattern", [r"^(?P<area>[A-Z])", r"abc\Z", r"(?i)abc"])
def test_patterns_only_python_reads_are_refused_and_said_to_be_python(pattern):
    assert "Python's dialect" in pattern_fault(pattern)


@pytest.mark.parametrize("pattern", ["[A-Z", "*abc", "(unclosed"])
def test_broken_patterns_are_refused_without_blaming_python(pattern):
    fault = pattern_fault(pattern)

    assert "ECMA-262" in fault
    assert "Python" not in fault


def test_a_very_long_pattern_is_refused_before_it_is_compiled():
    assert "longer than" in pattern_fault("a" * 10_001)


def test_a_compiled_pattern_searches_anywhere_as_json_schema_means():
    letters = pattern_compile(r"\p{Lu}")

    assert letters.search("abcD")
    assert not letters.search("abcd")
    assert pattern_compile(r"^\p{L}+$").search("Straße")


def test_an_unreadable_pattern_compiles_to_none():
    assert pattern_compile("[A-Z") is None
