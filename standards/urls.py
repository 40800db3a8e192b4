"""Public URLs of the standards catalogue. Every version URL is stable once published.

``latest`` in place of a version number redirects (302, so it can move on) to the current
published version, for every URL under a version, downloads included.
"""

from django.urls import include, path, register_converter

from standards.browse import views as browse
from standards.compare import views as diffs
from standards.diagrams import views as diagrams
from standards.engine.versioning import VERSION_NUMBER_REGEX
from standards.interchange import views as downloads
from standards.proposals import editor as proposals_editor
from standards.proposals import views as proposals
from standards.proposals.feeds import ProposalFeed
from standards.proposals.voting import views as voting

from .converters import VersionNumberConverter

app_name = "standards"


class VersionOrLatestConverter(VersionNumberConverter):
    regex = rf"(?:latest|{VERSION_NUMBER_REGEX})"


class ArtefactNameConverter:
    """The downloadable files of a version: fixed names plus one schema per component."""

    regex = (
        r"(?:bundle\.schema\.json|openapi\.json|dictionary\.csv|version\.json"
        r"|[-a-zA-Z0-9_]+\.schema\.json"
        r"|diagram\.(?:svg|dot|mmd|json)|[-a-zA-Z0-9_]+\.diagram\.(?:svg|json))"
    )

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(VersionNumberConverter, "version")
register_converter(VersionOrLatestConverter, "version_or_latest")


class ProposalReferenceConverter:
    """A proposal's reference, such as DM-0007: letters and digits, a hyphen, then digits."""

    regex = r"[A-Za-z0-9]{1,8}-[0-9]{1,8}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(ArtefactNameConverter, "artefact")
register_converter(ProposalReferenceConverter, "proposal")

PROPOSAL = "<slug:standard>/proposals/<proposal:reference>"

# Before the version routes, so "proposals" is never read as a version or component.
proposal_patterns = [
    path("<slug:standard>/proposals/", proposals.proposal_list_view, name="proposal_list"),
    path("<slug:standard>/proposals/feed/", ProposalFeed(), name="proposal_feed"),
    path("<slug:standard>/proposals/new/", proposals.proposal_start, name="proposal_start"),
    path(f"{PROPOSAL}.json", proposals.proposal_json, name="proposal_json"),
    path(f"{PROPOSAL}/", proposals.proposal_detail, name="proposal_detail"),
    path(f"{PROPOSAL}/edit/", proposals_editor.proposal_edit, name="proposal_edit"),
    path(f"{PROPOSAL}/changes/", proposals_editor.proposal_changes, name="proposal_changes"),
    path(
        f"{PROPOSAL}/changes/add/", proposals_editor.proposal_change_add, name="proposal_change_add"
    ),
    path(
        f"{PROPOSAL}/changes/add/<slug:kind>/",
        proposals_editor.proposal_change_form,
        name="proposal_change_form",
    ),
    path(
        f"{PROPOSAL}/changes/upload/",
        proposals_editor.proposal_from_file,
        name="proposal_from_file",
    ),
    path(f"{PROPOSAL}/check/", proposals_editor.proposal_check, name="proposal_check"),
    path(f"{PROPOSAL}/withdraw/", proposals.proposal_withdraw, name="proposal_withdraw"),
    path(f"{PROPOSAL}/watch/", proposals.proposal_watch, name="proposal_watch"),
    path(f"{PROPOSAL}/voting/", proposals.proposal_voting_open, name="proposal_voting_open"),
    path(f"{PROPOSAL}/comments/", proposals.proposal_comment, name="proposal_comment"),
    path(f"{PROPOSAL}/comments/<int:comment>/edit/", proposals.comment_edit, name="comment_edit"),
    path(f"{PROPOSAL}/comments/<int:comment>/hide/", proposals.comment_hide, name="comment_hide"),
    path(f"{PROPOSAL}/vote/", voting.vote, name="proposal_vote"),
    path(
        f"{PROPOSAL}/objections/<int:position>/answer/",
        voting.objection_answer,
        name="objection_answer",
    ),
    path(f"{PROPOSAL}/close/", voting.close_early, name="proposal_close_early"),
    path("<slug:standard>/decision-rules/", voting.decision_rules, name="decision_rules"),
]

urlpatterns = [
    # First, so the steward pages' fixed paths win over a standard's slug.
    path("", include("standards.publishing.import_urls")),
    path("", include("standards.urls_publishing")),
    path("", browse.standard_list, name="standard_list"),
    path("<slug:standard>/", browse.standard_detail, name="standard_detail"),
    *proposal_patterns,
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
    # Before the component page, so a component keyed "diagram" is shadowed: the diagram wins.
    path(
        "<slug:standard>/<version:version>/diagram/",
        diagrams.version_diagram,
        name="version_diagram",
    ),
    path(
        "<slug:standard>/<version:version>/<slug:component>/",
        browse.component_detail,
        name="component_detail",
    ),
]
