"""The conformance checker's pages and its HTTP endpoint. Open to everyone, signed in or not.

Nothing is stored: an upload is held only for the request (in memory up to Django's 5 MB
threshold, above that in a temporary file that is deleted when the request ends), read once by
the checker and closed. So the report page is the response to the upload itself rather than a
redirect to a saved report (post/redirect/get needs something to redirect to), and its
downloads carry the report in a signed token (``checker_report``).

Signed-out visitors may check only so many files a minute (``PORTAL_RATE_LIMITS["checker"]``,
counted per visitor address as sign-in attempts are): a refusal is a 429 that says when to try
again, sent before the upload is read.

Bodies over 60 MB are refused by ``RequestBodyLimitMiddleware`` before anything reads them.
Here, a declared length over the 50 MB limit is refused before the body is read too, and a
body that turns out longer than it said is cut off by ``LimitedUploadHandler``.
"""

from django.core import signing
from django.core.files.uploadhandler import (
    FileUploadHandler,
    MemoryFileUploadHandler,
    StopUpload,
    TemporaryFileUploadHandler,
)
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from adoption.checker.engine import MAX_UPLOAD_BYTES, check_extract, checkable_versions
from adoption.checker.forms import TOO_BIG, DownloadForm, ExtractForm, VersionForm
from adoption.checker.reading import CHUNK_BYTES, CheckRefused
from adoption.checker.report import (
    download_name,
    report_csv,
    report_from_token,
    report_json,
    report_token,
)
from portal.ratelimits import rate_limit_consume, wait_words
from standards.engine.versioning import version_number_parse
from standards.exceptions import InvalidVersionNumber
from standards.models import ComponentVersion, StandardVersion

# Room for the multipart envelope and the other fields around a file of the maximum size.
FORM_OVERHEAD_BYTES = 64 * 1024
NOTHING_STORED = (
    "We do not keep your file or its report. The file is checked as it is uploaded and deleted "
    "as soon as the report is ready."
)


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading an upload once it passes the limit, whatever Content-Length claimed."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > MAX_UPLOAD_BYTES:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def _declared_too_big(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES


def _limit_uploads(request: HttpRequest) -> LimitedUploadHandler:
    limiter = LimitedUploadHandler(request)
    request.upload_handlers = [
        limiter,
        MemoryFileUploadHandler(request),
        TemporaryFileUploadHandler(request),
    ]
    return limiter


def _rate_limited(request: HttpRequest) -> int | None:
    """Seconds a signed-out visitor must wait before another check, or None to go ahead."""
    if request.user.is_authenticated:
        return None
    return rate_limit_consume(action="checker", request=request)


def _rate_limit_message(wait: int) -> str:
    return (
        f"You have checked too many files in a short time. Try again in {wait_words(wait)}, "
        "or sign in to check more"
    )


def _version(standard: str, number: str) -> StandardVersion:
    try:
        parts = version_number_parse(number)
    except InvalidVersionNumber:
        raise Http404("No such version") from None
    return get_object_or_404(
        checkable_versions(),
        standard__slug=standard,
        major=parts.major,
        minor=parts.minor,
        patch=parts.patch,
    )


def _crumbs(version: StandardVersion | None = None) -> list[tuple[str, str]]:
    crumbs = [("Home", "/")]
    if version is not None:
        crumbs.append(("Check your data", reverse("adoption:checker_start")))
    return crumbs


@require_GET
def checker_start(request: HttpRequest) -> HttpResponse:
    """Choose the version. The form is sent with GET, so it needs no session or token."""
    form = VersionForm(request.GET or None)
    if request.GET and form.is_valid():
        version = form.cleaned_data["version"]
        return redirect(
            "adoption:checker_upload", standard=version.standard.slug, number=version.number
        )
    return render(
        request,
        "adoption/checker/start.html",
        {"form": form, "crumbs": _crumbs(), "nothing_stored": NOTHING_STORED},
    )


# Uploads must be limited before anything reads the body, and CsrfViewMiddleware reads it, so
# the CSRF check runs inside the view, after the handlers are set (Django's documented way).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def checker_upload(request: HttpRequest, standard: str, number: str) -> HttpResponse:
    version = _version(standard, number)
    if request.method == "POST":
        if (wait := _rate_limited(request)) is not None:
            return _rate_limited_page(request, version, wait)
        if _declared_too_big(request):
            return _too_big_page(request, version)
        limiter = _limit_uploads(request)
        return _checker_post(request, version=version, limiter=limiter)
    form = ExtractForm(version=version, initial={"component": _component_from(request, version)})
    return _upload_page(request, version, form)


