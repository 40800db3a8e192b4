"""The checker's limits on the shape of a file: each refused early, with a message naming it.

Columns, the length of a line and of a cell, and how deep JSON nests are limited, so the cost
of a check grows with the size of the upload and no faster; how long the worst cases take is
measured by ``manage.py benchmark_checker``, not here.
"""

import json
from collections.abc import Iterator

import pytest

from adoption.checker.engine import (
    LISTED_PER_TYPE,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    CheckRefused,
    check_extract,
)
from adoption.checker.reading import CHUNK_BYTES, MAX_DEPTH, MAX_LINE_CHARS, lines
from tests.adoption.checker.test_catalogue import HEADER, build_checker_standard

pytestmark = pytest.mark.django_db

GOOD = "WO-1,EMG,open,12.5,2026-01-01T09:00:00Z,,true,2,,,,"


@pytest.fixture
def repairs(steward):
    return build_checker_standard(steward=steward)


def check(repairs, chunks, name="extract.csv"):
    return check_extract(version=repairs.version, component=repairs.order, name=name, chunks=chunks)


def refusal(repairs, content: str | bytes, name="extract.csv") -> CheckRefused:
    data = content.encode() if isinstance(content, str) else content
    chunks = [data[i : i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES)]
    with pytest.raises(CheckRefused) as refused:
        check(repairs, chunks, name)
    return refused.value


