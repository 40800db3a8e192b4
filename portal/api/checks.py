"""Checking data and schemas against a published version. Nothing is saved by either.

- **Validate** an extract (a JSON record or array, NDJSON or CSV) or a single code: the same
  report as the checker page (``adoption.checker``), as JSON.
- **Compatibility**: a revised JSON Schema or code-list CSV, classified by the change engine as
  a proposal from that file would be (``standards.proposals.compatibility``).
"""

from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from adoption.checker.engine import check_extract
from adoption.checker.reading import CheckRefused
from portal.api import schemas
from portal.api.core import READ_AUTH
from portal.api.problems import Problem
from portal.ratelimits import rate_limit_consume, wait_words
from standards.catalogue import selectors
from standards.choices import ComponentKind, VersionStatus
from standards.models import ComponentVersion, StandardVersion
from standards.proposals.compatibility import compatibility_check
from standards.proposals.pages import operation_rows

router = Router(tags=["Checks"], auth=READ_AUTH)

CHECK_ERRORS = dict.fromkeys((400, 404, 413, 415, 422, 429), schemas.ProblemOut)
# What each body type is read as, by the checker's file-name rules.
EXTRACT_NAMES = {
    "application/json": "record.json",
    "application/x-ndjson": "extract.ndjson",
    "application/jsonl": "extract.ndjson",
    "text/csv": "extract.csv",
}
TEXT_BODY = {"schema": {"type": "string"}}


def _body_kind(request: HttpRequest, allowed) -> str:
    content_type = request.content_type or ""
    if content_type not in allowed:
        raise Problem(
            415,
            f"Send the body as {', '.join(allowed)}",
            code="unsupported_media_type",
        )
    return content_type


def _text(request: HttpRequest) -> str:
    try:
        text = request.body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Problem(400, "The body must be UTF-8 text", code="not_utf8") from error
    if not text.strip():
        raise Problem(400, "The body is empty", code="empty")
    return text


def _checkable(request: HttpRequest, standard: str, version: str) -> StandardVersion:
    try:
        found = selectors.version_get(standard_slug=standard, number=version)
    except StandardVersion.DoesNotExist as error:
        raise Http404(f"Version {version[:50]} of {standard[:100]} has not been published") from (
            error
        )
    if found.status not in (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED):
        raise Http404(f"Version {version[:50]} of {standard[:100]} has not been published")
    return found


def _limit(request: HttpRequest) -> None:
    """The checker page's limit, so the API is no cheaper a way to run the checker."""
    token = getattr(request.auth, "pk", None)
    if token is not None:
        wait = rate_limit_consume(action="checker", key=f"token:{token}")
    else:
        wait = rate_limit_consume(action="checker", request=request)
    if wait is not None:
        raise Problem(
            429,
            f"You have checked too many extracts. Try again in {wait_words(wait)}",
            code="rate_limited",
            headers={"Retry-After": str(wait)},
        )


class CodeCheck(Schema):
    code: str = Field(examples=["C1"], max_length=200)


class CodeCheckOut(Schema):
    code: str
    valid: bool = Field(description="True for an active or deprecated code of this version")
    status: Literal["active", "deprecated", "removed", "unknown"]
    replaced_by: str | None
    removed_in: str | None
    message: str


def _code_check(version: StandardVersion, component: str, text: str) -> dict:
    try:
        code = CodeCheck.model_validate_json(text).code
    except ValueError as error:
        raise Problem(
            400,
            'Send the code as JSON, like {"code": "C1"}',
            code="invalid_request",
            errors=[{"pointer": "#/code", "detail": "Enter the code to check"}],
        ) from error
    _row, states = selectors.code_list_as_of(version=version, key=component)
    state = next((state for state in states if state.code["value"] == code), None)
    if state is None:
        return {
            "code": code,
            "valid": False,
            "status": "unknown",
            "replaced_by": None,
            "removed_in": None,
            "message": f"'{code[:200]}' is not a code in {component} in version {version.number}",
        }
    messages = {
        "active": f"'{code}' is a code in version {version.number}",
        "deprecated": f"'{code}' is deprecated in version {version.number}",
        "removed": f"'{code}' was removed in version {state.removed_in}",
    }
    replaced_by = state.code["replaced_by"] or None
    use = state.status == "deprecated" and replaced_by
    return {
        "code": code,
        "valid": state.status != "removed",
        "status": state.status,
        "replaced_by": replaced_by,
        "removed_in": state.removed_in,
        "message": messages[state.status] + (f": use '{replaced_by}' instead" if use else ""),
    }