@csrf_protect
def _checker_post(request: HttpRequest, *, version, limiter) -> HttpResponse:
    form = ExtractForm(request.POST, request.FILES, version=version, too_big=limiter.exceeded)
    if not form.is_valid():
        return _upload_page(request, version, form)
    upload = form.cleaned_data["file"]
    component = form.cleaned_data["component"]
    try:
        report = check_extract(
            version=version,
            component=component,
            name=upload.name,
            chunks=upload.chunks(CHUNK_BYTES),
            size=upload.size,
        )
    except CheckRefused as error:
        form.refuse(error)
        return _upload_page(request, version, form)
    finally:
        upload.close()
    document = report.as_dict()
    return render(
        request,
        "adoption/checker/report.html",
        {
            "report": document,
            "token": report_token(document),
            "error_groups": [group for group in document["errors"]["by_type"] if group["total"]],
            "version": version,
            "component": component,
            "crumbs": _crumbs(version),
            "nothing_stored": NOTHING_STORED,
        },
    )


def _component_from(request: HttpRequest, version: StandardVersion):
    key = request.GET.get("component", "")
    return (
        ComponentVersion.objects.filter(version=version, component__key=key).first()
        if key
        else None
    )


def _upload_page(request, version, form, status=200) -> HttpResponse:
    return render(
        request,
        "adoption/checker/upload.html",
        {
            "version": version,
            "form": form,
            "crumbs": _crumbs(version),
            "nothing_stored": NOTHING_STORED,
            "limit_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        },
        status=status,
    )


def _too_big_page(request, version) -> HttpResponse:
    form = ExtractForm({}, {}, version=version, too_big=True)
    form.is_valid()
    # The body is never read, so the connection cannot be reused.
    response = _upload_page(request, version, form, status=413)
    response["Connection"] = "close"
    return response


def _rate_limited_page(request, version, wait: int) -> HttpResponse:
    form = ExtractForm({}, {}, version=version, refused=_rate_limit_message(wait))
    form.is_valid()
    response = _upload_page(request, version, form, status=429)
    response["Retry-After"] = str(wait)
    # The body is never read, so the connection cannot be reused.
    response["Connection"] = "close"
    return response


@require_POST
def checker_download(request: HttpRequest) -> HttpResponse:
    """The report shown on the page, as a JSON or CSV file."""
    form = DownloadForm(request.POST)
    if not form.is_valid():
        return _download_refused(request)
    try:
        report = report_from_token(form.cleaned_data["report"])
    except signing.BadSignature:
        return _download_refused(request)
    if form.cleaned_data["format"] == "csv":
        response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
        name = download_name(report, "csv")
    else:
        response = HttpResponse(report_json(report), content_type="application/json")
        name = download_name(report, "json")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _download_refused(request) -> HttpResponse:
    return render(
        request,
        "adoption/checker/download_refused.html",
        {"crumbs": _crumbs(), "start": reverse("adoption:checker_start")},
        status=400,
    )


# The endpoint changes nothing and uses no one's session (the checker is public), so a forged
# cross-site request gains nothing: it cannot read the answer, and there is nothing to change.
@csrf_exempt
@require_POST
def checker_api(request: HttpRequest) -> JsonResponse:
    """``POST`` multipart: ``file``, ``standard`` (slug), ``version`` (number), ``component``
    (key). Answers with the report as JSON, or ``{"error": {"code", "message"}}``."""
    if (wait := _rate_limited(request)) is not None:
        response = _api_error("rate_limited", _rate_limit_message(wait), status=429)
        response["Retry-After"] = str(wait)
        response["Connection"] = "close"
        return response
    if _declared_too_big(request):
        response = _api_error("too_big", TOO_BIG, status=413)
        response["Connection"] = "close"
        return response
    limiter = _limit_uploads(request)
    upload = request.FILES.get("file")
    try:
        if limiter.exceeded:
            return _api_error("too_big", TOO_BIG, status=413)
        version = _api_version(request.POST)
        if version is None:
            return _api_error(
                "unknown_version",
                "Give standard (its slug) and version (a published number, like 1.1.0)",
                status=404,
            )
        component = ComponentVersion.objects.filter(
            version=version, component__key=request.POST.get("component", "")
        ).first()
        if component is None or not component.is_entity:
            return _api_error(
                "unknown_component",
                f"Give component: the key of an entity in {version}",
                status=404,
            )
        if upload is None:
            return _api_error("no_file", "Send the extract as the multipart field file")
        report = check_extract(
            version=version,
            component=component,
            name=upload.name or "",
            chunks=upload.chunks(CHUNK_BYTES),
            size=upload.size,
        )
    except CheckRefused as error:
        return _api_error(error.code, error.message)
    finally:
        if upload is not None:
            upload.close()
    return JsonResponse(report.as_dict(), json_dumps_params={"ensure_ascii": False})


def _api_version(data) -> StandardVersion | None:
    try:
        major, minor, patch = version_number_parse(str(data.get("version", "")))
    except InvalidVersionNumber:
        return None
    return (
        checkable_versions()
        .filter(standard__slug=data.get("standard", ""), major=major, minor=minor, patch=patch)
        .first()
    )


def _api_error(code: str, message: str, *, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)