class CountedChunks:
    """``size`` bytes of ``byte`` in chunks, counting how many the checker asked for."""

    def __init__(self, size: int, *, prefix: bytes = b"", byte: bytes = b"a") -> None:
        self.size, self.prefix, self.byte = size, prefix, byte
        self.taken = 0

    def __iter__(self) -> Iterator[bytes]:
        yield self.prefix
        for _ in range(self.size // CHUNK_BYTES):
            self.taken += 1
            yield self.byte * CHUNK_BYTES


def test_a_header_with_more_columns_than_the_limit_is_refused(repairs):
    header = ",".join(f"column {n}" for n in range(MAX_COLUMNS + 1))

    refused = refusal(repairs, f"{header}\n{GOOD}\n")

    assert refused.code == "too_many_columns"
    assert refused.message == (
        f"The selected file has {MAX_COLUMNS + 1} columns. "
        f"Upload a file with {MAX_COLUMNS} columns or fewer"
    )


def test_a_header_at_the_column_limit_is_checked(repairs):
    extra = ",".join(f"column {n}" for n in range(MAX_COLUMNS - HEADER.count(",") - 1))

    report = check(repairs, [f"{HEADER},{extra}\n{GOOD}\n".encode()])

    assert report.rows == 1
    assert len(report.unrecognised) == MAX_COLUMNS - HEADER.count(",") - 1


def test_json_records_with_more_property_names_than_the_limit_are_refused(repairs):
    records = [{f"property {n}": 1} for n in range(MAX_COLUMNS + 1)]

    refused = refusal(repairs, json.dumps(records), name="extract.json")

    assert refused.code == "too_many_columns"
    assert refused.message.endswith(f"Upload a file with {MAX_COLUMNS} properties or fewer")


def test_a_line_longer_than_the_limit_is_refused_without_reading_the_rest(repairs):
    # 49 MB with no newline: refused once the line passes the limit, not after reading it all.
    upload = CountedChunks(49 * 1024 * 1024)

    with pytest.raises(CheckRefused) as refused:
        check(repairs, upload)

    assert refused.value.code == "line_too_long"
    assert refused.value.message == (
        f"Line 1 of the selected file is longer than {MAX_LINE_CHARS:,} characters. "
        f"Upload a file with lines of {MAX_LINE_CHARS:,} characters or fewer"
    )
    assert upload.taken <= MAX_LINE_CHARS // CHUNK_BYTES + 1


def test_a_long_data_line_is_refused_with_its_number(repairs):
    refused = refusal(repairs, f"{HEADER}\n{GOOD}\n{GOOD}{'x' * MAX_LINE_CHARS}\n")

    assert refused.code == "line_too_long"
    assert refused.message.startswith("Line 3 of the selected file is longer than")


def test_a_line_cut_into_many_pieces_is_put_back_together():
    pieces = ["ab", "c", "", "d\ne", "f\n", "\n", "g"]

    assert list(lines(pieces)) == ["abcd\n", "ef\n", "\n", "g"]


def test_a_line_just_inside_the_limit_is_read():
    line = "x" * MAX_LINE_CHARS

    assert list(lines([line[:10], line[10:], "\n"])) == [f"{line}\n"]


def test_a_cell_longer_than_the_limit_is_refused(repairs):
    long_cell = "W" * (MAX_CELL_CHARS + 1)

    refused = refusal(repairs, f"{HEADER}\n{GOOD}\n{long_cell}{GOOD[4:]}\n")

    assert refused.code == "cell_too_long"
    assert refused.message == (
        f"Line 3 of the selected file has a cell longer than {MAX_CELL_CHARS:,} characters. "
        f"Upload a file with cells of {MAX_CELL_CHARS:,} characters or fewer"
    )


def test_a_header_cell_longer_than_the_limit_is_refused(repairs):
    refused = refusal(repairs, f"{HEADER},{'h' * (MAX_CELL_CHARS + 1)}\n{GOOD}\n")

    assert refused.code == "cell_too_long"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep.json", '[{"a":' + "[" * 50_000),
        ("deep.ndjson", '{"a":' + "[" * 50_000),
        ("deep.json", "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)),
    ],
)
def test_json_nested_deeper_than_the_limit_is_refused(repairs, name, content):
    refused = refusal(repairs, content, name=name)

    assert refused.code == "too_deep"
    assert refused.message == (
        f"The selected file has lists or objects nested more than {MAX_DEPTH} levels deep. "
        f"Upload a file with records nested {MAX_DEPTH} levels deep or fewer"
    )


def test_deep_json_is_refused_without_reading_the_rest(repairs):
    upload = CountedChunks(49 * 1024 * 1024, prefix=b'[{"a":', byte=b"[")

    with pytest.raises(CheckRefused, match="nested more than"):
        check(repairs, upload, name="deep.json")

    assert upload.taken == 1


def test_brackets_inside_json_strings_do_not_count_as_nesting(repairs):
    record = {"order_id": "[" * 1000 + '\\"{' * 1000}

    report = check(repairs, [json.dumps([record]).encode()], name="extract.json")

    assert report.rows == 1


def test_a_csv_cell_of_deep_json_is_refused(repairs):
    deep = "[" * 5000
    row = GOOD.split(",")
    row[9] = f'"{deep}"'

    refused = refusal(repairs, f"{HEADER}\n{','.join(row)}\n")

    assert refused.code == "too_deep"


def test_errors_listed_stop_at_the_limit_while_all_are_counted(repairs):
    bad = "X-2,ZZZ,open,abc,2026-01-01T09:00:00Z,,true,2,,,,"
    rows = LISTED_PER_TYPE * 3

    report = check(repairs, ["\n".join([HEADER] + [bad] * rows).encode()]).as_dict()

    for group in report["errors"]["by_type"]:
        assert len(group["listed"]) <= LISTED_PER_TYPE
    assert report["errors"]["total"] >= rows * 3


def test_long_names_are_shortened_in_the_report(repairs):
    long_name = "n" * 5000
    records = [{long_name: 1, "order_id": "WO-1"}]

    report = check(repairs, [json.dumps(records).encode()], name="extract.json").as_dict()

    [shown] = report["columns"]["unrecognised"]
    assert len(shown) == 200
    for group in report["errors"]["by_type"]:
        assert all(len(item["column"]) <= 200 for item in group["listed"])
