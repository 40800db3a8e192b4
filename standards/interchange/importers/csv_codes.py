"""CSV to a code list: one row per code.

Column headings are matched with ``portal.text.header_key``: case-insensitively, with spaces,
underscores and hyphens alike, so ``Parent code``, ``parent_code`` and ``PARENT-CODE`` agree
(the adoption checker matches headings the same way). The report says which column was read
as what.

- ``Code`` (required): the code's value, and its key.
- ``Label``, ``Title`` or ``Name`` (one of them required): the label, in that order of
  preference. When the file has a ``Subname`` column, as the person alert codes do, ``Name`` is
  the group and ``Subname`` the code's own label; ``Name`` is kept in the code's properties so
  nothing is lost.
- ``Parent code`` or ``Parent``: the parent code's value, for hierarchical lists.
- ``Definition`` or ``Description``: the definition.
- ``Deprecated``: yes/no, true/false, or the version the code was deprecated in (``2.1``), which
  marks it deprecated and is kept as its ``deprecated_in`` property.
- ``Deprecation note`` and ``Replaced by`` (the value of the code that replaces it).
- Every other column goes into the code's ``properties`` under its heading in lower case. A
  column whose values are all ``true``/``false`` (or ``yes``/``no``) becomes booleans; empty
  cells are left out.

A parent code that has no row of its own is created when the hierarchy is written into the codes
themselves (``MED1.01`` under ``MED1``), with a warning; a parent that is neither a row nor a
prefix of its child is an error. Duplicate codes and missing required columns are errors too,
and so is a file that looks separated by semicolons or tabs rather than commas.
"""

import csv
import io
import re
from collections import Counter

from portal.text import header_key, mistaken_separator
from standards.choices import ComponentKind
from standards.engine.keys import code_value_problem
from standards.interchange import strict_json
from standards.interchange.exporters import DICTIONARY_COLUMNS
from standards.interchange.importers.plan import CodePlan, ComponentPlan, ImportPlan

FORMAT = "csv_code_list"

TRUE_WORDS = frozenset({"true", "yes", "y"})
FALSE_WORDS = frozenset({"false", "no", "n"})
VALUE_COLUMN = "code"
LABEL_COLUMNS = ("label", "title", "name")
PARENT_COLUMNS = ("parent code", "parent")
DEFINITION_COLUMNS = ("definition", "description")
DEPRECATED_COLUMNS = ("deprecated",)
NOTE_COLUMNS = ("deprecation note",)
REPLACED_BY_COLUMNS = ("replaced by", "replacement")
HIERARCHY_SEPARATORS = (".", "-", "/", "_")
# How many rows above the header may be titles or notes before the first row is taken as it.
TITLE_ROWS_MAX = 10
# Openings and a length that mark a lone cell below the table as a note, not a code.
NOTE_OPENING = re.compile(
    r"(?i)(source|sources|note|notes|copyright|crown|published|licen[cs]e|last updated|"
    r"produced|contains|see|for more)\b"
)
NOTE_LENGTH = 60
NOTE_LABEL = re.compile(r"(?i)(source|sources|note|notes|copyright)\s*:")
VERSION = re.compile(r"[vV]?(?P<number>[0-9]+(?:\.[0-9]+)+)")


