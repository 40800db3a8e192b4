"""The API's HTTP behaviour, shared by every operation: who is asking, problems, caching, CORS
and rate limits (docs/adr/0018-public-api.md).

- **Who:** a personal access token in ``Authorization: Bearer hdsp_…`` (``community.tokens``).
  Reads need none; a token that is present must be valid, or the answer is 401. The API never
  reads the session cookie, so no page can be tricked into writing through it (no CSRF).
- **Problems:** every error is RFC 9457 problem details (``portal.api.problems``).
- **Caching:** each successful read gets a strong ``ETag`` and answers ``If-None-Match`` with
  304. Resources of a published version never change: they are ``immutable`` for a year.
- **CORS:** any origin may read; writes answer no CORS headers, so browsers refuse them.
- **Rate limits:** ``settings.PORTAL_RATE_LIMITS["api"]`` per visitor address, ``["api_token"]``
  per token; past it the answer is 429 with ``Retry-After``.
"""

import hashlib
import threading
from collections.abc import Iterable
from http import HTTPStatus

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from community.choices import TokenScope
from community.services.tokens import token_authenticate
from portal.api.problems import CORS_HEADERS, READ_METHODS, Problem, problem_response
from portal.errors import DomainError, InvalidState, NotAllowed
from portal.ratelimits import rate_limit_consume, wait_words

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=60"
PRIVATE = "private, no-cache"
INVALID_CREDENTIAL_MESSAGE = (
    "The access token is not valid: it may be mistyped, expired or revoked. "
    "Create a new one on your account page"
)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: the token, if it is live and its owner active."""

    def authenticate(self, request: HttpRequest, token: str):
        found = token_authenticate(token)
        if found is None:
            raise Problem(
                401, INVALID_CREDENTIAL_MESSAGE, code="invalid_token", headers=_challenge()
            )
        return found


class Visitor:
    """A read with no token. Truthy, so ninja accepts it as an authentication result."""

    pk = None
    owner = AnonymousUser()

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return "visitor"

    def allows(self, scope: str) -> bool:
        return False


def _visitor(request: HttpRequest):
    """Let a request without an ``Authorization`` header through as a visitor."""
    return None if "authorization" in request.headers else Visitor()


READ_AUTH = [TokenAuth(), _visitor]
WRITE_AUTH = [TokenAuth()]


def _challenge() -> dict[str, str]:
    return {"WWW-Authenticate": 'Bearer realm="api"'}


def reader(request: HttpRequest):
    """The person a read is for: the token's owner, or an anonymous user for a visitor."""
    return getattr(request, "auth", Visitor).owner


def writer(request: HttpRequest, scope: TokenScope):
    """The person a write is for, after checking the token carries ``scope``."""
    token = request.auth
    if not token.allows(scope):
        raise Problem(
            403,
            f"This access token cannot do that: it needs the {scope} scope. "
            "Create a token with that scope on your account page",
            code="insufficient_scope",
            headers={"WWW-Authenticate": f'Bearer realm="api", scope="{scope}"'},
        )
    return token.owner


class RateLimit(BaseThrottle):
    """Counts each API request against the visitor's address or the token.

    One instance serves every request; ninja asks ``wait`` straight after ``allow_request`` in
    the same thread, so the wait is kept per thread, never shared between two requests.
    """

    def __init__(self) -> None:
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        if getattr(token, "pk", None) is not None:
            wait = rate_limit_consume(
                action="api_token", key=f"token:{token.pk}", allow_concurrent=True
            )
        else:
            wait = rate_limit_consume(action="api", request=request, allow_concurrent=True)
        self._local.wait = wait
        return wait is None

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


class PortalAPI(NinjaAPI):
    """A NinjaAPI that adds ETags, 304s, cache lifetimes and CORS headers to every answer, and
    whose OpenAPI document says so: errors are ``application/problem+json``, reads may be 304.
    """

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return finish(request, response)

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for item in schema["paths"].values():
            for method, operation in item.items():
                _describe_http(method, operation)
        return schema


