"""Machine-readable downloads of a version, from stable URLs.

A published (or superseded, or withdrawn) version never changes, so its files are cached for a
year and marked immutable: a browser or proxy need never ask again. A draft's files change as
it is edited, so they may be stored but must be revalidated every time; the ETag makes that a
cheap 304 when nothing has changed.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag

from .. import artefacts
from . import version_or_404

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def artefact_download(request: HttpRequest, standard: str, version: str, name: str) -> HttpResponse:
    version = version_or_404(request, standard_slug=standard, number=version)
    try:
        artefact = artefacts.artefact_get(version=version, name=name)
    except artefacts.ArtefactNotFound as error:
        raise Http404("No such file for this version") from error
    etag = quote_etag(artefact.etag)
    cache_control = REVALIDATE if version.is_draft else IMMUTABLE
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(artefact.content, content_type=artefact.content_type)
        disposition = "attachment" if name.endswith(".csv") else "inline"
        filename = f"{version.standard.slug}-{version.number}-{name}"
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    # Schemas are fetched by validators and editors running in other sites' pages.
    response["Access-Control-Allow-Origin"] = "*"
    return response