def code_list_parse(
    content: bytes | str, *, source: str, key: str, name: str, definition: str = ""
) -> ImportPlan:
    """Read one CSV file into a plan for the code list ``key``. Reports, never raises."""
    plan = ImportPlan(source=source, format=FORMAT)
    text = _decode(content, plan)
    if text is None:
        return plan
    unclosed = _unclosed_quote_line(text)
    if unclosed is not None:
        plan.error(
            "unclosed_quote",
            f"The quotation mark that opens a cell on line {unclosed} is never closed, so the "
            "rest of the file would be read as one cell. Close it, or remove it",
            line=unclosed,
        )
        return plan
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header, header_line = _header(reader, plan)
        if not header or not any(cell.strip() for cell in header):
            plan.error(
                "empty_file", "The file is empty. Upload a CSV file with a header row", line=1
            )
            return plan
        headings = [cell.strip().removeprefix("\ufeff") for cell in header]
        if tuple(headings) == DICTIONARY_COLUMNS:
            return _dictionary_plan(reader, plan, key=key, name=name, definition=definition)
        columns = [header_key(cell) for cell in headings]
        header_text = text.split("\n", header_line)[header_line - 1]
        if not _check_header(columns, headings, header_text, plan):
            return plan
        rows = _without_footer(_rows(reader, columns, plan, after=header_line), plan)
    except csv.Error as error:
        # The csv module refuses a cell over its field size limit (131,072 characters), often
        # a sign of an unclosed quote that swallowed the rest of the file.
        plan.error(
            "unreadable_csv", _csv_error_message(error, reader.line_num), line=reader.line_num
        )
        return plan
    component = ComponentPlan(key=key, name=name, kind=ComponentKind.CODE_LIST)
    component.definition = definition
    component.codes = _codes(rows, columns, headings, plan)
    if not component.codes and not plan.errors:
        plan.error("no_codes", "The file has a header row but no codes", line=2)
    plan.components.append(component)
    return plan


def _dictionary_plan(reader, plan: ImportPlan, *, key: str, name: str, definition: str):
    """The codes of ``key`` from the portal's own data dictionary download (``dictionary.csv``).

    It holds every field of a code but the deprecation note, so that one is kept.
    """
    plan.note(
        "dictionary_csv",
        f"The file is this portal's data dictionary: the code rows of {key} were read, and "
        "every other row was skipped",
        line=1,
    )
    plan.kept_fields = {"code": ["deprecation_note"]}
    component = ComponentPlan(
        key=key, name=name, kind=ComponentKind.CODE_LIST, definition=definition
    )
    for cells in reader:
        row = dict(zip(DICTIONARY_COLUMNS, cells, strict=False))
        if row.get("row_type") != "code" or row.get("component_key") != key:
            continue
        try:
            properties = strict_json.loads(row["properties"]) if row.get("properties") else {}
        except ValueError:
            properties = None
        if not isinstance(properties, dict):
            plan.error(
                "bad_properties",
                "The properties cell must be a JSON object",
                line=reader.line_num,
            )
            continue
        component.codes.append(
            CodePlan(
                key=row.get("key", ""),
                value=row.get("name", ""),
                label=row.get("label", ""),
                definition=row.get("definition", ""),
                parent_value=row.get("parent_value", ""),
                properties=properties,
                deprecated=row.get("deprecated") == "true",
                replaced_by=row.get("replaced_by", ""),
                sort_order=len(component.codes),
                line=reader.line_num,
            )
        )
    if not component.codes and not plan.errors:
        plan.error(
            "no_codes",
            f"The data dictionary has no codes for {key}. Check the code list you chose",
            line=1,
        )
    plan.components.append(component)
    return plan


def _csv_error_message(error: csv.Error, line: int) -> str:
    if "field larger than field limit" in str(error):
        return (
            f"A cell on line {line} is longer than {csv.field_size_limit():,} characters. "
            "Check for a quotation mark that is not closed"
        )
    return f"The file could not be read as CSV at line {line}. Save it as CSV and try again"


def _decode(content: bytes | str, plan: ImportPlan) -> str | None:
    text = _utf8(content, plan)
    if text is not None and "\x00" in text:
        # PostgreSQL cannot store the NUL character in text, so refuse it here, by line.
        line = text[: text.index("\x00")].count("\n") + 1
        plan.error(
            "nul_character", "The file has a NUL character, which text cannot hold", line=line
        )
        return None
    return text


def _utf8(content: bytes | str, plan: ImportPlan) -> str | None:
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        plan.error(
            "not_utf8",
            f"The file must be saved as UTF-8 text. Line {line} has a character that is not",
            line=line,
        )
        return None


def _first(columns: list[str], names: tuple[str, ...]) -> str | None:
    return next((name for name in names if name in columns), None)


