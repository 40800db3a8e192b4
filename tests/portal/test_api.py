"""The public API's reads and its HTTP behaviour (issue 21, docs/adr/0018-public-api.md).

Everything is read signed out unless a test says otherwise: that is how the systems that
implement the standard use it. Writes are in test_api_writes.py.
"""

import json
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.utils import timezone
from openapi_spec_validator import validate

from community.choices import TokenScope
from community.models import Membership
from community.services.memberships import membership_leave
from community.services.tokens import token_create, token_revoke
from standards.choices import ProposalStatus, Stance
from standards.models import Code
from standards.proposals.services import comment_add
from standards.proposals.voting.services import position_cast
from standards.versions.services import version_draft_create
from tests.adoption.factories import declare
from tests.community.factories import AccessTokenFactory
from tests.standards.factories import (
    ProposalOperationFactory,
    ProposalRowFactory,
    StandardFactory,
    VersionFactory,
    add_attribute,
    add_code,
    build_standard,
    change_description,
    draft_proposal,
    electorate,
    founding_groups,
    member_of,
    open_for_comment,
    publish_small_version,
    publish_with_four_eyes,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
DM = f"{API}/standards/damp-and-mould"
PROBLEM = "application/problem+json"
IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture
def catalogue(steward):
    """damp-and-mould 1.0.0 (superseded) and 1.1.0 (published)."""
    return build_standard(steward=steward)


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def token_of(user, *scopes: str) -> str:
    _token, raw = token_create(
        owner=user, name="Repairs system", scopes=list(scopes or [TokenScope.READ]), days=30
    )
    return raw


def assert_problem(response, status: int, code: str | None = None) -> dict:
    """The answer is RFC 9457 problem details with every member, and returns its body."""
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert {"type", "title", "status", "detail", "code", "instance"} <= body.keys()
    assert body["status"] == status
    assert body["instance"] == response.wsgi_request.path
    assert body["detail"]
    if code is not None:
        assert body["code"] == code
    return body


def remove_com1_in_1_2_0(catalogue, steward):
    """Publish 1.2.0, which drops COM1 (deprecated in 1.1.0, replaced by COM)."""
    draft = version_draft_create(
        actor=steward,
        standard=catalogue.standard,
        number="1.2.0",
        base=catalogue.v2,
        release_notes="Removes COM1.",
    )
    Code.objects.filter(component_version__version=draft, value="COM1").delete()
    return publish_with_four_eyes(actor=steward, version=draft)


def codes_by_value(response) -> dict[str, dict]:
    return {code["value"]: code for code in response.json()["codes"]}


# The root, the OpenAPI document and the reference page -----------------------------------------


def test_the_root_describes_the_api_and_links_to_its_openapi_document(client):
    response = client.get(f"{API}/")

    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "1"
    assert body["openapi"] == "http://testserver/api/v1/openapi.json"
    assert body["docs"] == "http://testserver/api/v1/docs"
    assert body["links"]["standards"] == "http://testserver/api/v1/standards"
    assert client.get(body["openapi"].removeprefix("http://testserver")).status_code == 200


def test_the_openapi_document_is_valid_openapi_3_1(client):
    document = client.get(f"{API}/openapi.json").json()

    validate(document)

    assert document["openapi"].startswith("3.1")


def test_every_operation_has_a_summary_and_documents_its_problems(client):
    document = client.get(f"{API}/openapi.json").json()

    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert operation.get("summary"), f"{method} {path}"
            problems = [
                status
                for status, response in operation["responses"].items()
                if status.startswith("4") and PROBLEM in response.get("content", {})
            ]
            assert problems, f"{method} {path}"


def test_the_reference_page_loads_only_the_sites_own_scripts_under_its_csp(client):
    response = client.get(f"{API}/docs")

    assert response.status_code == 200
    page = response.content.decode()
    sources = [part.split('"')[1] for part in page.split("<script")[1:] if ' src="' in part]
    assert sources, "the reference page loads its scripts from files"
    assert all(source.startswith("/static/") for source in sources)
    assert "http://" not in page.replace("http://testserver", "")
    assert "https://" not in page
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'self'" in script_src


# The standard, read signed out -----------------------------------------------------------------


def test_the_standards_list_gives_each_standard_with_its_current_version(client, catalogue):
    response = client.get(f"{API}/standards")

    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["slug"] == "damp-and-mould"
    assert item["current_version"] == "1.1.0"
    assert item["api_url"] == "http://testserver/api/v1/standards/damp-and-mould"


def test_a_standard_lists_its_published_versions_but_never_a_draft(client, catalogue, steward):
    version_draft_create(
        actor=steward, standard=catalogue.standard, number="1.2.0", base=catalogue.v2
    )

    response = client.get(DM)

    assert response.status_code == 200
    versions = [(v["number"], v["status"]) for v in response.json()["versions"]]
    assert versions == [("1.1.0", "published"), ("1.0.0", "superseded")]


def test_a_version_lists_its_components_and_downloads(client, catalogue):
    response = client.get(f"{DM}/versions/1.1.0")

    assert response.status_code == 200
    body = response.json()
    assert body["number"] == "1.1.0"
    assert body["based_on"] == "1.0.0"
    keys = {component["key"]: component["kind"] for component in body["components"]}
    assert keys["work-order"] == "entity"
    assert keys["person-alert-codes"] == "code_list"
    assert "damp-survey" in keys
    assert body["downloads"]["work-order.schema.json"].endswith(
        "/standards/damp-and-mould/1.1.0/work-order.schema.json"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/versions/1.2.0",
        "/versions/1.2.0/components/work-order",
        "/code-lists/person-alert-codes?version=1.2.0",
        "/compare/1.1.0/1.2.0",
    ],
)
def test_a_draft_version_is_404_for_everyone_even_a_stewards_token(
    client, catalogue, steward, path
):
    version_draft_create(
        actor=steward, standard=catalogue.standard, number="1.2.0", base=catalogue.v2
    )

    signed_out = client.get(DM + path)
    as_steward = client.get(DM + path, **bearer(token_of(steward)))

    assert_problem(signed_out, 404, "not_found")
    assert_problem(as_steward, 404, "not_found")


