"""Problem details (RFC 9457): how every API error is answered.

An error is a JSON object served as ``application/problem+json``::

    {"type": "about:blank", "title": "Not Found", "status": 404,
     "detail": "There is no standard called 'gas-safety'", "code": "not_found",
     "instance": "/api/v1/standards/gas-safety",
     "errors": [{"pointer": "#/title", "detail": "Enter a title for your proposal"}]}

``detail`` is written for a person, in the same words the web pages use for the same refusal.
``code`` is for programs; ``errors`` (only for invalid input) lists each problem with a JSON
Pointer into the request body, or a ``parameter`` name for a bad query or path parameter.

This module imports no app: the request size middleware answers with it too.
"""

import json
from http import HTTPStatus

from django.http import HttpResponse

CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"
READ_METHODS = ("GET", "HEAD", "OPTIONS")
# Any origin may read, and read the answer's errors too; writes get none of these, so a browser
# never sends one cross-site.
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, If-None-Match",
    "Access-Control-Expose-Headers": "ETag, Link, Retry-After",
    "Access-Control-Max-Age": "86400",
}


class Problem(Exception):  # noqa: N818 - raised as "a problem", like RFC 9457 names it
    """Raise in an API operation to answer with a problem; nothing has been written."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        code: str | None = None,
        errors: list[dict] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.detail = detail
        self.code = code or HTTPStatus(status).phrase.lower().replace(" ", "_")
        self.errors = errors or []
        self.headers = headers or {}
        super().__init__(detail)


def problem_body(*, status: int, detail: str, code: str, instance: str, errors=()) -> dict:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
        "instance": instance,
    }
    if errors:
        body["errors"] = list(errors)
    return body


def problem_response(request, problem: Problem) -> HttpResponse:
    body = problem_body(
        status=problem.status,
        detail=problem.detail,
        code=problem.code,
        instance=request.path,
        errors=problem.errors,
    )
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=problem.status, content_type=CONTENT_TYPE
    )
    for name, value in problem.headers.items():
        response[name] = value
    if request.method in READ_METHODS:
        for name, value in CORS_HEADERS.items():
            response[name] = value
    # An error is never cached: the same request may succeed a moment later.
    response["Cache-Control"] = "no-store"
    return response


def is_api_request(request) -> bool:
    return request.path.startswith(API_PREFIX)