def _header(reader, plan: ImportPlan) -> tuple[list[str] | None, int]:
    """The header row and its line: the first row with a Code column among the first few.

    Publishers put titles and notes above the table ("Damp codes", "Published 2026"); those
    rows are skipped and reported. With no Code column anywhere near the top, the first row
    is the header, and its check says what is missing.
    """
    above: list[tuple[int, list[str]]] = []
    first: tuple[list[str], int] | None = None
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if first is None:
            first = (cells, line)
        keys = {header_key(cell.strip().removeprefix("\ufeff")) for cell in cells}
        if VALUE_COLUMN in keys or "row type" in keys:
            if above:
                titles = "; ".join(
                    f"“{' '.join(c for c in row if c.strip())[:80]}”" for _, row in above
                )
                plan.warn(
                    "title_rows",
                    f"{_lines(above[0][0], above[-1][0])} above the header row were skipped as "
                    f"titles or notes: {titles}",
                    line=above[0][0],
                )
            return cells, line
        above.append((line, cells))
        if len(above) > TITLE_ROWS_MAX:
            break
    if first is None:
        return None, 1
    # No Code column near the top: the first row is the header, and its check will say so.
    return first


def _lines(first: int, last: int) -> str:
    return f"Line {first}" if first == last else f"Lines {first} to {last}"


def _check_header(columns: list[str], headings: list[str], first_line: str, plan) -> bool:
    if VALUE_COLUMN not in columns and (separator := mistaken_separator(first_line)):
        plan.error(
            "wrong_separator",
            f"The file looks separated by {separator}, not commas. Save it as "
            "comma-separated CSV (CSV UTF-8) and upload it again",
            line=1,
        )
        return False
    duplicates = [column for column, count in Counter(columns).items() if count > 1 and column]
    if duplicates:
        plan.error(
            "duplicate_columns",
            f"The header row has {', '.join(duplicates)} more than once (headings are matched "
            "ignoring case, spaces, underscores and hyphens)",
            line=1,
        )
    missing = []
    if VALUE_COLUMN not in columns:
        missing.append("Code")
    if _first(columns, LABEL_COLUMNS) is None:
        missing.append("Label (or Title or Name)")
    if missing:
        plan.error(
            "missing_columns",
            f"The header row must include {' and '.join(missing)}. It has: "
            f"{', '.join(heading for heading in headings if heading) or 'no column names'}",
            line=1,
        )
    if "" in columns:
        plan.warn(
            "unnamed_column", "A column has no name in the header row, so it was ignored", line=1
        )
    return not plan.errors


def _rows(
    reader, columns: list[str], plan: ImportPlan, *, after: int
) -> list[tuple[int, dict[str, str]]]:
    """Each non-empty record with the line it starts on (a quoted cell may span lines), less
    the notes below the table."""
    records = []
    end = after
    for cells in reader:
        line, end = end + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if end > line and _swallowed(cells, len(columns), line, end, plan):
            continue
        records.append((line, cells))
    rows = []
    for line, cells in _without_footer(records, plan):
        if len(cells) > len(columns):
            plan.warn(
                "extra_cells",
                f"The row has {len(cells)} cells but the header has {len(columns)} columns; "
                "the extra cells were ignored",
                line=line,
            )
        elif len(cells) < len(columns):
            plan.warn(
                "missing_cells",
                f"The row has {len(cells)} cells but the header has {len(columns)} columns; "
                "the missing cells were read as empty",
                line=line,
            )
        padded = [*cells, *[""] * (len(columns) - len(cells))]
        row = {column: cell.strip() for column, cell in zip(columns, padded, strict=False)}
        row.pop("", None)
        rows.append((line, row))
    return rows


def _swallowed(cells: list[str], width: int, start: int, end: int, plan: ImportPlan) -> bool:
    """Report (and say True for) a quotation mark that swallowed whole rows into one cell.

    A quoted cell may hold line breaks, but when a line inside it splits into as many cells as
    the header has columns, it is a row that an unclosed (or curly-closed) quotation mark
    read as text; without this, its code would silently disappear.
    """
    if width < 2:
        return False
    for cell in cells:
        inner = cell.split("\n")[1:]
        if not any(len(next(csv.reader([part]), [])) == width for part in inner if part.strip()):
            continue
        curly = any(mark in cell for mark in "“”„‟")
        plan.error(
            "unclosed_quote",
            f"The quotation mark opened on line {start} is not closed until line {end}, so "
            f"{_lines(start + 1, end).lower()} {'was' if end == start + 1 else 'were'} read as "
            "part of one cell. Close the "
            "quotation mark on line "
            f"{start}{' with a straight quotation mark ("), not a curly one' if curly else ''}",
            line=start,
        )
        return True
    return False