def test_a_component_gives_its_attributes(client, catalogue):
    response = client.get(f"{DM}/versions/1.1.0/components/work-order")

    assert response.status_code == 200
    body = response.json()
    attributes = {attribute["key"]: attribute for attribute in body["attributes"]}
    assert attributes["work_order_id"]["name"] == "id"
    assert attributes["work_order_id"]["required"] is True
    assert attributes["priority"]["references"] == "work-priority-codes"
    assert attributes["reported_at"]["data_type"] == "date-time"
    assert body["codes"] == []
    assert body["schema_url"].endswith("/1.1.0/work-order.schema.json")


def test_a_code_list_component_gives_its_codes(client, catalogue):
    response = client.get(f"{DM}/versions/1.1.0/components/person-alert-codes")

    assert response.status_code == 200
    codes = {code["value"]: code for code in response.json()["codes"]}
    assert codes["COM1"]["deprecated"] is True
    assert codes["COM1"]["replaced_by"] == "COM"
    assert codes["MED1"]["parent_value"] == "MED"


def test_a_code_list_as_of_a_version_gives_each_codes_status(client, catalogue, steward):
    remove_com1_in_1_2_0(catalogue, steward)

    in_1_1 = codes_by_value(client.get(f"{DM}/code-lists/person-alert-codes?version=1.1.0"))
    in_1_2 = codes_by_value(client.get(f"{DM}/code-lists/person-alert-codes?version=1.2.0"))

    assert in_1_1["MED"]["status"] == "active"
    assert (in_1_1["COM1"]["status"], in_1_1["COM1"]["replaced_by"]) == ("deprecated", "COM")
    assert in_1_1["COM1"]["removed_in"] is None
    assert (in_1_2["COM1"]["status"], in_1_2["COM1"]["removed_in"]) == ("removed", "1.2.0")
    assert in_1_2["COM"]["status"] == "active"


def test_a_code_list_on_a_date_is_the_version_in_force_that_day(client, catalogue):
    today = timezone.localdate().isoformat()

    response = client.get(f"{DM}/code-lists/person-alert-codes?date={today}")

    assert response.status_code == 200
    assert response.json()["version"] == "1.1.0"
    assert response.json()["as_of"] == today
    assert codes_by_value(response)["COM1"]["status"] == "deprecated"


