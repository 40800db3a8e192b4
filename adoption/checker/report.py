"""A checker report as downloads (JSON and CSV), and as a signed token the report page carries.

Nothing is stored, so the report page cannot link to a saved report. Instead the page holds the
report itself in a hidden field, signed so that a download always says what the checker said
(no one can edit it into a passing report that looks like ours). The report is bounded (the
first 100 problems of each type, and counts), so the token stays small.
"""

import csv
import io
import json

from django.core import signing

TOKEN_SALT = "adoption.checker.engine.report"  # noqa: S105 - a namespace, not a secret
TOKEN_MAX_AGE = 24 * 60 * 60
CSV_COLUMNS = (
    "section",
    "type",
    "row",
    "column",
    "attribute",
    "value",
    "replaced_by",
    "count",
    "message",
)
# A cell starting with these is a formula to a spreadsheet: the value came from the upload.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def report_token(report: dict) -> str:
    return signing.dumps(report, salt=TOKEN_SALT, compress=True)


def report_from_token(token: str) -> dict:
    """The report a token holds. Raises ``signing.BadSignature`` (or ``SignatureExpired``)."""
    return signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)


def report_json(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _cell(value) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return "'" + text if text.startswith(_FORMULA_START) else text


def report_rows(report: dict):
    """The report as flat rows: a summary, the columns, every listed error, then warnings."""
    errors = report["errors"]
    yield {
        "section": "summary",
        "type": "conforms" if report["conforms"] else "does_not_conform",
        "count": report["file"]["rows"],
        "message": (
            f"{report['file']['name']} checked against {report['component']['name']} in "
            f"{report['standard']} {report['version']}: {report['file']['rows']} rows, "
            f"{errors['total']} errors"
        ),
    }
    for match in report["columns"]["matched"]:
        yield {"section": "column", "type": "matched", **match}
    for column in report["columns"]["unrecognised"]:
        yield {"section": "column", "type": "unrecognised", "column": column}
    for name in report["columns"]["missing_required"]:
        yield {"section": "column", "type": "missing_required", "attribute": name}
    for group in errors["by_type"]:
        yield {
            "section": "error_total",
            "type": group["type"],
            "count": group["total"],
            "message": group["label"],
        }
        for item in group["listed"]:
            yield {"section": "error", "type": group["type"], **item}
    for warning in report["warnings"]:
        yield {
            "section": "warning",
            "type": warning["type"],
            "row": warning.get("first_row"),
            "column": warning["column"],
            "attribute": warning["attribute"],
            "value": warning.get("code"),
            "replaced_by": warning["replaced_by"],
            "count": warning.get("rows"),
            "message": warning["message"],
        }


def report_csv(report: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in report_rows(report):
        writer.writerow([_cell(row.get(column)) for column in CSV_COLUMNS])
    return buffer.getvalue()


def download_name(report: dict, extension: str) -> str:
    component = report["component"]["key"]
    return f"conformance-report-{component}-{report['version']}.{extension}"