# Examples from the demo data (``make run``) for each path parameter, so the reference's
# examples work against a fresh portal and schemathesis's first cases hit real things.
PARAMETER_EXAMPLES = {
    "standard": "damp-and-mould",
    "version": "1.1.0",
    "old": "1.0.0",
    "new": "1.1.0",
    "component": "person-alert-codes",
    "reference": "DM-0001",
}


def _describe_http(method: str, operation: dict) -> None:
    # Reads and checks take a token but need none: say so, with the empty requirement.
    reads = method == "get" or operation.get("operationId", "").endswith(
        ("_validate", "_compatibility")
    )
    if reads and operation.get("security"):
        operation["security"].append({})
    for parameter in operation.get("parameters", []):
        example = PARAMETER_EXAMPLES.get(parameter["name"])
        if parameter["in"] == "path" and example is not None:
            parameter["example"] = example
    # ninja keys responses by int; JSON needs one spelling, or "413" and 413 both appear.
    responses = {str(status): value for status, value in operation.get("responses", {}).items()}
    operation["responses"] = responses
    for status, response in responses.items():
        if int(status) >= 400:
            content = response.get("content", {})
            if "application/json" in content:
                content["application/problem+json"] = content.pop("application/json")
            response["description"] = HTTPStatus(int(status)).phrase
    if method == "get":
        responses["304"] = {
            "description": "Not Modified: the ETag sent in If-None-Match is still current"
        }
    else:
        responses.setdefault(
            "413",
            {
                "description": "Content Too Large",
                "content": {
                    "application/problem+json": {
                        "schema": {"$ref": "#/components/schemas/ProblemOut"}
                    }
                },
            },
        )


def mark_immutable(request: HttpRequest) -> None:
    """This answer describes a published version's content, which never changes."""
    request.api_immutable = True


def mark_mutable(request: HttpRequest) -> None:
    """This answer may change (it followed ``latest``): never immutable, whatever else it used."""
    request.api_mutable = True


def _cache_control(request: HttpRequest) -> str:
    if getattr(getattr(request, "auth", None), "pk", None) is not None:
        return PRIVATE
    if getattr(request, "api_immutable", False) and not getattr(request, "api_mutable", False):
        return IMMUTABLE
    return SHORT


