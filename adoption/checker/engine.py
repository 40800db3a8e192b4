"""The conformance checker: does an extract fit a component of a published standard version?

An upload is read a chunk at a time (``checker_read``), checked record by record and thrown
away; only counts and the first ``LISTED_PER_TYPE`` problems of each type are kept, so memory
stays flat however many rows the file has. Nothing is written to the database.

What the rules are comes from the version's published artefacts, never from a second reading of
the catalogue's rules:

- JSON and NDJSON records are validated with ``jsonschema`` against the component's JSON Schema
  artefact (``<component>.schema.json``); ``$ref`` to other components resolve through the
  version's bundle artefact.
- A CSV cell is coerced by its attribute's data type (``"12"`` to ``12``, ``"true"`` to
  ``True``; an empty cell is a missing value) and the coerced row is what is checked. Checking
  100,000 rows through ``jsonschema`` is too slow, so the common rules (type, format of dates,
  pattern, code list or allowed values, required) are compiled into one small function per
  column. Any attribute whose schema says more than that (``maximum``, ``maxLength``, an email
  format, a list or a nested object) has its cells validated by ``jsonschema`` against that
  property's schema from the same artefact. ``tests/adoption/test_checker_agreement.py`` proves
  that the compiled rules find exactly what ``jsonschema`` finds in the coerced rows.

Codes are checked against the version's code lists because a reference to a code list
component is, in the artefact, a ``$ref`` to a schema whose ``enum`` is the list's values.
"""

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from adoption.checker.reading import (
    MAX_DEPTH,
    CheckRefused,
    json_values,
    lines,
    text_chunks,
    too_deep,
)
from portal.text import header_key, json_too_deep, mistaken_separator
from standards.choices import Cardinality, ComponentKind, DataType, VersionStatus
from standards.engine.patterns import Pattern, pattern_compile
from standards.interchange import exporters
from standards.interchange.artefacts import artefact_get
from standards.models import ComponentVersion, StandardVersion

__all__ = ["ERROR_TYPES", "CheckRefused", "Checker", "check_extract", "checker_for"]

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
LISTED_PER_TYPE = 100
# Every column is matched, and each unrecognised one is listed in the report, so the number of
# columns (or of different property names in JSON) is limited: a real extract has dozens.
MAX_COLUMNS = 500
# A cell of a real extract is a code, a date or a sentence or two.
MAX_CELL_CHARS = 10_000
CHECKABLE_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)
FORMATS = {"csv": "CSV", "json": "JSON", "ndjson": "NDJSON"}
EXTENSIONS = {".csv": "csv", ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson"}

# Error types, in the order the report shows them.
REQUIRED_MISSING = "required_missing"
WRONG_TYPE = "wrong_type"
PATTERN = "pattern"
NOT_IN_CODE_LIST = "not_in_code_list"
OTHER_RULE = "other_rule"
ERROR_TYPES = {
    WRONG_TYPE: "Wrong type",
    PATTERN: "Does not match the pattern",
    NOT_IN_CODE_LIST: "Not in the code list",
    REQUIRED_MISSING: "Required value missing",
    OTHER_RULE: "Breaks another rule of the schema",
}

# When one value breaks several rules, only the most basic is reported.
_PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        (REQUIRED_MISSING, WRONG_TYPE, NOT_IN_CODE_LIST, PATTERN, OTHER_RULE)
    )
}

# Format checks: jsonschema's own, plus date-time (RFC 3339), which it only checks when an
# optional package is installed. The compiled CSV rules call the same two functions.
_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})", re.ASCII
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return bool(_DATE.fullmatch(value)) and bool(date.fromisoformat(value))
    except ValueError:
        return False


def is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.replace("z", "Z").replace("t", "T"))
    except ValueError:
        return False
    return True


FORMAT_CHECKER = FormatChecker()
FORMAT_CHECKER.checks("date")(is_date)
FORMAT_CHECKER.checks("date-time")(is_date_time)
_FORMATS_HANDLED_BY_TYPE = {DataType.DATE: "date", DataType.DATE_TIME: "date-time"}


# The report ---------------------------------------------------------------------------------


@dataclass
class Tally:
    total: int = 0
    listed: list[dict] = field(default_factory=list)