def test_a_code_list_on_a_date_before_any_release_is_404(client, catalogue):
    response = client.get(f"{DM}/code-lists/person-alert-codes?date=2001-01-01")

    body = assert_problem(response, 404)
    assert body["detail"] == "No version of damp-and-mould had been published by 1 January 2001"


def test_a_code_list_asked_for_by_version_and_date_both_is_400(client, catalogue):
    response = client.get(f"{DM}/code-lists/person-alert-codes?version=1.1.0&date=2026-01-01")

    body = assert_problem(response, 400)
    assert body["detail"] == "Give either a version or a date, not both"
    assert body["errors"][0]["parameter"] == "date"


def test_the_diff_gives_each_change_its_impact_rule_and_whom_it_breaks(client, catalogue):
    response = client.get(f"{DM}/compare/1.0.0/1.1.0")

    assert response.status_code == 200
    body = response.json()
    assert (body["from"], body["to"], body["impact"]) == ("1.0.0", "1.1.0", "minor")
    components = {component["key"]: component for component in body["components"]}
    added = components["damp-survey"]
    assert (added["change"], added["impact"]) == ("added", "minor")
    assert (added["rule"], added["breaks"]) == ("component.added", "nobody")
    assert added["reason"]
    [com1] = components["person-alert-codes"]["codes"]
    deprecated = next(field for field in com1["fields"] if field["field"] == "deprecated")
    assert (deprecated["impact"], deprecated["rule"]) == ("minor", "deprecated")
    assert deprecated["breaks"] == "nobody"
    assert deprecated["reason"]
    attributes = {row["key"]: row for row in components["work-order"]["attributes"]}
    assert attributes["reported_at"]["change"] == "added"
    assert attributes["reported_at"]["rule"]


def test_the_changelog_since_a_version_leaves_out_that_version_and_older(client, catalogue):
    response = client.get(f"{DM}/changelog?since=1.0.0")

    assert response.status_code == 200
    assert [entry["version"] for entry in response.json()["releases"]] == ["1.1.0"]
    assert response.json()["releases"][0]["impact"] == "minor"


