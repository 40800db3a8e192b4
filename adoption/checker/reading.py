"""Reading an uploaded extract a piece at a time, so memory stays flat however big it is.

Bytes come from ``UploadedFile.chunks()``, go through an incremental UTF-8 decoder, and leave
as lines (for CSV and NDJSON) or as one JSON value at a time (for a JSON array, a single
object, or objects one after another). Nothing here keeps more than one chunk and one
unfinished record in memory.
"""

import codecs
import json
import re
from collections.abc import Iterable, Iterator

from adoption.exceptions import AdoptionError
from portal.text import JsonNesting

CHUNK_BYTES = 64 * 1024
# A single JSON record bigger than this is refused rather than buffered without end: a record
# of a housing extract is a few kilobytes, so one this big is almost always broken JSON (an
# unclosed string or bracket) that would otherwise make us read the whole file into memory.
MAX_RECORD_CHARS = 1_000_000
# Limits on the shape of a file, so checking costs time in proportion to its size and a report
# stays small: a line (for CSV, a row) of a real extract is a few hundred characters, and its
# records nest a few levels at most. Each is refused with a message that names it.
MAX_LINE_CHARS = 1_000_000
MAX_DEPTH = 32


class CheckRefused(AdoptionError):  # noqa: N818 - reads as an outcome, like its siblings
    """The file cannot be checked at all. ``code`` says why, for the API."""

    code = "check_refused"
    default_message = "The selected file could not be checked"

    def __init__(self, message: str, *, code: str = "check_refused") -> None:
        super().__init__(message)
        self.code = code


def text_chunks(chunks: Iterable[bytes]) -> Iterator[str]:
    """Decode UTF-8 (a byte order mark is dropped) chunk by chunk.

    Raises ``CheckRefused`` naming the first line that is not UTF-8, counting lines by ``\\n``
    as ``portal.text.undecodable_line`` does.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    lines_before = 0
    first = True
    for chunk in chunks:
        pending = len(decoder.getstate()[0])
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as error:
            # The error's offset counts the few bytes the decoder held back from the last
            # chunk; they are part of one unfinished character, so never a newline.
            line = lines_before + chunk[: max(0, error.start - pending)].count(b"\n") + 1
            raise _not_utf8(line) from error
        if first and text:
            text = text.removeprefix("\ufeff")
            first = False
        lines_before += text.count("\n")
        if text:
            yield text
    try:
        tail = decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise _not_utf8(lines_before + 1) from error
    if tail:
        yield tail


def _not_utf8(line: int) -> CheckRefused:
    return CheckRefused(
        f"The selected file must be saved as UTF-8. Line {line} has characters that are not "
        "UTF-8: save the file again as “CSV UTF-8” or UTF-8 text",
        code="not_utf8",
    )


def lines(texts: Iterable[str], *, max_chars: int | None = None) -> Iterator[str]:
    """Lines ending in ``\\n`` (the last may not). Carriage returns are left for csv to handle.

    The unfinished line is kept as a list of pieces and joined once, when it ends: joining it
    to each new piece would copy it again every time, so one long line cost quadratic time.
    A line longer than ``max_chars`` is refused as soon as it gets that long.
    """
    limit = MAX_LINE_CHARS if max_chars is None else max_chars
    pending: list[str] = []
    pending_chars = 0
    number = 0
    for text in texts:
        parts = text.split("\n")
        last = parts.pop()
        for part in parts:
            number += 1
            if pending_chars + len(part) > limit:
                raise _line_too_long(number, limit)
            if pending:
                pending.append(part)
                part = "".join(pending)
                pending, pending_chars = [], 0
            yield part + "\n"
        if last:
            pending.append(last)
            pending_chars += len(last)
            if pending_chars > limit:
                raise _line_too_long(number + 1, limit)
    if pending:
        yield "".join(pending)


def too_deep() -> CheckRefused:
    return CheckRefused(
        f"The selected file has lists or objects nested more than {MAX_DEPTH} levels deep. "
        f"Upload a file with records nested {MAX_DEPTH} levels deep or fewer",
        code="too_deep",
    )


def _line_too_long(line: int, limit: int) -> CheckRefused:
    return CheckRefused(
        f"Line {line:,} of the selected file is longer than {limit:,} characters. Upload a "
        f"file with lines of {limit:,} characters or fewer",
        code="line_too_long",
    )


_DECODER = json.JSONDecoder()
_SPACE = " \t\r\n"
_SPACES = re.compile(r"[ \t\r\n]*")


def json_values(texts: Iterable[str]) -> Iterator[object]:
    """Records of a JSON file: the items of a top-level array, or top-level values in turn.

    So ``[{...}, {...}]``, a single ``{...}`` and ``{...}\\n{...}`` (NDJSON) all work. Each item
    is decoded as soon as it is complete; only the unfinished one is kept.
    """
    buffer = ""
    position = 0
    source = iter(texts)
    exhausted = False
    in_array: bool | None = None
    expect_value = True
    record = 0
    nesting = JsonNesting(MAX_DEPTH)

    def more() -> bool:
        nonlocal buffer, position, exhausted
        if exhausted:
            return False
        text = next(source, None)
        if text is None:
            exhausted = True
            return False
        # Measured before the parser sees it: json recurses once per level.
        if nesting.feed(text):
            raise too_deep()
        buffer = buffer[position:] + text
        position = 0
        return True

    while True:
        while True:
            position = _SPACES.match(buffer, position).end()
            if position < len(buffer) or not more():
                break
        if position >= len(buffer):
            if in_array:
                raise _invalid_json(record, "the list is not closed with ]")
            if in_array is None:
                raise CheckRefused("The selected file is empty", code="empty")
            return
        character = buffer[position]
        if in_array is None:
            in_array = character == "["
            if in_array:
                position += 1
                continue
        if in_array:
            if character == "]" and (record == 0 or not expect_value):
                position += 1
                _trailing(buffer[position:], source)
                return
            if not expect_value:
                if character != ",":
                    raise _invalid_json(record + 1, "records must be separated by commas")
                position += 1
                expect_value = True
                continue
        while True:
            try:
                value, end = _DECODER.raw_decode(buffer, position)
            except json.JSONDecodeError as error:
                # Either the record is cut off at the end of this chunk, or it is broken.
                if len(buffer) - position > MAX_RECORD_CHARS:
                    raise CheckRefused(
                        f"The selected file is not valid JSON: a record is too long or not "
                        f"closed (record {record + 1}). Upload a file with records of "
                        f"{MAX_RECORD_CHARS:,} characters or fewer",
                        code="invalid_json",
                    ) from None
                if more():
                    continue
                raise _invalid_json(record + 1, error.msg.lower()) from None
            # A number at the very end of a chunk may continue in the next one.
            if end == len(buffer) and not exhausted and more():
                continue
            break
        position = end
        record += 1
        expect_value = False
        yield value


def _trailing(rest: str, source: Iterator[str]) -> None:
    for text in (rest, *source):
        if text.strip(_SPACE):
            raise CheckRefused(
                "The selected file has text after the end of the JSON list. "
                "Check that it holds one list of records",
                code="invalid_json",
            )


def _invalid_json(record: int, detail: str) -> CheckRefused:
    return CheckRefused(
        f"The selected file is not valid JSON: {detail} (record {record}). "
        "Check that it holds a list of records, or one record per line",
        code="invalid_json",
    )