@dataclass
class Report:
    standard: str
    version: str
    component_key: str
    component_name: str
    schema_url: str
    file_name: str
    file_format: str
    rows: int = 0
    matched: list[dict] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)
    errors: dict[str, Tally] = field(
        default_factory=lambda: {kind: Tally() for kind in ERROR_TYPES}
    )
    warnings: list[dict] = field(default_factory=list)

    def add(self, kind: str, row: int, column: str, value: Any, message: str) -> None:
        tally = self.errors[kind]
        tally.total += 1
        if len(tally.listed) < LISTED_PER_TYPE:
            tally.listed.append(
                {
                    "row": row,
                    "column": _shown(column),
                    "value": _shown(value),
                    "message": message,
                }
            )

    @property
    def error_total(self) -> int:
        return sum(tally.total for tally in self.errors.values())

    def as_dict(self) -> dict:
        return {
            "standard": self.standard,
            "version": self.version,
            "component": {"key": self.component_key, "name": self.component_name},
            "schema": self.schema_url,
            "file": {"name": self.file_name, "format": self.file_format, "rows": self.rows},
            "conforms": self.error_total == 0 and not self.missing_required,
            "columns": {
                "matched": self.matched,
                "unrecognised": self.unrecognised,
                "missing_required": self.missing_required,
            },
            "errors": {
                "total": self.error_total,
                "listed_per_type": LISTED_PER_TYPE,
                "by_type": [
                    {
                        "type": kind,
                        "label": label,
                        "total": self.errors[kind].total,
                        "listed": self.errors[kind].listed,
                    }
                    for kind, label in ERROR_TYPES.items()
                ],
            },
            "warnings": self.warnings,
        }


def _shown(value: Any) -> Any:
    """A value as the report shows it: short, so a huge cell cannot bloat the report."""
    if isinstance(value, str):
        return value if len(value) <= 200 else value[:199] + "…"
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 200 else text[:199] + "…"
    return value


# The rules of one component, compiled from its artefact --------------------------------------


@dataclass
class Rule:
    """What a column (an attribute) must hold."""

    name: str  # the property name in data
    data_type: str
    required: bool
    nullable: bool
    deprecated: bool
    replaced_by: str  # the replacement's property name, or ""
    deprecation_note: str
    schema: dict  # the property's schema, from the artefact
    coerce: Any = None  # str -> value, or raises ValueError
    type_message: str = ""
    pattern: Pattern | None = None
    allowed: frozenset | None = None  # enum values or code list values
    code_list: str = ""  # the code list's name, for messages
    deprecated_codes: dict = field(default_factory=dict)  # value -> (replacement value, note)
    # jsonschema for this property, when the schema says more than the compiled rules check.
    validator: Draft202012Validator | None = None


_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?", re.ASCII)
TRUE_WORDS = frozenset({"true", "yes"})
FALSE_WORDS = frozenset({"false", "no"})


def _integer(cell: str) -> int:
    if not _INTEGER.fullmatch(cell):
        raise ValueError
    return int(cell)


def _number(cell: str) -> int | float:
    if not _NUMBER.fullmatch(cell):
        raise ValueError
    if "." in cell or "e" in cell or "E" in cell:
        return float(cell)
    return int(cell)


def _boolean(cell: str) -> bool:
    word = cell.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError


def _json_cell(cell: str) -> Any:
    """A list or object typed into one cell, as JSON: ``["A", "B"]``."""
    if json_too_deep(cell, MAX_DEPTH):
        raise too_deep()
    return json.loads(cell)


def _date(cell: str) -> str:
    if not is_date(cell):
        raise ValueError
    return cell


def _date_time(cell: str) -> str:
    if not is_date_time(cell):
        raise ValueError
    return cell


_COERCE = {
    DataType.STRING: (None, ""),
    DataType.INTEGER: (_integer, "Enter a whole number, like 12"),
    DataType.NUMBER: (_number, "Enter a number, like 12 or 12.5"),
    DataType.BOOLEAN: (_boolean, "Enter true or false"),
    DataType.DATE: (_date, "Enter a date in the format 2026-01-31"),
    DataType.DATE_TIME: (_date_time, "Enter a date and time like 2026-01-31T09:30:00Z"),
}
_CODE_VALUE_COERCE = {"integer": _integer, "number": _number, "boolean": _boolean}
# Keywords the compiled rules check themselves, or that do not constrain a value.
_COMPILED_KEYWORDS = frozenset(
    {"type", "pattern", "enum", "description", "examples", "deprecated", "title", "$comment"}
)


