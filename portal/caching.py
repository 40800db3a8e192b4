"""Caching of whole pages for signed-out visitors, and of renders that can never change.

Two caches, both optional (``make run`` needs neither to be configured):

``default``
    Shared by every app server (the database cache on PostgreSQL in production). It holds one
    small thing: the *content generation*, a number bumped whenever anything is written. A
    cached page is stored under the generation current when it was rendered, so one bump
    retires every cached page on every server at once, with no list of pages to purge.

``renders``
    Memory local to each process. It holds page bodies (keyed by the generation, so a stale
    one is never found) and rendered fragments of published versions, keyed by the rows' ids,
    their content fingerprints and the template revision. A published version's content never
    changes, so those fragments are never invalidated; a new deploy gets new keys.

Whole-page caching is for signed-out visitors only, and is refused whenever the response could
differ between them: see ``PageCacheMiddleware``.
"""

import hashlib
import logging
import re
import threading
import time
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

GENERATION_KEY = "portal:content-generation"
HEADER_LIST_RE = re.compile(r"\s*,\s*")
# Writes that change no page: sessions, queued tasks and sign-in bookkeeping.
QUIET_MODELS = {
    "sessions.session",
    "django_tasks_db.dbtaskresult",
    "admin.logentry",
    "account.emailconfirmation",
    "mfa.authenticator",
}
# Request headers that ask for part of a response or a conditional answer: the view answers
# them itself (it knows the ETag and the byte ranges), so they bypass the page cache.
CONDITIONAL_HEADERS = (
    "HTTP_RANGE",
    "HTTP_IF_RANGE",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_AUTHORIZATION",
)
# Varying on these is fine: cached pages are only for requests with no session and no
# Authorization header (the API's tokens), and the encoding a client accepts is part of the key.
HARMLESS_VARY = {"cookie", "accept-encoding", "authorization"}
MAX_BODY_BYTES = 1024 * 1024

_local = threading.local()
logger = logging.getLogger(__name__)


def renders_cache():
    """The per-process cache of immutable renders and page bodies; ``default`` without one."""
    try:
        return caches["renders"]
    except InvalidCacheBackendError:
        return caches["default"]


@cache
def template_revision() -> str:
    """Changes whenever a template (or the deploy's ``DEPLOY_REVISION``) does.

    Worked out once per process from the template files themselves, so a deploy that changes
    a template never reads a fragment rendered by the old one from a shared cache.
    """
    digest = hashlib.sha256(getattr(settings, "DEPLOY_REVISION", "").encode())
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(directory).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(directory)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def render_key(*parts) -> str:
    """A key for a render that never changes, such as ``render_key("component", row.pk, ...)``."""
    return ":".join(["render", template_revision(), *(str(part) for part in parts)])


# The content generation.


def generation() -> int | None:
    """The current content generation, read from the shared cache at most once a second.

    Within the process that wrote, a bump is seen at once; other app servers see it within
    ``PAGE_CACHE_GENERATION_SECONDS`` (one second unless set), so a page may be up to that much
    behind on them.
    """
    now = time.monotonic()
    cached = getattr(_local, "generation", None)
    if cached is not None and now - cached[1] < _generation_seconds():
        return cached[0]
    shared = caches["default"]
    try:
        value = shared.get(GENERATION_KEY)
        if value is None:
            # Unknown (a new or cleared cache): start from the clock, so it never repeats an
            # earlier generation whose pages may still be held by a server.
            shared.add(GENERATION_KEY, time.time_ns(), timeout=None)
            value = shared.get(GENERATION_KEY)
    except Exception:
        # No shared cache to ask (say, its table is not created yet): pages go uncached.
        _warn_once("The page cache could not read the content generation")
        return None
    if value is not None:
        _local.generation = (value, now)
    return value


@cache
def _warn_once(message: str) -> None:
    # Once a process: before `createcachetable` has run, every write would say it again.
    logger.warning(message, exc_info=True)


