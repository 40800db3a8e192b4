"""Machine-readable downloads of a version, from stable URLs.

A published (or superseded, or withdrawn) version never changes, so its files are cached for a
year and marked immutable: a browser or proxy need never ask again. A draft's files change as
it is edited, so they may be stored but must be revalidated every time; the ETag makes that a
cheap 304 when nothing has changed.

Stored files are served brotli- or gzip-compressed when the client accepts it, from the forms
made at publication. Each process keeps the files it has served in memory (they never change),
so after the first request a download reads only the version, never the content fields. Single
byte ranges (``Range``, ``If-Range``) are answered from the uncompressed file, and conditional
requests (``If-None-Match``, ``If-Modified-Since`` and the rest) get a 304 or 412.
"""

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from portal.caching import accepted_encoding, forbid_page_cache, render_key, renders_cache
from standards.catalogue.lookups import version_or_404
from standards.interchange import artefacts
from standards.models import StandardVersion, VersionArtefact

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
IDENTITY = "identity"
# Bytes above this are read from the database each time rather than held in memory.
MAX_HELD_BYTES = 2 * 1024 * 1024
RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


def artefact_download(request: HttpRequest, standard: str, version: str, name: str) -> HttpResponse:
    version = version_or_404(request, standard_slug=standard, number=version)
    stored = None
    if version.is_draft:
        forbid_page_cache(request)
    else:
        # A byte range is of the plain file: offsets into compressed bytes help nobody.
        encoding = IDENTITY if "HTTP_RANGE" in request.META else accepted_encoding(request)
        stored = _stored_file(version, name, encoding)
    if stored is None:
        try:
            artefact = artefacts.artefact_get(version=version, name=name)
        except artefacts.ArtefactNotFound as error:
            raise Http404("No such file for this version") from error
        content = artefact.content
        body = content if isinstance(content, bytes) else content.encode("utf-8")
        stored = (artefact.content_type, artefact.etag, IDENTITY, body)
    return _respond(request, version, name, *stored)


def _stored_file(version: StandardVersion, name: str, encoding: str):
    """(content type, ETag, encoding, bytes) of a stored file, or None if none is stored.

    Kept in this process's memory once read: a stored file never changes, so a download after
    the first reads nothing but the version. The first reads the one content field it needs.
    A file stored before compressed forms were kept is sent uncompressed.
    """
    key = render_key("artefact", version.pk, name, encoding)
    store = renders_cache()
    held = store.get(key)
    if held is not None:
        return held
    field = "content" if encoding == IDENTITY else VersionArtefact.ENCODED_FIELDS[encoding]
    row = (
        VersionArtefact.objects.filter(version=version, name=name)
        .values_list("content_type", "etag", field)
        .first()
    )
    if row is None:
        return None
    content_type, etag, value = row
    data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    if encoding != IDENTITY and not data:
        return _stored_file(version, name, IDENTITY)
    held = (content_type, etag, encoding, data)
    if len(data) <= MAX_HELD_BYTES:
        store.set(key, held, timeout=None)
    return held


def _respond(
    request: HttpRequest,
    version: StandardVersion,
    name: str,
    content_type: str,
    sha256: str,
    encoding: str,
    body: bytes,
) -> HttpResponse:
    etag = quote_etag(sha256 if encoding == IDENTITY else f"{sha256}-{encoding}")
    # A draft's files change while its date does not, so only the ETag speaks for them.
    last_modified = None
    if not version.is_draft and version.published_at is not None:
        last_modified = int(version.published_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        byte_range = _byte_range(request, etag, last_modified, len(body))
        if byte_range == "unsatisfiable":
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{len(body)}"
        else:
            response = _content_response(version, name, content_type, body, byte_range)
            if encoding != IDENTITY:
                response["Content-Encoding"] = encoding
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = REVALIDATE if version.is_draft else IMMUTABLE
    response["Accept-Ranges"] = "bytes"
    response["Vary"] = "Accept-Encoding"
    # Schemas are fetched by validators and editors running in other sites' pages.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _content_response(version, name: str, content_type: str, body: bytes, byte_range):
    if byte_range is None:
        response = HttpResponse(body, content_type=content_type)
    else:
        first, last = byte_range
        response = HttpResponse(body[first : last + 1], content_type=content_type, status=206)
        response["Content-Range"] = f"bytes {first}-{last}/{len(body)}"
    disposition = "attachment" if name.endswith(".csv") else "inline"
    filename = f"{version.standard.slug}-{version.number}-{name}"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _byte_range(request: HttpRequest, etag: str, last_modified: int | None, size: int):
    """(first, last) of a single satisfiable range, "unsatisfiable", or None for the whole file.

    Several ranges in one request, or one that cannot be read, get the whole file, as HTTP
    allows. An ``If-Range`` that no longer matches also gets the whole file.
    """
    header = request.META.get("HTTP_RANGE", "").replace(" ", "")
    if not header or not _if_range_matches(request, etag, last_modified):
        return None
    match = RANGE_RE.match(header)
    if match is None or match[1] == match[2] == "":
        return None
    if match[1] == "":
        length = int(match[2])
        if length == 0 or size == 0:
            return "unsatisfiable"
        return max(size - length, 0), size - 1
    first = int(match[1])
    last = int(match[2]) if match[2] else size - 1
    if first >= size:
        return "unsatisfiable"
    if last < first:
        return None
    return first, min(last, size - 1)


def _if_range_matches(request: HttpRequest, etag: str, last_modified: int | None) -> bool:
    condition = request.META.get("HTTP_IF_RANGE")
    if condition is None:
        return True
    if condition.startswith(('"', "W/")):
        # If-Range needs a strong match: a weak tag never matches.
        return condition == etag
    date = parse_http_date_safe(condition)
    return date is not None and last_modified is not None and date == last_modified