def _without_footer(
    records: list[tuple[int, list[str]]], plan: ImportPlan
) -> list[tuple[int, list[str]]]:
    """The records less notes below the table ("Source: …", "© Crown copyright"), reported.

    A footer is the run of records at the end of the file with only one filled cell that reads
    as a note rather than a code (see ``_is_note``).
    """
    footer_start = len(records)
    while footer_start > 0 and _is_note(records[footer_start - 1][1]):
        footer_start -= 1
    footer = records[footer_start:]
    if not footer or footer_start == 0:
        return records
    notes = "; ".join(f"“{_filled(cells)[0][:80]}”" for _line, cells in footer)
    plan.warn(
        "footer_rows",
        f"{_lines(footer[0][0], footer[-1][0])} below the table were skipped as notes, because "
        f"only one cell of each is filled: {notes}. If they are codes, give them labels",
        line=footer[0][0],
    )
    return records[:footer_start]


def _filled(cells: list[str]) -> list[str]:
    return [cell.strip() for cell in cells if cell.strip()]


def _is_note(cells: list[str]) -> bool:
    """A row that reads as a note: "Source: …" (whose commas may split it into cells), or one
    filled cell that cannot be a code or reads as prose ("© Crown copyright")."""
    filled = _filled(cells)
    if filled and NOTE_LABEL.match(filled[0]):
        return True
    if len(filled) != 1:
        return False
    text = filled[0]
    return (
        code_value_problem(text) is not None
        or NOTE_OPENING.match(text) is not None
        or ": " in text
        or len(text) > NOTE_LENGTH
    )


def _unclosed_quote_line(text: str) -> int | None:
    """The line of a quotation mark that opens a cell and is never closed, or None.

    Read as the csv module reads: a quotation mark opens a cell only at its start, and inside
    a quoted cell ``""`` is a quotation mark. The csv module itself reads such a cell to the
    end of the file without a word.
    """
    line, quoted, at_start, index = 1, False, True, 0
    opened = 1
    while index < len(text):
        character = text[index]
        if quoted:
            if character == '"':
                if text[index + 1 : index + 2] == '"':
                    index += 1
                else:
                    quoted = False
            elif character == "\n":
                line += 1
        elif character == '"' and at_start:
            quoted, opened = True, line
        elif character == "\n":
            line += 1
        at_start = not quoted and character in ",\n\r"
        index += 1
    return opened if quoted else None


def _boolean_columns(rows: list[tuple[int, dict[str, str]]], columns: list[str]) -> set[str]:
    booleans = set()
    for column in columns:
        values = {row.get(column, "").lower() for _, row in rows} - {""}
        if values and values <= TRUE_WORDS | FALSE_WORDS:
            booleans.add(column)
    return booleans