def _generation_seconds() -> float:
    return float(getattr(settings, "PAGE_CACHE_GENERATION_SECONDS", 1))


def generation_bump() -> None:
    """Retire every cached page: something they may show has changed.

    This thread moves to a generation of its own at once, so it never serves a page from
    before its own write. The shared generation is bumped once the transaction commits (at
    once outside one): a page rendered before then, from data not yet committed, is stored
    under the old generation, which nobody reads afterwards. Bumping after the commit also
    keeps a failing cache from spoiling the write's transaction.
    """
    _local.generation = (f"local-{time.time_ns()}", time.monotonic())
    transaction.on_commit(_bump_shared, robust=True)


def _bump_shared() -> None:
    shared = caches["default"]
    try:
        try:
            value = shared.incr(GENERATION_KEY)
        except ValueError:
            value = time.time_ns()
            shared.set(GENERATION_KEY, value, timeout=None)
    except Exception:
        _warn_once("The page cache could not bump the content generation")
        return
    _local.generation = (value, time.monotonic())


def _on_write(sender, raw=False, **kwargs) -> None:
    if raw:
        return
    meta = sender._meta
    # simple_history's rows are saved next to the change that already bumped it.
    if meta.label_lower in QUIET_MODELS or meta.model_name.startswith("historical"):
        return
    if _enabled():
        generation_bump()


def connect_signals() -> None:
    """Bump the generation on every model write. Writes that bypass signals (``update()``,
    ``bulk_create``) are caught by the bump after every unsafe request, and by the timeout."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"portal.caching.{signal}")


# Whole-page caching for signed-out visitors.


def forbid_page_cache(request: HttpRequest) -> None:
    """Never store this response in the page cache (for example, it shows a draft)."""
    request.page_cache_forbidden = True


def _enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def accepted_encoding(request: HttpRequest) -> str:
    """The encoding to send: "br", "gzip" or "identity", by the client's Accept-Encoding.

    Brotli is preferred when both are accepted (it is smaller); ``q=0`` refuses one.
    """
    accepted = set()
    for item in request.META.get("HTTP_ACCEPT_ENCODING", "").lower().split(","):
        name, _, params = item.strip().partition(";")
        quality = params.strip().removeprefix("q=")
        try:
            refused = params and float(quality) <= 0
        except ValueError:
            refused = True
        if name and not refused:
            accepted.add(name.strip())
    for encoding in ("br", "gzip"):
        if encoding in accepted or "*" in accepted:
            return encoding
    return "identity"


def _may_use_cache(request: HttpRequest) -> bool:
    """A GET from a visitor with no session: whatever they may see, every such visitor may."""
    if request.method != "GET" or not _enabled():
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not any(header in request.META for header in CONDITIONAL_HEADERS)


def _page_key(request: HttpRequest, generation_value, user_part: str = "anonymous") -> str:
    scheme = "https" if request.is_secure() else "http"
    address = f"{scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{generation_value}:{user_part}:{accepted_encoding(request)}:{digest}"


def _nothing_personal(request: HttpRequest, response: HttpResponse) -> bool:
    """True when the response holds nothing meant for this request alone."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "page_cache_forbidden", False):
        return False
    # A message shown on this page was meant for this visitor, this once.
    messages = getattr(request, "_messages", None)
    if messages is not None and (
        getattr(messages, "_queued_messages", None) or getattr(messages, "_loaded_data", None)
    ):
        return False
    # A page that used the CSP nonce would be handed out again with the same one.
    if getattr(request, "_csp_nonce", None):
        return False
    control = {
        part.strip().lower() for part in HEADER_LIST_RE.split(response.get("Cache-Control", ""))
    }
    if control & {"no-store", "no-cache", "max-age=0"}:
        return False
    vary = {part.strip().lower() for part in HEADER_LIST_RE.split(response.get("Vary", "")) if part}
    if vary - HARMLESS_VARY:
        return False
    return len(response.content) <= MAX_BODY_BYTES