class Checker:
    """Check extracts against one component of one version. Build with ``checker_for``."""

    def __init__(self, *, version: StandardVersion, component: ComponentVersion) -> None:
        self.version = version
        self.component = component
        key = component.component.key
        artefact = artefact_get(version=version, name=f"{key}{exporters.SCHEMA_SUFFIX}")
        bundle = artefact_get(version=version, name=exporters.BUNDLE)
        self.schema = json.loads(artefact.content)
        self.schema_url = self.schema.get("$id", "")
        registry = Resource.from_contents(json.loads(bundle.content)) @ Registry()
        self.validator = Draft202012Validator(
            self.schema, registry=registry, format_checker=FORMAT_CHECKER
        )
        self.rules = self._rules(component)
        self.by_header = {}
        for rule, attribute_key in self.rules:
            self.by_header.setdefault(header_key(rule.name), rule)
            self.by_header.setdefault(header_key(attribute_key), rule)

    # Building the rules

    def _rules(self, component: ComponentVersion) -> list[tuple[Rule, str]]:
        attributes = list(component.attributes.all())
        names = {attribute.key: attribute.name for attribute in attributes}
        properties = self.schema.get("properties", {})
        code_lists = self._code_lists(attributes)
        rules = []
        for attribute in attributes:
            schema = properties.get(attribute.name, {})
            rule = Rule(
                name=attribute.name,
                data_type=attribute.data_type,
                required=attribute.required,
                nullable=attribute.nullable,
                deprecated=attribute.deprecated,
                replaced_by=names.get(attribute.replaced_by, attribute.replaced_by),
                deprecation_note=attribute.deprecation_note,
                schema=schema,
            )
            self._compile(rule, attribute, code_lists)
            rules.append((rule, attribute.key))
        return rules

    def _code_lists(self, attributes) -> dict[int, ComponentVersion]:
        keys = {
            a.references.key
            for a in attributes
            if a.data_type == DataType.REFERENCE and a.references.kind == ComponentKind.CODE_LIST
        }
        if not keys:
            return {}
        rows = ComponentVersion.objects.filter(
            version=self.version, component__key__in=keys
        ).prefetch_related("codes")
        return {row.component_id: row for row in rows.select_related("component")}

    def _compile(self, rule: Rule, attribute, code_lists: dict) -> None:
        one = attribute.cardinality == Cardinality.ONE
        code_list = code_lists.get(attribute.references_id) if one else None
        keywords = set(rule.schema)
        if one and attribute.data_type in _COERCE:
            rule.coerce, rule.type_message = _COERCE[attribute.data_type]
            if attribute.pattern:
                rule.pattern = pattern_compile(attribute.pattern)
            if attribute.enum_values:
                rule.allowed = frozenset(_hashable(value) for value in attribute.enum_values)
            if rule.schema.get("format") == _FORMATS_HANDLED_BY_TYPE.get(attribute.data_type):
                keywords.discard("format")
        elif code_list is not None:
            # In the artefact: {"$ref": <code list>}, or anyOf that and null when nullable.
            value_type = (code_list.extra or {}).get("value_type", "string")
            rule.coerce = _CODE_VALUE_COERCE.get(value_type)
            rule.type_message = "Enter a code from the list"
            codes = list(code_list.codes.all())
            values = {code.key: code.value for code in codes}
            rule.allowed = frozenset(
                exporters._code_value(code.value, value_type) for code in codes
            )
            rule.code_list = code_list.name
            rule.deprecated_codes = {
                code.value: (values.get(code.replaced_by, code.replaced_by), code.deprecation_note)
                for code in codes
                if code.deprecated
            }
            keywords -= {"$ref", "anyOf"}
        else:
            # A list, a nested object or a reference to one: typed into the cell as JSON, and
            # checked by jsonschema alone.
            rule.coerce = _json_cell
            rule.type_message = 'Enter a list or object as JSON, like ["A", "B"]'
            keywords = {"$ref"}
        if keywords - _COMPILED_KEYWORDS:
            rule.validator = self.validator.evolve(schema=rule.schema)

    # Checking

    def match_columns(self, header: list[str], report: Report) -> list[tuple[int, Rule]]:
        """Which column holds which attribute. The first column wins if two match one."""
        if len(header) > MAX_COLUMNS:
            raise CheckRefused(
                f"The selected file has {len(header):,} columns. Upload a file with "
                f"{MAX_COLUMNS:,} columns or fewer",
                code="too_many_columns",
            )
        columns = []
        used = set()
        for index, heading in enumerate(header):
            rule = self.by_header.get(header_key(heading))
            if rule is None or rule.name in used:
                if heading.strip():
                    report.unrecognised.append(_shown(heading))
                continue
            used.add(rule.name)
            columns.append((index, rule))
            report.matched.append({"column": heading, "attribute": rule.name})
            if rule.deprecated:
                report.warnings.append(_deprecated_attribute(heading, rule))
        report.missing_required = [
            rule.name for rule, _ in self.rules if rule.required and rule.name not in used
        ]
        return columns

    def check_csv(self, texts: Iterable[str], report: Report) -> None:
        reader = csv.reader(lines(texts))
        try:
            header = next(reader, None)
            while header is not None and not any(cell.strip() for cell in header):
                header = next(reader, None)
            if header is None:
                raise CheckRefused("The selected file is empty", code="empty")
            _cells_fit(header, reader.line_num)
            columns = self.match_columns(header, report)
            if not columns and (separator := mistaken_separator(",".join(header))):
                raise CheckRefused(
                    f"The selected file looks separated by {separator}, not commas. Save it as "
                    "comma-separated CSV (CSV UTF-8) and upload it again",
                    code="wrong_separator",
                )
            if not columns:
                raise CheckRefused(
                    "None of the columns in the selected file match an attribute of "
                    f"{self.component.name}. Check the header row, or choose another component",
                    code="no_columns",
                )
            codes_seen: dict[tuple[str, str], list[int]] = {}  # -> [rows, first row]
            row = 1
            for cells in reader:
                row += 1
                if not cells:
                    continue
                report.rows += 1
                _cells_fit(cells, reader.line_num)
                self._check_cells(cells, columns, row, report, codes_seen)
        except csv.Error as error:
            raise CheckRefused(
                f"The selected file could not be read as CSV at line {reader.line_num}: "
                f"{error}. Save it as CSV and try again",
                code="unreadable_csv",
            ) from None
        if report.rows == 0:
            raise CheckRefused(
                "The selected file has a header row but no data. Add at least one row",
                code="header_only",
            )
        self._code_warnings(codes_seen, report)

    def _check_cells(self, cells, columns, row, report, codes_seen) -> None:
        """One error at most per cell: the first of wrong type, not in the list, pattern."""
        width = len(cells)
        for index, rule in columns:
            cell = cells[index] if index < width else ""
            if not cell:
                if rule.required and not rule.nullable:
                    report.add(REQUIRED_MISSING, row, rule.name, "", "Enter a value")
                continue
            value = cell
            if rule.coerce is not None:
                try:
                    value = rule.coerce(cell)
                except ValueError:
                    report.add(WRONG_TYPE, row, rule.name, cell, rule.type_message)
                    continue
            if rule.allowed is not None and _hashable(value) not in rule.allowed:
                message = f"Not in {rule.code_list}" if rule.code_list else "Not an allowed value"
                report.add(NOT_IN_CODE_LIST, row, rule.name, cell, message)
                continue
            pattern = rule.pattern
            if pattern is not None and isinstance(value, str) and not pattern.search(value):
                report.add(PATTERN, row, rule.name, cell, f"Must match {pattern.pattern}")
                continue
            if rule.deprecated_codes and cell in rule.deprecated_codes:
                codes_seen.setdefault((rule.name, cell), [0, row])[0] += 1
            if rule.validator is not None:
                for where, (kind, error) in worst_errors(
                    rule.validator.iter_errors(value), rule.name
                ).items():
                    report.add(kind, row, where, _error_value(error, cell), error_message(error))

    def coerced_row(self, cells: list[str], columns: list[tuple[int, Rule]]) -> dict:
        """A CSV row as the compiled rules see it: for checking them against jsonschema."""
        record = {}
        for index, rule in columns:
            cell = cells[index] if index < len(cells) else ""
            if not cell:
                if rule.nullable:
                    record[rule.name] = None
                continue
            try:
                record[rule.name] = rule.coerce(cell) if rule.coerce else cell
            except ValueError:
                record[rule.name] = cell
        return record

    def check_json(self, texts: Iterable[str], report: Report) -> None:
        rules = {rule.name: rule for rule, _ in self.rules}
        seen: set[str] = set()
        unrecognised: dict[str, None] = {}
        codes_seen: dict[tuple[str, str], list[int]] = {}  # -> [rows, first row]
        for record in json_values(texts):
            report.rows += 1
            row = report.rows
            if isinstance(record, dict):
                for name, value in record.items():
                    rule = rules.get(name)
                    if rule is None:
                        unrecognised.setdefault(_shown(name))
                        if len(unrecognised) + len(seen) > MAX_COLUMNS:
                            raise CheckRefused(
                                "The selected file has records with more than "
                                f"{MAX_COLUMNS:,} different properties. Upload a file with "
                                f"{MAX_COLUMNS:,} properties or fewer",
                                code="too_many_columns",
                            )
                        continue
                    seen.add(name)
                    if rule.deprecated_codes and str(value) in rule.deprecated_codes:
                        codes_seen.setdefault((name, str(value)), [0, row])[0] += 1
            for where, (kind, error) in worst_errors(
                self.validator.iter_errors(record), ""
            ).items():
                report.add(kind, row, where, _error_value(error, None), error_message(error))
        if report.rows == 0:
            raise CheckRefused("The selected file has no records", code="header_only")
        report.matched = [{"column": name, "attribute": name} for name in rules if name in seen]
        report.unrecognised = list(unrecognised)
        report.missing_required = [
            rule.name for rule, _ in self.rules if rule.required and rule.name not in seen
        ]
        for name in report.matched:
            rule = rules[name["attribute"]]
            if rule.deprecated:
                report.warnings.append(_deprecated_attribute(name["column"], rule))
        self._code_warnings(codes_seen, report)

    def _code_warnings(self, codes_seen: dict, report: Report) -> None:
        rules = {rule.name: rule for rule, _ in self.rules}
        for (name, code), (rows, first_row) in codes_seen.items():
            replacement, note = rules[name].deprecated_codes[code]
            use = f" Use {replacement} instead." if replacement else ""
            report.warnings.append(
                {
                    "type": "deprecated_code",
                    "column": name,
                    "attribute": name,
                    "code": code,
                    "replaced_by": replacement,
                    "rows": rows,
                    "first_row": first_row,
                    "message": f"Code {code} is deprecated.{use} {note}".strip(),
                }
            )