class _Roles:
    """Which column is read as what, decided once from the header row."""

    def __init__(self, columns: list[str], headings: list[str]) -> None:
        self.heading = dict(zip(columns, headings, strict=False))
        self.label = _first(columns, LABEL_COLUMNS)
        self.grouped = "subname" in columns and self.label == "name"
        self.parent = _first(columns, PARENT_COLUMNS)
        self.definition = _first(columns, DEFINITION_COLUMNS)
        self.deprecated = _first(columns, DEPRECATED_COLUMNS)
        self.note = _first(columns, NOTE_COLUMNS)
        self.replaced_by = _first(columns, REPLACED_BY_COLUMNS)
        self.consumed = {
            VALUE_COLUMN,
            self.label,
            self.parent,
            self.definition,
            self.deprecated,
            self.note,
            self.replaced_by,
        } - {None}
        if self.grouped:
            self.consumed.add("subname")

    def uncarried(self, columns: list[str]) -> list[str]:
        """The code fields this file has no column for, which an import keeps as they are."""
        absent = [
            name
            for name, column in (
                ("parent_value", self.parent),
                ("definition", self.definition),
                ("deprecated", self.deprecated),
                ("deprecation_note", self.note),
                ("replaced_by", self.replaced_by),
            )
            if column is None
        ]
        if not [c for c in columns if c and c not in self.consumed]:
            absent.append("properties")
        return absent

    def property_name(self, column: str) -> str:
        return self.heading[column].lower()

    def report(self, columns: list[str], plan: ImportPlan) -> None:
        read_as = [
            (VALUE_COLUMN, "the code"),
            ("subname" if self.grouped else self.label, "the label"),
            (self.parent, "the parent code"),
            (self.definition, "the definition"),
            (self.deprecated, "deprecated (yes or no, or the version it was deprecated in)"),
            (self.note, "the deprecation note"),
            (self.replaced_by, "the code that replaces it"),
        ]
        parts = [f"“{self.heading[column]}” as {what}" for column, what in read_as if column]
        if self.grouped:
            parts.append(f"“{self.heading['name']}” as the group name, kept as a property")
        others = [c for c in columns if c and c not in self.consumed and c in self.heading]
        message = "Columns read: " + "; ".join(parts)
        if others:
            message += ". Kept as properties of each code: " + ", ".join(
                f"“{self.heading[column]}”" for column in others
            )
        plan.note("columns_read", message, line=1)


def _deprecation(cell: str) -> tuple[bool, str] | None:
    """(deprecated, version) from a Deprecated cell, or None if it means neither."""
    value = cell.strip().lower()
    if value in FALSE_WORDS or value in {"", "0"}:
        return False, ""
    if value in TRUE_WORDS or value == "1":
        return True, ""
    match = VERSION.fullmatch(cell.strip())
    return (True, match["number"]) if match else None


def _codes(
    rows: list[tuple[int, dict[str, str]]],
    columns: list[str],
    headings: list[str],
    plan: ImportPlan,
) -> list[CodePlan]:
    roles = _Roles(columns, headings)
    roles.report(columns, plan)
    plan.kept_fields = {"code": roles.uncarried(columns)}
    booleans = _boolean_columns(rows, columns)
    for column in columns:
        if column.startswith(("is ", "has ")) and column not in booleans:
            plan.warn(
                "not_boolean",
                f"Column {roles.heading[column]} looks like a yes/no flag, but not every value "
                "is true or false, so its values were kept as text",
                line=1,
            )

    codes: list[CodePlan] = []
    lines: dict[str, int] = {}
    for line, row in rows:
        value = row.get(VALUE_COLUMN, "")
        if not value:
            plan.error("missing_code", "The row has no code", line=line)
            continue
        if value in lines:
            plan.error(
                "duplicate_code",
                f"Code {value} is already on line {lines[value]}. Each code must appear once",
                line=line,
            )
            continue
        lines[value] = line
        problem = code_value_problem(value)
        if problem:
            plan.error("bad_code", f"“{value}” cannot be a code. {problem}", line=line)
            continue
        if roles.grouped:
            label = row.get("subname") or row.get("name", "")
        else:
            label = row.get(roles.label, "")
        if not label:
            plan.warn("missing_label", f"Code {value} has no label", line=line)
        properties = {}
        for column, cell in row.items():
            if column in roles.consumed and not (
                roles.grouped and column == "name" and row.get("subname")
            ):
                continue
            if cell == "":
                continue
            properties[roles.property_name(column)] = (
                cell.lower() in TRUE_WORDS if column in booleans else cell
            )
        parent = row.get(roles.parent, "") if roles.parent else ""
        if parent == value:
            plan.error("own_parent", f"Code {value} names itself as its parent", line=line)
            parent = ""
        code = CodePlan(
            line=line,
            key=value,
            value=value,
            label=label,
            definition=row.get(roles.definition, "") if roles.definition else "",
            parent_value=parent,
            properties=properties,
        )
        _code_deprecation(code, row, roles, line, plan)
        codes.append(code)
    _check_replacements(codes, lines, plan)
    codes = _with_parents(codes, lines, rows, roles.grouped, plan)
    _check_cycles(codes, lines, plan)
    for index, code in enumerate(codes):
        code.sort_order = index
    return codes


