"""Reading an upload a chunk at a time: wherever the chunks split, the result is the same."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoption.checker.reading import CheckRefused, json_values, lines, text_chunks
from portal.text import undecodable_line


def split(data, cuts):
    points = sorted({cut % (len(data) + 1) for cut in cuts})
    pieces, start = [], 0
    for point in [*points, len(data)]:
        pieces.append(data[start:point])
        start = point
    return pieces


CUTS = st.lists(st.integers(min_value=0, max_value=10_000), max_size=12)


@settings(max_examples=80, derandomize=True)
@given(st.text(max_size=60), CUTS, st.booleans())
def test_text_is_decoded_whole_wherever_the_chunks_split(text, cuts, bom):
    data = ("\ufeff" if bom else "").encode() + text.encode()
    assert "".join(text_chunks(split(data, cuts))) == text.removeprefix("\ufeff" * (not bom))


@settings(max_examples=80, derandomize=True)
@given(st.lists(st.text(alphabet="ab\n", max_size=8), max_size=6), CUTS)
def test_the_first_bad_line_is_the_one_undecodable_line_names(parts, cuts):
    data = b"\xff".join(part.encode() for part in parts) if len(parts) > 1 else b"ok\n\xe9"
    expected = undecodable_line(data)

    with pytest.raises(CheckRefused) as refused:
        list(text_chunks(split(data, cuts)))

    assert refused.value.code == "not_utf8"
    assert f"Line {expected} " in refused.value.message


def test_lines_keep_their_endings_across_chunks():
    assert list(lines(["a,b\r", "\nc", ",d\n", "e"])) == ["a,b\r\n", "c,d\n", "e"]


RECORDS = st.lists(
    st.dictionaries(
        st.text(max_size=4),
        st.one_of(st.integers(), st.text(max_size=5), st.none(), st.floats(allow_nan=False)),
        max_size=3,
    ),
    max_size=5,
)


@settings(max_examples=80, derandomize=True)
@given(RECORDS, CUTS, st.sampled_from(["list", "lines", "pretty"]))
def test_json_records_come_out_whole_wherever_the_chunks_split(records, cuts, layout):
    if layout == "list":
        text = json.dumps(records)
    elif layout == "pretty":
        text = json.dumps(records, indent=2)
    else:
        text = "\n".join(json.dumps(record) for record in records) or "[]"
    assert list(json_values(split(text, cuts))) == records


def test_a_number_split_between_chunks_is_read_whole():
    assert list(json_values(["[12", "34, 5", "6]"])) == [1234, 56]
    assert list(json_values(["12", "34\n5", "6"])) == [1234, 56]


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("[1, 2", "not closed"),
        ("[1 2]", "separated by commas"),
        ("[1,]", "record 2"),
        ("[1] [2]", "after the end"),
        ('{"a": "unclosed', "record 1"),
        ("{} nonsense", "record 2"),
    ],
)
def test_broken_json_is_refused_with_where_it_broke(text, detail):
    with pytest.raises(CheckRefused) as refused:
        list(json_values(split(text, [3, 7])))
    assert detail in refused.value.message


def test_an_unclosed_record_is_refused_before_it_fills_memory(monkeypatch):
    monkeypatch.setattr("adoption.checker.reading.MAX_RECORD_CHARS", 100)
    endless = ('{"a": "' + "x" * 50 for _ in range(10_000))

    with pytest.raises(CheckRefused) as refused:
        list(json_values(endless))

    assert "too long or not closed" in refused.value.message