def _cells_fit(cells: list[str], line: int) -> None:
    # max() over the lengths runs in C, so this costs little on every row.
    if cells and max(map(len, cells)) > MAX_CELL_CHARS:
        raise CheckRefused(
            f"Line {line:,} of the selected file has a cell longer than {MAX_CELL_CHARS:,} "
            f"characters. Upload a file with cells of {MAX_CELL_CHARS:,} characters or fewer",
            code="cell_too_long",
        )


def _hashable(value: Any) -> Any:
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value


def _deprecated_attribute(column: str, rule: Rule) -> dict:
    use = f" Use {rule.replaced_by} instead." if rule.replaced_by else ""
    return {
        "type": "deprecated_attribute",
        "column": column,
        "attribute": rule.name,
        "code": "",
        "replaced_by": rule.replaced_by,
        "rows": None,
        "first_row": None,
        "message": f"{rule.name} is deprecated.{use} {rule.deprecation_note}".strip(),
    }


# jsonschema's findings, sorted into the report's types ---------------------------------------

_REQUIRED = re.compile(r"^'(.*)' is a required property$", re.DOTALL)


def worst_errors(
    errors: Iterable[ValidationError], column: str
) -> dict[str, tuple[str, ValidationError]]:
    """The most basic problem of each value: a value of the wrong type is not also reported
    as missing from the code list. Keyed by where the value is (its column or path)."""
    worst: dict[str, tuple[str, ValidationError]] = {}
    for error in errors:
        kind, where = error_kind(error, column)
        if where not in worst or _PRIORITY[kind] < _PRIORITY[worst[where][0]]:
            worst[where] = (kind, error)
    return worst