def _code_deprecation(code: CodePlan, row: dict, roles: _Roles, line: int, plan) -> None:
    cell = row.get(roles.deprecated, "") if roles.deprecated else ""
    read = _deprecation(cell)
    if read is None:
        plan.error(
            "invalid_deprecated",
            f"Code {code.value} has “{cell}” in {roles.heading[roles.deprecated]}. Write yes "
            "or no, or the version it was deprecated in, such as 2.1",
            line=line,
        )
        return
    code.deprecated, version = read
    if version:
        code.properties["deprecated_in"] = version
    code.deprecation_note = row.get(roles.note, "") if roles.note else ""
    code.replaced_by = row.get(roles.replaced_by, "") if roles.replaced_by else ""
    if not code.deprecated and (code.deprecation_note or code.replaced_by):
        code.deprecated = True
        plan.warn(
            "deprecated_implied",
            f"Code {code.value} has a deprecation note or a replacement but is not marked "
            "deprecated, so it was marked deprecated",
            line=line,
        )


def _check_replacements(codes: list[CodePlan], lines: dict[str, int], plan) -> None:
    for code in codes:
        if not code.replaced_by:
            continue
        if code.replaced_by == code.value:
            plan.error(
                "own_replacement",
                f"Code {code.value} names itself as its replacement",
                line=lines[code.value],
            )
        elif code.replaced_by not in lines:
            plan.error(
                "missing_replacement",
                f"Code {code.value} is replaced by {code.replaced_by}, which is not in the file",
                line=lines[code.value],
            )


def _with_parents(
    codes: list[CodePlan],
    lines: dict[str, int],
    rows: list[tuple[int, dict[str, str]]],
    grouped: bool,
    plan: ImportPlan,
) -> list[CodePlan]:
    """Add parents implied by hierarchical codes; refuse parents that are nowhere."""
    by_line = dict(rows)
    known = set(lines)
    added: dict[str, CodePlan] = {}
    ordered: list[CodePlan] = []
    for code in codes:
        parent = code.parent_value
        if parent and parent not in known and parent not in added:
            line = lines[code.value]
            if not code.value.startswith(tuple(parent + s for s in HIERARCHY_SEPARATORS)):
                plan.error(
                    "missing_parent",
                    f"Code {code.value} has parent {parent}, which is not in the file",
                    line=line,
                )
            else:
                children = [c for c in codes if c.parent_value == parent]
                added[parent] = _implied_parent(parent, children, lines, by_line, grouped, plan)
                ordered.append(added[parent])
        ordered.append(code)
    return ordered


def _implied_parent(
    parent: str,
    children: list[CodePlan],
    lines: dict[str, int],
    by_line: dict[int, dict[str, str]],
    grouped: bool,
    plan: ImportPlan,
) -> CodePlan:
    child_rows = [by_line[lines[child.value]] for child in children]
    first_line = lines[children[0].value]
    names = sorted({row.get("name", "") for row in child_rows} - {""}) if grouped else []
    categories = sorted({row.get("category", "") for row in child_rows} - {""})
    label = names[0] if len(names) == 1 else ""
    properties = {"category": categories[0]} if len(categories) == 1 else {}
    message = (
        f"Parent code {parent} has no row of its own; {len(children)} codes from line "
        f"{first_line} sit under it, so it was added"
    )
    if label:
        message += f" with the label “{label}”, their shared name"
    elif len(names) > 1:
        message += (
            f" without a label, because its codes have different names ({', '.join(names)}). "
            "Add a label"
        )
    else:
        message += " without a label. Add one"
    plan.warn("parent_added", message, line=first_line)
    return CodePlan(
        key=parent,
        value=parent,
        label=label,
        definition="",
        properties=properties,
    )


def _check_cycles(codes: list[CodePlan], lines: dict[str, int], plan: ImportPlan) -> None:
    parents = {code.value: code.parent_value for code in codes}
    for code in codes:
        seen = {code.value}
        current = parents.get(code.value, "")
        while current:
            if current in seen:
                plan.error(
                    "parent_cycle",
                    f"Code {code.value} is its own ancestor through {current}",
                    line=lines.get(code.value),
                )
                break
            seen.add(current)
            current = parents.get(current, "")