@router.post(
    "/standards/{standard}/versions/{version}/components/{component}/validate",
    response={200: schemas.ValidationReport | CodeCheckOut, **CHECK_ERRORS},
    summary="Validate a record, an extract, or a single code",
    description=(
        "For an entity, send a JSON record or array (`application/json`), NDJSON "
        "(`application/x-ndjson`) or CSV (`text/csv`): the answer is the checker's report, "
        "with the row and column, or the JSON Pointer, of every error. For a code list, send "
        '`{"code": "…"}` as JSON: the answer says whether that code is valid in the version.'
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {}},
                "application/x-ndjson": TEXT_BODY,
                "text/csv": TEXT_BODY,
            },
        }
    },
    by_alias=True,
)
def validate(request, standard: str, version: str, component: str):
    found = _checkable(request, standard, version)
    try:
        row = selectors.component_version_get(version=found, key=component)
    except ComponentVersion.DoesNotExist as error:
        raise Http404(
            f"Version {found.number} of {standard} has no component '{component[:100]}'"
        ) from error
    kind = _body_kind(request, EXTRACT_NAMES)
    if row.component.kind == ComponentKind.CODE_LIST:
        if kind != "application/json":
            raise Problem(
                415, 'Send the code as JSON, like {"code": "C1"}', code="unsupported_media_type"
            )
        return _code_check(found, component, _text(request))
    _limit(request)
    body = _text(request).encode()
    try:
        report = check_extract(
            version=found,
            component=row,
            name=EXTRACT_NAMES[kind],
            chunks=[body],
            size=len(body),
        )
    except CheckRefused as error:
        raise Problem(422, error.message, code=error.code) from error
    return report.as_dict()


@router.post(
    "/standards/{standard}/versions/{version}/compatibility",
    response={200: schemas.CompatibilityOut, **CHECK_ERRORS},
    summary="Check a revised schema or code list for compatibility (a dry run)",
    description=(
        "Send your revised JSON Schema (`application/json` or `application/schema+json`), or "
        "a code list as `text/csv` with `code_list` naming it. The answer lists the changes it "
        "makes, each with its impact rule, whom it breaks and why, the overall impact and the "
        "next version number a release would need. Nothing is saved."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/schema+json": {"schema": {"type": "object"}},
                "application/json": {"schema": {"type": "object"}},
                "text/csv": TEXT_BODY,
            },
        }
    },
)
def compatibility(
    request,
    standard: str,
    version: str,
    code_list: str | None = Query(None, max_length=100, description="For CSV: the code list key"),
    component: str | None = Query(
        None,
        max_length=100,
        description="For a JSON Schema: the component it revises, if its $id does not name it",
    ),
):
    found = _checkable(request, standard, version)
    kind = _body_kind(request, ("application/json", "application/schema+json", "text/csv"))
    if kind == "text/csv" and not code_list:
        raise Problem(
            400,
            "Give code_list: the key of the code list the CSV revises",
            errors=[{"parameter": "code_list", "detail": "Enter the code list's key"}],
        )
    report = compatibility_check(
        version=found,
        content=_text(request),
        csv_code_list=code_list if kind == "text/csv" else None,
        component=component,
    )
    rows = operation_rows(report.operations, report.outcome) if report.outcome else []
    return {
        "standard": standard,
        "version": found.number,
        "compatible": report.applies and report.impact.label != "major",
        "impact": report.impact.label,
        "next_version": report.next_version,
        "changes": [
            {
                "kind": row.operation.kind,
                "path": row.operation.path,
                "values": dict(row.operation.values),
                "impact": row.impact.label if row.impact is not None else None,
                "rule": row.rule.id if row.rule else None,
                "breaks": row.rule.breaks.value if row.rule else None,
                "reason": row.rule.reason if row.rule else None,
                "problems": [problem.message for problem in row.problems],
            }
            for row in rows
        ],
        "warnings": report.warnings,
        "notes": report.notes,
    }
