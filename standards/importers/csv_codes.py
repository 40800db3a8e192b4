"""CSV to a code list: one row per code.

Columns, matched case-insensitively:

- ``code`` (required): the code's value, and its key.
- ``label``, or ``name`` (required unless ``label`` is given): the label. When the file has a
  ``subname`` column, as the person alert codes do, ``name`` is the group and ``subname`` the
  code's own label; ``name`` is kept in the code's properties so nothing is lost.
- ``parent_code`` or ``parent``: the parent code's value, for hierarchical lists.
- ``definition`` or ``description``: the definition.
- Every other column goes into the code's ``properties``. A column whose values are all
  ``true``/``false`` (or ``yes``/``no``) becomes booleans; empty cells are left out.

A parent code that has no row of its own is created when the hierarchy is written into the codes
themselves (``MED1.01`` under ``MED1``), with a warning; a parent that is neither a row nor a
prefix of its child is an error. Duplicate codes and missing required columns are errors too.
"""

import csv
import io
from collections import Counter

from ..choices import ComponentKind
from .plan import CodePlan, ComponentPlan, ImportPlan

FORMAT = "csv_code_list"

TRUE_WORDS = frozenset({"true", "yes", "y"})
FALSE_WORDS = frozenset({"false", "no", "n"})
VALUE_COLUMN = "code"
PARENT_COLUMNS = ("parent_code", "parent")
DEFINITION_COLUMNS = ("definition", "description")
HIERARCHY_SEPARATORS = (".", "-", "/", "_")


def code_list_parse(
    content: bytes | str, *, source: str, key: str, name: str, definition: str = ""
) -> ImportPlan:
    """Read one CSV file into a plan for the code list ``key``. Reports, never raises."""
    plan = ImportPlan(source=source, format=FORMAT)
    text = _decode(content, plan)
    if text is None:
        return plan
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            plan.error(
                "empty_file", "The file is empty. Upload a CSV file with a header row", line=1
            )
            return plan
        columns = [cell.strip().lower() for cell in header]
        if not _check_header(columns, plan):
            return plan
        rows = _rows(reader, columns, plan)
    except csv.Error as error:
        # The csv module refuses a cell over its field size limit (131,072 characters), often
        # a sign of an unclosed quote that swallowed the rest of the file.
        plan.error(
            "unreadable_csv", _csv_error_message(error, reader.line_num), line=reader.line_num
        )
        return plan
    component = ComponentPlan(key=key, name=name, kind=ComponentKind.CODE_LIST)
    component.definition = definition
    component.codes = _codes(rows, columns, plan)
    if not component.codes and not plan.errors:
        plan.error("no_codes", "The file has a header row but no codes", line=2)
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
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        plan.error("not_utf8", "The file must be saved as UTF-8 text", line=line)
        return None


def _check_header(columns: list[str], plan: ImportPlan) -> bool:
    duplicates = [column for column, count in Counter(columns).items() if count > 1 and column]
    if duplicates:
        plan.error(
            "duplicate_columns",
            f"The header row has {', '.join(duplicates)} more than once",
            line=1,
        )
    missing = []
    if VALUE_COLUMN not in columns:
        missing.append(VALUE_COLUMN)
    if "label" not in columns and "name" not in columns:
        missing.append("name (or label)")
    if missing:
        plan.error(
            "missing_columns",
            f"The header row must include {' and '.join(missing)}. It has: "
            f"{', '.join(column for column in columns if column) or 'no column names'}",
            line=1,
        )
    if "" in columns:
        plan.warn(
            "unnamed_column", "A column has no name in the header row, so it was ignored", line=1
        )
    return not plan.errors


def _rows(reader, columns: list[str], plan: ImportPlan) -> list[tuple[int, dict[str, str]]]:
    rows = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
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


def _boolean_columns(rows: list[tuple[int, dict[str, str]]], columns: list[str]) -> set[str]:
    booleans = set()
    for column in columns:
        values = {row.get(column, "").lower() for _, row in rows} - {""}
        if values and values <= TRUE_WORDS | FALSE_WORDS:
            booleans.add(column)
    return booleans


def _codes(
    rows: list[tuple[int, dict[str, str]]], columns: list[str], plan: ImportPlan
) -> list[CodePlan]:
    parent_column = next((c for c in PARENT_COLUMNS if c in columns), None)
    definition_column = next((c for c in DEFINITION_COLUMNS if c in columns), None)
    grouped = "subname" in columns and "name" in columns and "label" not in columns
    label_columns = {"label"} if "label" in columns else {"name", "subname"} & set(columns)
    consumed = {VALUE_COLUMN, parent_column, definition_column, *label_columns}
    booleans = _boolean_columns(rows, columns)
    for column in columns:
        if column.startswith(("is_", "has_")) and column not in booleans:
            plan.warn(
                "not_boolean",
                f"Column {column} looks like a yes/no flag, but not every value is true or "
                "false, so its values were kept as text",
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
        if "label" in columns:
            label = row.get("label", "")
        elif grouped:
            label = row.get("subname") or row.get("name", "")
        else:
            label = row.get("name", "")
        if not label:
            plan.warn("missing_label", f"Code {value} has no label", line=line)
        properties = {}
        for column, cell in row.items():
            if column in consumed and not (grouped and column == "name" and row.get("subname")):
                continue
            if cell == "":
                continue
            properties[column] = cell.lower() in TRUE_WORDS if column in booleans else cell
        parent = row.get(parent_column, "") if parent_column else ""
        if parent == value:
            plan.error("own_parent", f"Code {value} names itself as its parent", line=line)
            parent = ""
        codes.append(
            CodePlan(
                key=value,
                value=value,
                label=label,
                definition=row.get(definition_column, "") if definition_column else "",
                parent_value=parent,
                properties=properties,
            )
        )
    codes = _with_parents(codes, lines, rows, grouped, plan)
    _check_cycles(codes, lines, plan)
    for index, code in enumerate(codes):
        code.sort_order = index
    return codes


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