def published_on(moment: datetime, steward):
    """A new standard whose 1.0.0 was published at ``moment`` (UTC)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return publish_small_version(steward=steward)


def test_the_changelog_since_a_date_keeps_what_was_published_from_that_day(client, steward):
    version = published_on(datetime(2026, 1, 15, 12, 0, tzinfo=UTC), steward)
    url = f"{API}/standards/{version.standard.slug}/changelog"

    that_day = client.get(f"{url}?since=2026-01-15")
    next_day = client.get(f"{url}?since=2026-01-16")

    assert [entry["version"] for entry in that_day.json()["releases"]] == ["1.0.0"]
    assert next_day.json()["releases"] == []


def test_the_changelog_since_a_date_uses_the_day_the_portal_shows(client, steward):
    # 23:30 UTC on 30 June is 00:30 on 1 July in London, the day the pages give.
    version = published_on(datetime(2026, 6, 30, 23, 30, tzinfo=UTC), steward)
    base = f"{API}/standards/{version.standard.slug}"

    in_force = client.get(f"{base}/code-lists/person-alert-codes?date=2026-07-01")
    since = client.get(f"{base}/changelog?since=2026-07-01")

    assert in_force.json()["version"] == "1.0.0"
    assert [entry["version"] for entry in since.json()["releases"]] == ["1.0.0"]


@pytest.mark.parametrize("since", ["last-week", "2026-13-45"])
def test_the_changelog_since_something_neither_a_version_nor_a_date_is_400(
    client, catalogue, since
):
    body = assert_problem(client.get(f"{DM}/changelog?since={since}"), 400)

    assert body["detail"] == "Enter a version number, like 1.1.0, or a date, like 2026-06-30"
    assert body["errors"] == [{"parameter": "since", "detail": "Enter a version number or a date"}]


# Proposals, releases and the register ----------------------------------------------------------


@pytest.fixture
def proposals(catalogue):
    """An open minor proposal on the code list, an open patch on work-order, and a draft."""
    author = member_of(founding_groups()["ha"])
    codes = open_for_comment(
        author=author, base_version=catalogue.v2, operations=[add_code()], title="Add SOC"
    )
    wording = open_for_comment(
        author=author,
        base_version=catalogue.v2,
        operations=[change_description()],
        title="Reword description",
    )
    draft = draft_proposal(
        author=author, base_version=catalogue.v2, operations=[add_attribute("notes")]
    )
    return {"author": author, "codes": codes, "wording": wording, "draft": draft}


def references(response) -> list[str]:
    assert response.status_code == 200
    return sorted(item["reference"] for item in response.json()["items"])


def test_proposals_filtered_by_component(client, proposals):
    listed = references(client.get(f"{DM}/proposals?component=person-alert-codes"))

    assert listed == [proposals["codes"].reference]


def test_proposals_filtered_by_impact(client, proposals):
    patch = references(client.get(f"{DM}/proposals?impact=patch"))
    minor = references(client.get(f"{DM}/proposals?impact=minor"))

    assert patch == [proposals["wording"].reference]
    assert minor == [proposals["codes"].reference]


def test_proposals_filtered_by_status_list_drafts_only_to_their_authors_token(client, proposals):
    other = member_of(founding_groups()["la"])
    url = f"{DM}/proposals?status=draft"

    signed_out = references(client.get(url))
    as_author = references(client.get(url, **bearer(token_of(proposals["author"]))))
    as_someone_else = references(client.get(url, **bearer(token_of(other))))

    assert signed_out == []
    assert as_author == [proposals["draft"].reference]
    assert as_someone_else == []


def test_proposals_filtered_by_status_open(client, proposals):
    listed = references(client.get(f"{DM}/proposals?status=open"))

    assert listed == sorted([proposals["codes"].reference, proposals["wording"].reference])


def test_a_draft_proposal_is_404_signed_out_and_readable_with_its_authors_token(client, proposals):
    url = f"{DM}/proposals/{proposals['draft'].reference}"

    assert_problem(client.get(url), 404, "not_found")
    assert client.get(url, **bearer(token_of(proposals["author"]))).status_code == 200


def test_a_proposal_gives_its_change_set_comments_timeline_and_tally(client, steward):
    people = electorate(steward=steward)
    proposal = people.proposal
    comment_add(actor=people.members["la"][0], proposal=proposal, body="Needed for triage.")
    people.open_ballot()
    position_cast(
        actor=people.members["ha"][0],
        proposal=proposal,
        group=people.ha,
        stance=Stance.OBJECT,
        reason="Too broad.",
    )

    url = f"{API}/standards/{proposal.standard.slug}/proposals/{proposal.reference}"

    response = client.get(url)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == ProposalStatus.VOTING
    [operation] = body["operations"]
    assert (operation["kind"], operation["impact"], operation["rule"]) == (
        "add_code",
        "minor",
        "code.added",
    )
    assert [comment["body"] for comment in body["comments"]] == ["Needed for triage."]
    kinds = [event["kind"] for event in body["timeline"]]
    assert kinds[0] == "created"
    assert "commented" in kinds
    assert body["tally"]["status"] == "open"
    groups = {group["group"]: group for group in body["tally"]["groups"]}
    assert groups[people.ha.name]["object"] == 1
    assert [objection["reason"] for objection in body["tally"]["objections"]] == ["Too broad."]


def test_the_releases_list_and_one_release(client, catalogue):
    listed = client.get(f"{DM}/releases")
    one = client.get(f"{DM}/releases/1.1.0")

    assert [item["version"] for item in listed.json()["items"]] == ["1.1.0", "1.0.0"]
    assert one.status_code == 200
    assert (one.json()["version"], one.json()["status"]) == ("1.1.0", "published")
    assert one.json()["release_notes"] == "Adds dates."
    assert_problem(client.get(f"{DM}/releases/9.9.9"), 404)


def test_the_adoption_register_lists_public_declarations(client, catalogue):
    declare(version=catalogue.v2, system_name="Repairs Hub")

    response = client.get(f"{API}/adoption/register?standard=damp-and-mould&version=1.1.0")

    assert response.status_code == 200
    [record] = response.json()["items"]
    assert (record["standard"], record["version"]) == ("damp-and-mould", "1.1.0")
    assert record["systems"] == "Repairs Hub"
    assert sorted(record["components"]) == ["property", "work-order"]


# Problem details --------------------------------------------------------------------------------


def test_a_missing_thing_is_a_404_problem(client, catalogue):
    body = assert_problem(client.get(f"{API}/standards/gas-safety"), 404, "not_found")

    assert body["detail"] == "There is no standard called 'gas-safety'"
    assert body["title"] == "Not Found"
    assert body["type"] == "about:blank"


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("limit=0", "Enter limit of 1 or more"),
        ("limit=ten", "Enter limit as a whole number"),
        ("offset=-1", "Enter offset of 0 or more"),
    ],
)
def test_a_bad_limit_or_offset_is_a_400_problem_in_govuk_words(client, query, detail):
    body = assert_problem(client.get(f"{API}/standards?{query}"), 400, "invalid_request")

    assert body["detail"] == detail
    assert body["errors"][0]["parameter"] == query.split("=")[0]


def test_an_unknown_status_filter_is_a_400_naming_the_parameter(client, catalogue):
    body = assert_problem(client.get(f"{DM}/proposals?status=bogus"), 400, "invalid_request")

    assert body["errors"][0]["parameter"] == "status"
    assert not body["detail"].startswith("Input should be")


def test_a_token_that_is_not_ours_is_a_401_problem_with_a_challenge(client):
    response = client.get(f"{API}/standards", **bearer("hdsp_" + "x" * 36))

    body = assert_problem(response, 401, "invalid_token")
    assert body["detail"].startswith("The access token is not valid")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_malformed_authorization_header_is_a_401_problem(client):
    response = client.get(f"{API}/standards", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")

    body = assert_problem(response, 401, "unauthenticated")
    assert "Authorization: Bearer" in body["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


# Caching ----------------------------------------------------------------------------------------


def test_a_read_has_an_etag_and_the_same_etag_is_answered_with_304(client, catalogue):
    first = client.get(f"{DM}/versions/1.1.0")

    again = client.get(f"{DM}/versions/1.1.0", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"].startswith('"')
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize(
    "path",
    [
        "/versions/1.1.0/components/work-order",
        "/code-lists/person-alert-codes?version=1.1.0",
        "/compare/1.0.0/1.1.0",
    ],
)
def test_a_published_versions_resources_are_immutable(client, catalogue, path):
    assert client.get(DM + path)["Cache-Control"] == IMMUTABLE


@pytest.mark.parametrize(
    "path",
    [
        "/versions/latest",
        "/code-lists/person-alert-codes",
        "/proposals",
        "",
    ],
)
def test_latest_and_lists_are_not_immutable(client, catalogue, path):
    response = client.get(DM + path)

    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert response["Cache-Control"].startswith("public")


def test_a_diff_with_latest_is_not_immutable(client, catalogue):
    response = client.get(f"{DM}/compare/latest/1.0.0")

    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]


def test_an_answer_cached_as_immutable_never_changes(client, catalogue, steward):
    before = client.get(f"{DM}/versions/1.1.0/components/work-order")
    remove_com1_in_1_2_0(catalogue, steward)

    after = client.get(f"{DM}/versions/1.1.0/components/work-order")

    assert before["Cache-Control"] == IMMUTABLE
    assert after.content == before.content


def test_a_versions_own_answer_is_not_immutable_because_its_status_changes(
    client, catalogue, steward
):
    before = client.get(f"{DM}/versions/1.1.0")
    remove_com1_in_1_2_0(catalogue, steward)

    after = client.get(f"{DM}/versions/1.1.0")

    assert before["Cache-Control"] != IMMUTABLE
    assert (before.json()["status"], after.json()["status"]) == ("published", "superseded")


def test_a_read_with_a_token_is_private(client, catalogue, user):
    response = client.get(f"{DM}/versions/1.1.0", **bearer(token_of(user)))

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    assert "Authorization" in response["Vary"]


# CORS -------------------------------------------------------------------------------------------


def test_any_origin_may_read(client, catalogue):
    response = client.get(f"{API}/standards", HTTP_ORIGIN="https://repairs.example")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in response["Access-Control-Allow-Headers"]


def test_a_preflight_for_a_read_is_answered_with_cors_headers(client, catalogue):
    response = client.options(
        f"{API}/standards",
        HTTP_ORIGIN="https://repairs.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )

    assert response.status_code in (200, 204)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "Authorization" in response["Access-Control-Allow-Headers"]


def test_a_problem_answering_a_read_can_be_read_by_any_origin(client):
    response = client.get(f"{API}/standards/gas-safety", HTTP_ORIGIN="https://repairs.example")

    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"


def test_head_on_a_read_answers_like_get_without_a_body(client, catalogue):
    response = client.head(f"{API}/standards")

    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"] == client.get(f"{API}/standards")["ETag"]


def test_a_write_is_answered_without_cors_headers(client, catalogue):
    raw = token_of(member_of(founding_groups()["ha"]), TokenScope.PROPOSALS_WRITE)

    response = client.post(
        f"{DM}/proposals",
        json.dumps({"title": "", "problem": "", "use_case": "", "affected": ""}),
        content_type="application/json",
        HTTP_ORIGIN="https://repairs.example",
        **bearer(raw),
    )

    assert response.status_code >= 400
    assert "Access-Control-Allow-Origin" not in response


def test_a_check_is_answered_without_cors_headers(client, catalogue):
    response = client.post(
        f"{DM}/versions/1.1.0/components/person-alert-codes/validate",
        json.dumps({"code": "MED"}),
        content_type="application/json",
        HTTP_ORIGIN="https://repairs.example",
    )

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


# Pagination -------------------------------------------------------------------------------------


def test_a_page_has_its_count_and_links_to_the_next_and_previous(client):
    for n in range(5):
        VersionFactory(standard=StandardFactory(name=f"Standard {n}"), published=True)

    first = client.get(f"{API}/standards?limit=2")
    middle = client.get(f"{API}/standards?limit=2&offset=2")
    last = client.get(f"{API}/standards?limit=2&offset=4")

    assert first.json()["count"] == 5
    assert [len(page.json()["items"]) for page in (first, middle, last)] == [2, 2, 1]
    links = middle.json()["links"]
    assert links["next"] == "http://testserver/api/v1/standards?limit=2&offset=4"
    assert links["prev"] == "http://testserver/api/v1/standards?limit=2&offset=0"
    assert first.json()["links"]["prev"] is None
    assert last.json()["links"]["next"] is None


def test_a_page_gives_its_links_in_a_link_header(client):
    for n in range(5):
        VersionFactory(standard=StandardFactory(name=f"Standard {n}"), published=True)

    middle = client.get(f"{API}/standards?limit=2&offset=2")
    only = client.get(f"{API}/standards?limit=10")

    assert middle["Link"] == (
        '<http://testserver/api/v1/standards?limit=2&offset=4>; rel="next", '
        '<http://testserver/api/v1/standards?limit=2&offset=0>; rel="prev"'
    )
    assert "Link" not in only


def test_the_links_keep_the_filters(client, proposals):
    response = client.get(f"{DM}/proposals?status=open&limit=1")

    assert response.json()["count"] == 2
    assert "status=open" in response.json()["links"]["next"]


# Rate limits ------------------------------------------------------------------------------------


def test_a_visitor_past_the_limit_gets_429_with_retry_after(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "api": "2/m/ip"}

    answers = [client.get(f"{API}/standards") for _ in range(3)]

    assert [answer.status_code for answer in answers[:2]] == [200, 200]
    body = assert_problem(answers[2], 429, "rate_limited")
    assert body["detail"].startswith("You have made too many requests. Try again in")
    assert 1 <= int(answers[2]["Retry-After"]) <= 60


def test_a_token_past_its_limit_gets_429_and_visitors_are_not_counted_with_it(
    client, settings, user
):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "api_token": "2/m/key"}
    raw = token_of(user)

    answers = [client.get(f"{API}/standards", **bearer(raw)) for _ in range(3)]
    signed_out = client.get(f"{API}/standards")

    assert [answer.status_code for answer in answers[:2]] == [200, 200]
    assert_problem(answers[2], 429, "rate_limited")
    assert int(answers[2]["Retry-After"]) >= 1
    assert signed_out.status_code == 200


# Queries ----------------------------------------------------------------------------------------

STANDARDS_LIST_QUERIES = 2
PROPOSALS_LIST_QUERIES = 4
RELEASES_LIST_QUERIES = 6
REGISTER_LIST_QUERIES = 4


@pytest.mark.parametrize("size", [1, 10])
def test_the_standards_list_runs_a_fixed_number_of_queries(client, size, django_assert_num_queries):
    for n in range(size):
        VersionFactory(standard=StandardFactory(name=f"Standard {n}"), published=True)

    with django_assert_num_queries(STANDARDS_LIST_QUERIES):
        response = client.get(f"{API}/standards")

    assert response.json()["count"] == size


@pytest.mark.parametrize("size", [1, 10])
def test_the_proposals_list_runs_a_fixed_number_of_queries(
    client, steward, size, django_assert_num_queries
):
    version = publish_small_version(steward=steward)
    for _ in range(size):
        proposal = ProposalRowFactory(base_version=version, opened=True)
        ProposalOperationFactory(proposal=proposal)

    with django_assert_num_queries(PROPOSALS_LIST_QUERIES):
        response = client.get(f"{API}/standards/{version.standard.slug}/proposals")

    assert response.json()["count"] == size


@pytest.mark.parametrize("size", [1, 10])
def test_the_releases_list_runs_a_fixed_number_of_queries(
    client, steward, size, django_assert_num_queries
):
    from standards.models import ReleaseProposal

    version = publish_small_version(steward=steward)
    for n in range(size):
        if n:
            draft = version_draft_create(
                actor=steward, standard=version.standard, number=f"1.{n}.0", base=version
            )
            version = publish_with_four_eyes(actor=steward, version=draft)
        proposal = ProposalRowFactory(base_version=version, status=ProposalStatus.RELEASED)
        ReleaseProposal.objects.create(release=version.release, proposal=proposal, position=1)

    with django_assert_num_queries(RELEASES_LIST_QUERIES):
        response = client.get(f"{API}/standards/{version.standard.slug}/releases")

    assert response.json()["count"] == size


@pytest.mark.parametrize("size", [1, 10])
def test_the_adoption_register_runs_a_fixed_number_of_queries(
    client, catalogue, size, django_assert_num_queries
):
    for n in range(size):
        declare(version=catalogue.v2 if n % 2 else catalogue.v1, system_name=f"System {n}")

    with django_assert_num_queries(REGISTER_LIST_QUERIES):
        response = client.get(f"{API}/adoption/register")

    assert response.json()["count"] == size


# Tokens that no longer work ---------------------------------------------------------------------


def test_a_revoked_token_is_401(client, user):
    token, raw = token_create(owner=user, name="Old system", scopes=["read"], days=30)
    token_revoke(actor=user, token=token)

    assert_problem(client.get(f"{API}/standards", **bearer(raw)), 401, "invalid_token")


def test_an_expired_token_is_401(client):
    token = AccessTokenFactory(expired=True)

    assert_problem(client.get(f"{API}/standards", **bearer(token.raw)), 401, "invalid_token")


def test_the_token_of_a_deactivated_person_is_401(client, user):
    raw = token_of(user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert_problem(client.get(f"{API}/standards", **bearer(raw)), 401, "invalid_token")


def test_a_token_stops_drafting_when_its_owner_leaves_their_working_group(client, catalogue):
    member = member_of(founding_groups()["ha"])
    raw = token_of(member, TokenScope.PROPOSALS_WRITE)
    membership_leave(actor=member, membership=Membership.objects.get(user=member))

    response = client.post(
        f"{DM}/proposals",
        json.dumps({"title": "Add a code", "problem": "P", "use_case": "U", "affected": "A"}),
        content_type="application/json",
        **bearer(raw),
    )

    body = assert_problem(response, 403, "not_allowed")
    assert body["detail"] == (
        "Only members of a working group, with a confirmed email address, can propose changes"
    )
