"""Public URLs of the standards catalogue. Every version URL is stable once published.

``latest`` in place of a version number redirects (302, so it can move on) to the current
published version, for every URL under a version, downloads included.
"""

from django.urls import include, path, register_converter

from .converters import VersionNumberConverter
from .versioning import VERSION_NUMBER_REGEX
from .views import browse, diffs, downloads

app_name = "standards"


class VersionOrLatestConverter(VersionNumberConverter):
    regex = rf"(?:latest|{VERSION_NUMBER_REGEX})"


class ArtefactNameConverter:
    """The downloadable files of a version: fixed names plus one schema per component."""

    regex = (
        r"(?:bundle\.schema\.json|openapi\.json|dictionary\.csv|version\.json"
        r"|[-a-zA-Z0-9_]+\.schema\.json)"
    )

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(VersionNumberConverter, "version")
register_converter(VersionOrLatestConverter, "version_or_latest")
register_converter(ArtefactNameConverter, "artefact")

urlpatterns = [
    # First, so the steward pages' fixed paths win over a standard's slug.
    path("", include("standards.import_urls")),
    path("", browse.standard_list, name="standard_list"),
    path("<slug:standard>/", browse.standard_detail, name="standard_detail"),
    path("<slug:standard>/compare/", browse.version_compare, name="version_compare"),
    path(
        "<slug:standard>/compare/<version_or_latest:old>...<version_or_latest:new>/",
        diffs.version_diff,
        name="version_diff",
    ),
    path(
        "<slug:standard>/compare/<version_or_latest:old>...<version_or_latest:new>.json",
        diffs.version_diff_json,
        name="version_diff_json",
    ),
    path(
        "<slug:standard>/components/<slug:component>/",
        browse.component_latest,
        name="component_latest",
    ),
    path(
        "<slug:standard>/components/<slug:component>/compare/"
        "<version_or_latest:old>...<version_or_latest:new>/",
        diffs.component_diff,
        name="component_diff",
    ),
    path(
        "<slug:standard>/components/<slug:component>/compare/"
        "<version_or_latest:old>...<version_or_latest:new>.json",
        diffs.component_diff_json,
        name="component_diff_json",
    ),
    path("<slug:standard>/latest/", browse.latest_redirect, name="latest"),
    path("<slug:standard>/latest/<path:rest>", browse.latest_redirect, name="latest"),
    path("<slug:standard>/<version:version>/", browse.version_detail, name="version_detail"),
    path(
        "<slug:standard>/<version:version>/<artefact:name>",
        downloads.artefact_download,
        name="download",
    ),
    path(
        "<slug:standard>/<version:version>/<slug:component>/",
        browse.component_detail,
        name="component_detail",
    ),
]