def error_kind(error: ValidationError, column: str) -> tuple[str, str]:
    """(error type, column) of a jsonschema error; ``column`` is the property already known."""
    path = "/".join(str(part) for part in error.absolute_path)
    where = f"{column}/{path}" if column and path else (column or path)
    validator = error.validator
    if validator == "required":
        match = _REQUIRED.match(error.message)
        missing = match.group(1) if match else ""
        return REQUIRED_MISSING, f"{where}/{missing}" if where else missing
    if validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = [name for name in error.instance if name not in error.schema.get("properties", {})]
        return OTHER_RULE, "/".join(filter(None, [where, ", ".join(extra)]))
    if validator in {"anyOf", "oneOf"} and error.context:
        # A nullable reference: the "null" branch always fails, so report the other one.
        kinds = {error_kind(e, column)[0] for e in error.context if e.schema.get("type") != "null"}
        for kind in (NOT_IN_CODE_LIST, PATTERN, WRONG_TYPE):
            if kind in kinds:
                return kind, where
        return OTHER_RULE, where
    if validator in {"type", "format"}:
        return WRONG_TYPE, where
    if validator == "pattern":
        return PATTERN, where
    if validator in {"enum", "const"}:
        return NOT_IN_CODE_LIST, where
    return OTHER_RULE, where


