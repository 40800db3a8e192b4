"""``portal.text.JsonNesting``: the depth of JSON, measured without parsing, in any pieces."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.text import JsonNesting, json_too_deep

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab\n'),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(alphabet='[]{}"\\ab', max_size=4), children, max_size=3)
    ),
    max_leaves=12,
)


def depth(value) -> int:
    if isinstance(value, dict | list):
        children = value.values() if isinstance(value, dict) else value
        return 1 + max((depth(child) for child in children), default=0)
    return 0


@settings(max_examples=100, derandomize=True)
@given(values, st.lists(st.integers(min_value=0, max_value=400), max_size=8))
def test_the_depth_agrees_with_json_wherever_the_text_is_cut(value, cuts):
    text = json.dumps(value, ensure_ascii=False)
    points = sorted({cut % (len(text) + 1) for cut in cuts})
    ends = [*points, len(text)]
    pieces = [text[start:end] for start, end in zip([0, *points], ends, strict=True)]
    real = depth(value)
    at_limit, under_limit = JsonNesting(real), JsonNesting(max(real - 1, 0))

    for piece in pieces:
        at_limit.feed(piece)
        under_limit.feed(piece)

    assert not at_limit.too_deep
    assert under_limit.too_deep == (real > 0)


def test_brackets_in_strings_and_escaped_quotes_do_not_count():
    assert not json_too_deep('["[[[[", "\\"[[[[", {"{{{{": "]]]]"}]', 2)


def test_fifty_thousand_brackets_are_too_deep():
    assert json_too_deep('[{"a":' + "[" * 50_000, 32)