def finish(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Headers every API answer gets; a read's ETag, and a 304 when the client has it."""
    if request.method not in READ_METHODS:
        return response
    for name, value in CORS_HEADERS.items():
        response[name] = value
    if response.status_code != 200 or response.streaming:
        return response
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["Cache-Control"] = _cache_control(request)
    response["Vary"] = "Authorization"
    wanted = parse_etags(request.headers.get("If-None-Match", ""))
    if "*" in wanted or response["ETag"] in wanted:
        not_modified = HttpResponseNotModified()
        for name in ("ETag", "Cache-Control", "Vary", *CORS_HEADERS):
            not_modified[name] = response[name]
        return not_modified
    return response


# Errors --------------------------------------------------------------------------------------


def _status_for(error: DomainError) -> int:
    if isinstance(error, NotAllowed):
        return 403
    if isinstance(error, InvalidState) or error.code in ("edit_conflict", "conflict"):
        return 409
    if error.code == "rate_limited":
        return 429
    return 422


def _domain_error(request, error: DomainError) -> HttpResponse:
    errors = [{"pointer": f"#/{error.field}", "detail": error.message}] if error.field else []
    problems = getattr(error, "problems", None) or ()
    errors.extend(
        {
            "pointer": f"#/operations/{problem.index}",
            "detail": problem.message,
        }
        for problem in problems
        if getattr(problem, "index", None) is not None
    )
    return problem_response(
        request, Problem(_status_for(error), error.message, code=error.code, errors=errors)
    )


def _pointer(location: Iterable) -> tuple[str, str]:
    """ninja's error location, like ("body", "payload", "title"), as a pointer or parameter."""
    parts = [str(part) for part in location]
    where = parts[0] if parts else "body"
    rest = parts[1:]
    if where == "body":
        # The first part after "body" is the operation's parameter name, not in the JSON.
        rest = rest[1:]
        return "pointer", "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in rest)
    names = [part for part in rest if not part.isdigit()]
    return "parameter", names[0] if names else where


def _message(item: dict, name: str) -> str:
    """pydantic's error in GOV.UK words, for the commonest kinds; its own words otherwise."""
    context = item.get("ctx") or {}
    name = name.replace("_", " ") or "a value"
    words = {
        "missing": f"Enter {name}",
        "greater_than_equal": f"Enter {name} of {context.get('ge')} or more",
        "less_than_equal": f"Enter {name} of {context.get('le')} or less",
        "int_parsing": f"Enter {name} as a whole number",
        "int_from_float": f"Enter {name} as a whole number",
        "bool_parsing": f"Enter {name} as true or false",
        "string_type": f"Enter {name} as text",
        "string_too_long": f"Enter {name} of {context.get('max_length')} characters or fewer",
        "too_long": f"Give {name} at most {context.get('max_length')} items",
        "date_from_datetime_parsing": f"Enter {name} as a real date, like 2026-06-30",
        "date_parsing": f"Enter {name} as a real date, like 2026-06-30",
        "date_from_datetime_inexact": f"Enter {name} as a date, like 2026-06-30",
        "json_invalid": "The body must be valid JSON",
        "model_attributes_type": "The body must be a JSON object",
        "dict_type": f"Enter {name} as a JSON object",
        "list_type": f"Enter {name} as a list",
        "literal_error": f"Choose {name} from {context.get('expected', 'the values listed')}",
        "enum": f"Choose {name} from {context.get('expected', 'the values listed')}",
    }
    return words.get(item.get("type", ""), _sentence(item.get("msg", "Enter a valid value")))


def _validation_error(request, error: ValidationError) -> HttpResponse:
    errors = []
    for item in error.errors:
        kind, where = _pointer(item.get("loc", ()))
        name = where.rsplit("/", 1)[-1] if where and not where.rsplit("/", 1)[-1].isdigit() else ""
        errors.append({kind: where, "detail": _message(item, name)})
    detail = errors[0]["detail"] if len(errors) == 1 else "There is a problem with the request"
    return problem_response(request, Problem(400, detail, code="invalid_request", errors=errors))


def _sentence(message: str) -> str:
    message = message.removeprefix("Value error, ")
    return message[:1].upper() + message[1:]


def install_problem_handlers(api: NinjaAPI) -> None:
    """Answer every error, ours and ninja's, as problem details."""

    @api.exception_handler(Problem)
    def problem(request, error: Problem):
        return problem_response(request, error)

    @api.exception_handler(DomainError)
    def domain(request, error: DomainError):
        return _domain_error(request, error)

    @api.exception_handler(ValidationError)
    def invalid(request, error: ValidationError):
        return _validation_error(request, error)

    @api.exception_handler(Throttled)
    def throttled(request, error: Throttled):
        wait = max(1, int(error.wait or 1))
        return problem_response(
            request,
            Problem(
                429,
                f"You have made too many requests. Try again in {wait_words(wait)}",
                code="rate_limited",
                headers={"Retry-After": str(wait)},
            ),
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, error: AuthenticationError):
        return problem_response(
            request,
            Problem(
                401,
                "Send a personal access token as 'Authorization: Bearer <token>'. "
                "Create one on your account page",
                code="unauthenticated",
                headers=_challenge(),
            ),
        )

    @api.exception_handler(HttpError)
    def http_error(request, error: HttpError):
        return problem_response(request, Problem(error.status_code, str(error)))

    @api.exception_handler(Http404)
    def not_found(request, error: Http404):
        detail = str(error) if error.args else "Not found"
        return problem_response(request, Problem(404, detail, code="not_found"))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, error: PermissionDenied):
        detail = str(error) if error.args else "You do not have permission to do this"
        return problem_response(request, Problem(403, detail, code="forbidden"))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, error: RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return problem_response(
            request,
            Problem(
                413,
                f"The request body must be smaller than {limit} MB",
                code="too_big",
            ),
        )