def error_message(error: ValidationError) -> str:
    validator = error.validator
    if validator == "required":
        return "Enter a value"
    if validator == "type":
        return f"Must be {_type_words(error.validator_value)}"
    if validator == "format":
        return f"Must be a valid {error.validator_value}"
    if validator == "pattern":
        return f"Must match {error.validator_value}"
    if validator == "enum":
        return "Not in the code list"
    if validator == "additionalProperties":
        return "Not a property of this component"
    message = error.message
    return message if len(message) <= 200 else message[:199] + "…"


def _type_words(value) -> str:
    names = value if isinstance(value, list) else [value]
    words = {"string": "text", "integer": "a whole number", "number": "a number"}
    words |= {"boolean": "true or false", "null": "null", "object": "an object", "array": "a list"}
    return " or ".join(words.get(name, name) for name in names)


def _error_value(error: ValidationError, cell: str | None) -> Any:
    if error.validator == "required":
        return ""
    if cell is not None and not error.absolute_path:
        return cell
    return error.instance


# Entry points -------------------------------------------------------------------------------


def checkable_versions():
    """Versions an extract may be checked against: published or superseded, never drafts."""
    return (
        StandardVersion.objects.filter(status__in=CHECKABLE_STATUSES)
        .select_related("standard")
        .order_by("standard__name", "-major", "-minor", "-patch")
    )


def checkable_components(version: StandardVersion):
    return (
        ComponentVersion.objects.filter(version=version, component__kind=ComponentKind.ENTITY)
        .select_related("component")
        .order_by("name")
    )


def checker_for(*, version: StandardVersion, component: ComponentVersion) -> Checker:
    if version.status not in CHECKABLE_STATUSES:
        raise CheckRefused("Choose a published version of the standard", code="not_published")
    component = (
        ComponentVersion.objects.select_related("component")
        .prefetch_related("attributes__references")
        .get(pk=component.pk)
    )
    return Checker(version=version, component=component)


def file_format(name: str) -> str:
    """``csv``, ``json`` or ``ndjson`` from a file's name; raises ``CheckRefused`` otherwise."""
    lowered = (name or "").lower()
    for extension, format_name in EXTENSIONS.items():
        if lowered.endswith(extension):
            return format_name
    raise CheckRefused(
        "The selected file must be a CSV, JSON or NDJSON file (.csv, .json, .ndjson or .jsonl)",
        code="wrong_type",
    )


def check_extract(
    *,
    version: StandardVersion,
    component: ComponentVersion,
    name: str,
    chunks: Iterable[bytes],
    size: int | None = None,
) -> Report:
    """Check an extract given as byte chunks. Raises ``CheckRefused`` when it cannot be read."""
    format_name = file_format(name)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise CheckRefused("The selected file must be smaller than 50 MB", code="too_big")
    if size == 0:
        raise CheckRefused("The selected file is empty", code="empty")
    checker = checker_for(version=version, component=component)
    report = Report(
        standard=version.standard.name,
        version=version.number,
        component_key=component.component.key,
        component_name=component.name,
        schema_url=checker.schema_url,
        file_name=name,
        file_format=FORMATS[format_name],
    )
    texts = text_chunks(_limited(chunks))
    if format_name == "csv":
        checker.check_csv(texts, report)
    else:
        checker.check_json(texts, report)
    return report


def _limited(chunks: Iterable[bytes]) -> Iterator[bytes]:
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_UPLOAD_BYTES:
            raise CheckRefused("The selected file must be smaller than 50 MB", code="too_big")
        yield chunk