def _cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    """May this response be served to every signed-out visitor?"""
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    if "private" in response.get("Cache-Control", "").lower():
        return False
    return _nothing_personal(request, response)


def _serve_or_store(request, key: str, get_response, cacheable):
    store = renders_cache()
    hit = store.get(key)
    if hit is not None:
        status, headers, body = hit
        return HttpResponse(body, status=status, headers=headers)
    response = get_response(request)
    if cacheable(request, response):
        entry = (response.status_code, dict(response.headers.items()), response.content)
        store.set(key, entry, settings.PAGE_CACHE_SECONDS)
    return response


class PageCacheMiddleware:
    """Serve signed-out visitors' GET requests from a cache of whole responses.

    Sits after the security and static-file middleware and before sessions, so a hit skips the
    session, authentication, CSRF and the view, while the outer middleware still adds its
    headers. What is stored is the response as the inner middleware left it, CSP and all, so a
    cached response carries the same headers as an uncached one.

    Stored only when nothing about the response is particular to the visitor: no cookie set
    (a page with a CSRF token sets one, so forms are never stored), no message, no CSP nonce,
    no signed-in user, nothing private, and the view did not call ``forbid_page_cache``.
    Served only to requests with no session or messages cookie, so a signed-in visitor always
    gets their own page. A signed-in person's form post bumps the generation afterwards.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not _may_use_cache(request):
            response = self.get_response(request)
            # Model writes bump the generation themselves; this catches a signed-in person's
            # writes that bypass signals (``update()``, raw SQL). Anonymous posts (signing in,
            # mostly) are left out, so nobody can empty the cache by posting forms at it.
            user = getattr(request, "user", None)
            if (
                request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
                and _enabled()
                and user is not None
                and user.is_authenticated
            ):
                generation_bump()
            return response
        current = generation()
        if current is None:
            return self.get_response(request)
        return _serve_or_store(request, _page_key(request, current), self.get_response, _cacheable)


# Pages a signed-in person's own copy may be kept of: what they show depends on who they are
# and on the database (whose every write retires the copy), never on their session's state.
SIGNED_IN_VIEWS = {
    "standards:standard_list",
    "standards:standard_detail",
    "standards:version_detail",
    "standards:component_detail",
    "standards:version_diff",
    "standards:component_diff",
    "standards:download",
    "standards:proposal_list",
    "standards:proposal_detail",
    "standards:decision_rules",
    "account_overview",
    "wagtail_serve",
}


def _signed_in_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in SIGNED_IN_VIEWS:
        return False
    if request.session.modified:
        return False
    return _nothing_personal(request, response)


class SignedInPageCacheMiddleware:
    """Keep each signed-in person's own copy of the catalogue and guidance pages.

    Sits after authentication and messages, so a hit still checks the session and the user
    (a signed-out or changed user never gets the copy), and skips the view and the template.
    The key holds the user's id, so nobody is served another's page; permissions live in the
    database, so a change to them bumps the generation and retires every copy. Only the views
    in ``SIGNED_IN_VIEWS`` are kept, and only when the response is stored on the same terms as
    a signed-out one (no cookie, message, nonce or ``forbid_page_cache``) and the session was
    not changed. Pending messages send the request to the view, so they are shown.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if (
            request.method != "GET"
            or not _enabled()
            or user is None
            or not user.is_authenticated
            or "messages" in request.COOKIES
            or "_messages" in request.session
            or any(header in request.META for header in CONDITIONAL_HEADERS)
        ):
            return self.get_response(request)
        current = generation()
        if current is None:
            return self.get_response(request)
        key = _page_key(request, current, user_part=f"user-{user.pk}")
        return _serve_or_store(request, key, self.get_response, _signed_in_cacheable)
