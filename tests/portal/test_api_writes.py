"""The public API's writes and checks (issue 21): the same rules, and the same words, as the web.

Every write calls the service its web form calls. The parity tables make each refusal twice,
once through the web form (signed in as the same person) and once through the API, and
compare what the person is told. Checks (validate, compatibility) save nothing.
"""

import html
import json
import re
from dataclasses import dataclass

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from adoption.checker.engine import check_extract
from community.choices import TokenScope
from community.models import User
from community.services.tokens import token_create
from standards.choices import ProposalStatus, Stance
from standards.models import ComponentVersion, Position, Proposal, StandardVersion
from standards.proposals.services import comment_add
from standards.proposals.voting.services import ballot_open, position_cast
from tests.standards.factories import (
    Catalogue,
    add_code,
    build_standard,
    convener_of,
    draft_proposal,
    founding_groups,
    member_of,
    open_for_comment,
    past_comment_period,
    past_deadline,
    person,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/standards/damp-and-mould"
WEB = "/standards/damp-and-mould"
PROBLEM = "application/problem+json"
ALL_SCOPES = [TokenScope.READ, TokenScope.PROPOSALS_WRITE, TokenScope.VOTES_WRITE]
DETAILS = {
    "title": "Record notes and a social care alert",
    "problem": "Surveyors cannot record notes, and there is no social care alert.",
    "use_case": "A surveyor records notes; a call handler flags social care needs.",
    "affected": "Landlords and repairs contractors.",
}
NOTES = {
    "kind": "add_attribute",
    "component": "work-order",
    "member": "notes",
    "values": {"name": "notes", "definition": "Free text notes about the job."},
}
SOC = {
    "kind": "add_code",
    "component": "person-alert-codes",
    "member": "SOC",
    "values": {"value": "SOC", "label": "Social care"},
}
INSPECTOR = {
    "kind": "add_attribute",
    "component": "work-order",
    "member": "inspector",
    "values": {"name": "inspector", "definition": "Who inspected.", "required": True},
}


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def token_of(user: User, *scopes: str) -> str:
    _token, raw = token_create(
        owner=user, name="Housing system", scopes=list(scopes or ALL_SCOPES), days=30
    )
    return raw


def post_json(client, url: str, body, raw: str | None = None, method: str = "post"):
    headers = bearer(raw) if raw else {}
    send = getattr(client, method)
    return send(url, json.dumps(body), content_type="application/json", **headers)


def signed_in(user: User) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def problem_detail(response) -> str:
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"] == PROBLEM
    return response.json()["detail"]


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def web_refusal(response) -> str:
    """What the web page tells the person: the first error in the error summary, else the
    first flash message, else the heading of the error page."""
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    if summary:
        return _text(re.findall(r"<li>(.*?)</li>", summary.group(1), re.S)[0])
    flashed = [str(message) for message in get_messages(response.wsgi_request)]
    if flashed:
        return flashed[0]
    assert response.status_code in (403, 404), response.status_code
    reason = re.search(
        r'class="govuk-body app-refusal-reason">(.*?)</p>', response.content.decode()
    )
    if reason:
        return _text(reason.group(1))
    return _text(re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1))


def web_page(user: User | None, proposal: Proposal) -> str:
    browser = signed_in(user) if user else Client()
    response = browser.get(proposal.get_absolute_url())
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def status_on_page(page: str, proposal: Proposal) -> str:
    """The label of the status tag beside the proposal's reference, as its page shows it."""
    pattern = rf'{proposal.reference}\s*<strong class="govuk-tag[^"]*">([^<]+)</strong>'
    return re.search(pattern, page).group(1)


def api_url(proposal: Proposal, rest: str = "") -> str:
    return f"/api/v1/standards/{proposal.standard.slug}/proposals/{proposal.reference}{rest}"


# Who takes part ---------------------------------------------------------------------------------


@dataclass
class World:
    catalogue: Catalogue
    author: User  # a member of Housing associations
    member: User  # a member of Technology suppliers
    convener: User  # convenes Local authorities
    outsider: User  # works for an organisation, confirmed email, in no group
    steward: User

    def draft(self, **kwargs) -> Proposal:
        return draft_proposal(author=self.author, base_version=self.catalogue.v2, **kwargs)

    def open(self, operations=None, title: str = "") -> Proposal:
        return open_for_comment(
            author=self.author,
            base_version=self.catalogue.v2,
            operations=operations or [add_code()],
            title=title,
        )

    def voting(self) -> Proposal:
        """A proposal in voting, in which the member objects."""
        proposal = past_comment_period(self.open(operations=[add_code("VUL", "Vulnerable")]))
        ballot_open(actor=self.convener, proposal=proposal)
        position_cast(
            actor=self.member,
            proposal=proposal,
            group=founding_groups()["ts"],
            stance=Stance.OBJECT,
            reason="Vulnerable is too broad.",
        )
        proposal.refresh_from_db()
        return proposal

    def objection(self, proposal: Proposal) -> Position:
        return Position.objects.get(ballot__proposal=proposal, stance=Stance.OBJECT)


@pytest.fixture
def world(steward) -> World:
    groups = founding_groups()
    return World(
        catalogue=build_standard(steward=steward),
        author=member_of(groups["ha"], first_name="Alex", last_name="Author"),
        member=member_of(groups["ts"], first_name="Morgan", last_name="Member"),
        convener=convener_of(groups["la"], first_name="Chris", last_name="Convener"),
        outsider=person(first_name="Olly", last_name="Outsider"),
        steward=steward,
    )


# The outcome: draft, change, submit, comment, vote, answer ---------------------------------------


def test_a_member_drafts_a_proposal_with_two_operations_each_with_its_impact(client, world):
    raw = token_of(world.author, TokenScope.PROPOSALS_WRITE)

    response = post_json(client, f"{API}/proposals", {**DETAILS, "operations": [NOTES, SOC]}, raw)

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft"
    assert [(op["path"], op["impact"]) for op in body["operations"]] == [
        ("work-order/notes", "minor"),
        ("person-alert-codes/SOC", "minor"),
    ]
    assert [op["rule"] for op in body["operations"]] == ["attribute.added.optional", "code.added"]
    proposal = Proposal.objects.get(reference=body["reference"])
    assert proposal.author == world.author
    page = web_page(world.author, proposal)
    assert DETAILS["title"] in page
    assert status_on_page(page, proposal) == "Draft"


def test_the_author_replaces_the_change_set_of_their_draft(client, world):
    raw = token_of(world.author, TokenScope.PROPOSALS_WRITE)
    proposal = world.draft(operations=[add_code()])

    response = post_json(
        client,
        api_url(proposal, "/operations"),
        {"operations": [NOTES, INSPECTOR], "expected_revision": proposal.revision},
        raw,
        method="put",
    )

    assert response.status_code == 200
    body = response.json()
    assert [op["path"] for op in body["operations"]] == ["work-order/notes", "work-order/inspector"]
    assert body["operations"][1]["impact"] == "major"
    assert (body["impact"], body["revision"]) == ("major", proposal.revision + 1)
    page = web_page(world.author, proposal)
    assert "inspector" in page
    assert "SOC" not in page


def test_replacing_the_change_set_from_a_stale_revision_is_a_409_and_changes_nothing(client, world):
    raw = token_of(world.author, TokenScope.PROPOSALS_WRITE)
    proposal = world.draft(operations=[add_code()])

    response = post_json(
        client,
        api_url(proposal, "/operations"),
        {"operations": [NOTES], "expected_revision": proposal.revision - 1},
        raw,
        method="put",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "edit_conflict"
    assert [row.path for row in proposal.operations.all()] == ["person-alert-codes/SOC"]


def test_the_author_submits_their_draft_and_it_is_open_for_comment(client, world):
    raw = token_of(world.author, TokenScope.PROPOSALS_WRITE)
    proposal = world.draft()

    response = client.post(api_url(proposal, "/submit"), **bearer(raw))

    assert response.status_code == 200
    assert response.json()["detail"] == f"{proposal.reference} is open for comment"
    assert client.get(api_url(proposal)).json()["status"] == "open"
    assert status_on_page(web_page(None, proposal), proposal) == ProposalStatus.OPEN.label


def test_a_member_comments_on_someone_elses_open_proposal(client, world):
    raw = token_of(world.member, TokenScope.PROPOSALS_WRITE)
    proposal = world.open()

    response = post_json(
        client, api_url(proposal, "/comments"), {"body": "We need this for triage."}, raw
    )

    assert response.status_code == 201
    [comment] = client.get(api_url(proposal)).json()["comments"]
    assert (comment["body"], comment["author"]) == ("We need this for triage.", "Morgan Member")
    assert "We need this for triage." in web_page(None, proposal)


def test_a_member_with_a_votes_token_votes_on_a_proposal_in_voting(client, world):
    raw = token_of(world.author, TokenScope.VOTES_WRITE)
    proposal = world.voting()

    response = post_json(
        client,
        api_url(proposal, "/positions"),
        {"group": "housing-associations", "stance": "approve", "reason": ""},
        raw,
    )

    assert response.status_code == 201
    tally = client.get(api_url(proposal)).json()["tally"]
    groups = {group["group"]: group for group in tally["groups"]}
    assert groups["Housing associations"]["approve"] == 1
    assert "Your vote: approve for Housing associations" in web_page(world.author, proposal)


def test_a_convener_answers_an_objection(client, world):
    raw = token_of(world.convener, TokenScope.VOTES_WRITE)
    proposal = world.voting()
    objection = world.objection(proposal)

    response = post_json(
        client,
        api_url(proposal, f"/objections/{objection.pk}/answers"),
        {"kind": "not_persuasive", "text": "Vulnerable is defined in the guidance."},
        raw,
    )

    assert response.status_code == 201
    [answered] = client.get(api_url(proposal)).json()["tally"]["objections"]
    assert answered["answers"][0]["kind"] == "not_persuasive"
    assert answered["answers"][0]["text"] == "Vulnerable is defined in the guidance."
    page = web_page(None, proposal)
    assert "Not persuasive" in page
    assert "Vulnerable is defined in the guidance." in page


# Scopes -----------------------------------------------------------------------------------------

WRITES = {
    "draft": lambda world, p, o: ("post", f"{API}/proposals", {**DETAILS, "operations": [SOC]}),
    "replace operations": lambda world, p, o: (
        "put",
        api_url(p, "/operations"),
        {"operations": [SOC]},
    ),
    "submit": lambda world, p, o: ("post", api_url(p, "/submit"), {}),
    "comment": lambda world, p, o: ("post", api_url(p, "/comments"), {"body": "Yes."}),
    "vote": lambda world, p, o: (
        "post",
        api_url(p, "/positions"),
        {"group": "housing-associations", "stance": "approve"},
    ),
    "answer an objection": lambda world, p, o: (
        "post",
        api_url(p, f"/objections/{o.pk}/answers"),
        {"kind": "persuasive", "text": "Agreed."},
    ),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_a_read_only_token_may_not_write(client, world, write):
    proposal = world.voting()
    method, url, body = WRITES[write](world, proposal, world.objection(proposal))
    raw = token_of(world.convener, TokenScope.READ)

    response = post_json(client, url, body, raw, method=method)

    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "insufficient_scope"
    assert 'scope="' in response["WWW-Authenticate"]


@pytest.mark.parametrize("write", ["vote", "answer an objection"])
def test_a_proposals_token_may_not_vote(client, world, write):
    proposal = world.voting()
    method, url, body = WRITES[write](world, proposal, world.objection(proposal))
    raw = token_of(world.convener, TokenScope.READ, TokenScope.PROPOSALS_WRITE)

    response = post_json(client, url, body, raw, method=method)

    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert "votes:write" in response.json()["detail"]
    assert not Position.objects.filter(voter=world.convener).exists()


def test_a_votes_token_may_not_draft(client, world):
    raw = token_of(world.author, TokenScope.VOTES_WRITE)

    response = post_json(client, f"{API}/proposals", {**DETAILS, "operations": [SOC]}, raw)

    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert not Proposal.objects.exists()


def test_a_write_without_a_token_is_401(client, world):
    response = post_json(client, f"{API}/proposals", {**DETAILS, "operations": [SOC]})

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


# Parity: the same refusal, in the same words ----------------------------------------------------
#
# Each case makes one attempt through the web form and the same through the API, as the same
# person, and returns (what the web page says, the API problem's detail).


def _new_proposal_form(fields):
    return {**DETAILS, **fields}


def drafting_as_someone_in_no_group(client, world):
    web = signed_in(world.outsider).post(f"{WEB}/proposals/new/", DETAILS)
    api = post_json(client, f"{API}/proposals", DETAILS, token_of(world.outsider))
    return web, api


def drafting_with(fields):
    def attempt(client, world):
        web = signed_in(world.author).post(f"{WEB}/proposals/new/", _new_proposal_form(fields))
        api = post_json(
            client, f"{API}/proposals", _new_proposal_form(fields), token_of(world.author)
        )
        return web, api

    return attempt


def drafting_without_a_title(client, world):
    details = {name: value for name, value in DETAILS.items() if name != "title"}
    web = signed_in(world.author).post(f"{WEB}/proposals/new/", details)
    api = post_json(client, f"{API}/proposals", details, token_of(world.author))
    return web, api


def _attribute_form(proposal, **fields):
    return {
        "key": "description",
        "name": "description",
        "definition": "What to do.",
        "data_type": "string",
        "cardinality": "one",
        "revision": proposal.revision,
        **fields,
    }


def adding_an_attribute_that_exists(client, world):
    proposal = world.draft(operations=[])
    web = signed_in(world.author).post(
        f"{WEB}/proposals/{proposal.reference}/changes/add/add_attribute/?component=work-order",
        _attribute_form(proposal),
    )
    operation = {
        "kind": "add_attribute",
        "component": "work-order",
        "member": "description",
        "values": {"name": "description", "definition": "What to do.", "data_type": "string"},
    }
    api = post_json(
        client,
        api_url(proposal, "/operations"),
        {"operations": [operation], "expected_revision": proposal.revision},
        token_of(world.author),
        method="put",
    )
    return web, api


def changing_the_change_set_from_a_stale_revision(client, world):
    proposal = world.draft(operations=[])
    stale = proposal.revision + 5
    web = signed_in(world.author).post(
        f"{WEB}/proposals/{proposal.reference}/changes/add/add_attribute/?component=work-order",
        _attribute_form(proposal, key="notes", name="notes", revision=stale),
    )
    api = post_json(
        client,
        api_url(proposal, "/operations"),
        {"operations": [NOTES], "expected_revision": stale},
        token_of(world.author),
        method="put",
    )
    return web, api


def submitting_an_empty_change_set(client, world):
    proposal = world.draft(operations=[])
    web = signed_in(world.author).post(f"{WEB}/proposals/{proposal.reference}/check/")
    api = client.post(api_url(proposal, "/submit"), **bearer(token_of(world.author)))
    return web, api


def submitting_a_proposal_already_open(client, world):
    proposal = world.open()
    web = signed_in(world.author).post(f"{WEB}/proposals/{proposal.reference}/check/")
    api = client.post(api_url(proposal, "/submit"), **bearer(token_of(world.author)))
    return web, api


def changing_the_change_set_once_submitted(client, world):
    proposal = world.open()
    web = signed_in(world.author).post(
        f"{WEB}/proposals/{proposal.reference}/changes/add/add_attribute/?component=work-order",
        _attribute_form(proposal, key="notes", name="notes"),
    )
    api = post_json(
        client,
        api_url(proposal, "/operations"),
        {"operations": [NOTES]},
        token_of(world.author),
        method="put",
    )
    return web, api


def submitting_someone_elses_draft_as_a_steward(client, world):
    proposal = world.draft()
    web = signed_in(world.steward).post(f"{WEB}/proposals/{proposal.reference}/check/")
    api = client.post(api_url(proposal, "/submit"), **bearer(token_of(world.steward)))
    return web, api


def submitting_someone_elses_draft_as_a_member(client, world):
    proposal = world.draft()
    web = signed_in(world.member).post(f"{WEB}/proposals/{proposal.reference}/check/")
    api = client.post(api_url(proposal, "/submit"), **bearer(token_of(world.member)))
    return web, api


def replacing_someone_elses_change_set_as_a_member(client, world):
    proposal = world.draft()
    web = signed_in(world.member).post(
        f"{WEB}/proposals/{proposal.reference}/changes/add/add_attribute/?component=work-order",
        _attribute_form(proposal, key="notes", name="notes"),
    )
    api = post_json(
        client,
        api_url(proposal, "/operations"),
        {"operations": [NOTES]},
        token_of(world.member),
        method="put",
    )
    return web, api


def commenting(on: str, body: str = "I support this.", *, as_: str = "author"):
    def attempt(client, world):
        proposal = world.draft() if on == "draft" else world.open()
        user = getattr(world, as_)
        web = signed_in(user).post(
            f"{WEB}/proposals/{proposal.reference}/comments/", {"body": body}
        )
        api = post_json(client, api_url(proposal, "/comments"), {"body": body}, token_of(user))
        return web, api

    return attempt


def replying_to_a_comment_on_another_proposal(client, world):
    elsewhere = world.open(title="Another proposal")
    comment = comment_add(actor=world.member, proposal=elsewhere, body="Elsewhere.")
    proposal = world.open()
    web = signed_in(world.author).post(
        f"{WEB}/proposals/{proposal.reference}/comments/",
        {"body": "A reply.", "parent": comment.pk},
    )
    api = post_json(
        client,
        api_url(proposal, "/comments"),
        {"body": "A reply.", "reply_to": comment.pk},
        token_of(world.author),
    )
    return web, api


def voting_when_voting_is_not_open(client, world):
    proposal = world.open()
    group = founding_groups()["ha"]
    web = signed_in(world.author).post(
        f"{WEB}/proposals/{proposal.reference}/vote/", {"group": group.pk, "stance": "approve"}
    )
    api = post_json(
        client,
        api_url(proposal, "/positions"),
        {"group": group.slug, "stance": "approve"},
        token_of(world.author),
    )
    return web, api


def objecting_without_a_reason(client, world):
    proposal = world.voting()
    group = founding_groups()["ha"]
    web = signed_in(world.author).post(
        f"{WEB}/proposals/{proposal.reference}/vote/",
        {"group": group.pk, "stance": "object", "reason": ""},
    )
    api = post_json(
        client,
        api_url(proposal, "/positions"),
        {"group": group.slug, "stance": "object", "reason": ""},
        token_of(world.author),
    )
    return web, api


def voting_as_someone_not_in_the_vote(client, world):
    proposal = world.voting()
    group = founding_groups()["ha"]
    web = signed_in(world.outsider).post(
        f"{WEB}/proposals/{proposal.reference}/vote/", {"group": group.pk, "stance": "approve"}
    )
    api = post_json(
        client,
        api_url(proposal, "/positions"),
        {"group": group.slug, "stance": "approve"},
        token_of(world.outsider),
    )
    return web, api


def answering(*, kind="not_persuasive", text="It is defined.", as_="convener", closed=False):
    def attempt(client, world):
        proposal = world.voting()
        if closed:
            past_deadline(proposal.ballots.get())
        objection = world.objection(proposal)
        user = getattr(world, as_)
        web = signed_in(user).post(
            f"{WEB}/proposals/{proposal.reference}/objections/{objection.pk}/answer/",
            {"kind": kind, "text": text},
        )
        api = post_json(
            client,
            api_url(proposal, f"/objections/{objection.pk}/answers"),
            {"kind": kind, "text": text},
            token_of(user),
        )
        return web, api

    return attempt


SAME_WORDS = [
    pytest.param(drafting_as_someone_in_no_group, id="drafting in no group"),
    pytest.param(drafting_with({"title": ""}), id="drafting with an empty title"),
    pytest.param(drafting_with({"title": "T" * 201}), id="drafting with a long title"),
    pytest.param(drafting_with({"problem": " "}), id="drafting with no problem"),
    pytest.param(drafting_with({"affected": ""}), id="drafting with nobody affected"),
    pytest.param(drafting_without_a_title, id="drafting without a title"),
    pytest.param(adding_an_attribute_that_exists, id="adding an attribute that exists"),
    pytest.param(changing_the_change_set_from_a_stale_revision, id="stale revision"),
    pytest.param(submitting_an_empty_change_set, id="submitting no changes"),
    pytest.param(submitting_a_proposal_already_open, id="submitting it again"),
    pytest.param(
        changing_the_change_set_once_submitted,
        id="changing it once submitted",
    ),
    pytest.param(
        submitting_someone_elses_draft_as_a_steward,
        id="submitting someone else's draft",
    ),
    pytest.param(commenting(on="draft"), id="commenting on a draft"),
    pytest.param(commenting(on="open", body="  "), id="an empty comment"),
    pytest.param(commenting(on="open", as_="outsider"), id="commenting in no group"),
    pytest.param(replying_to_a_comment_on_another_proposal, id="replying elsewhere"),
    pytest.param(voting_when_voting_is_not_open, id="voting when voting is not open"),
    pytest.param(objecting_without_a_reason, id="objecting without a reason"),
    pytest.param(voting_as_someone_not_in_the_vote, id="voting when not in the vote"),
    pytest.param(answering(closed=True), id="answering after the vote closed"),
    pytest.param(answering(text=""), id="answering with no text"),
    pytest.param(answering(kind=""), id="answering without a kind"),
    pytest.param(answering(as_="member"), id="answering as a plain member"),
]


@pytest.mark.parametrize("attempt", SAME_WORDS)
def test_the_api_refuses_what_the_web_refuses_in_the_same_words(client, world, attempt):
    web, api = attempt(client, world)

    assert problem_detail(api) == web_refusal(web)


SAME_STATUS = [
    pytest.param(drafting_as_someone_in_no_group, 403, id="drafting in no group"),
    pytest.param(submitting_someone_elses_draft_as_a_steward, 403, id="steward submitting"),
    pytest.param(submitting_someone_elses_draft_as_a_member, 404, id="member submitting"),
    pytest.param(replacing_someone_elses_change_set_as_a_member, 404, id="member replacing"),
    pytest.param(voting_as_someone_not_in_the_vote, 403, id="voting when not in the vote"),
    pytest.param(answering(as_="member"), 403, id="answering as a plain member"),
]


@pytest.mark.parametrize(("attempt", "status"), SAME_STATUS)
def test_a_refusal_of_the_whole_page_has_the_same_status_in_the_api(client, world, attempt, status):
    web, api = attempt(client, world)

    assert (web.status_code, api.status_code) == (status, status)
    assert api["Content-Type"] == PROBLEM


# Validate ---------------------------------------------------------------------------------------

VALIDATE = f"{API}/versions/1.1.0/components/work-order/validate"
CODES = f"{API}/versions/1.1.0/components/person-alert-codes/validate"
EXTRACTS = [
    pytest.param(
        "application/json",
        "record.json",
        json.dumps({"id": 3, "priority": "XX", "reportedAt": "yesterday"}),
        id="a JSON record",
    ),
    pytest.param(
        "application/x-ndjson",
        "extract.ndjson",
        '{"id": "WO-1", "priority": "EMG"}\n{"priority": "ZZ"}\n',
        id="NDJSON",
    ),
    pytest.param("text/csv", "extract.csv", "id,priority\nWO-1,EMG\n,XX\n", id="CSV"),
]


@pytest.mark.parametrize(("content_type", "name", "content"), EXTRACTS)
def test_validating_an_extract_gives_the_checkers_report(
    client, world, content_type, name, content
):
    version = world.catalogue.v2
    component = ComponentVersion.objects.get(version=version, component__key="work-order")
    expected = check_extract(
        version=version, component=component, name=name, chunks=[content.encode()]
    ).as_dict()

    response = client.post(VALIDATE, content, content_type=content_type)

    assert response.status_code == 200
    assert response.json() == expected
    assert response.json()["conforms"] is False
    listed = [row for kind in response.json()["errors"]["by_type"] for row in kind["listed"]]
    assert listed
    assert all({"row", "column", "message"} <= row.keys() for row in listed)


def test_a_conforming_record_conforms(client, world):
    response = client.post(
        VALIDATE, json.dumps({"id": "WO-1", "priority": "EMG"}), content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["conforms"] is True
    assert response.json()["errors"]["total"] == 0


def test_a_deprecated_code_is_valid_and_names_its_replacement(client, world):
    response = client.post(CODES, json.dumps({"code": "COM1"}), content_type="application/json")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["valid"], body["replaced_by"]) == ("deprecated", True, "COM")
    assert body["message"] == "'COM1' is deprecated in version 1.1.0: use 'COM' instead"


def test_an_unknown_code_is_not_valid(client, world):
    response = client.post(CODES, json.dumps({"code": "ZZZ"}), content_type="application/json")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["valid"]) == ("unknown", False)


def test_validating_a_body_of_another_type_is_415(client, world):
    response = client.post(VALIDATE, "id: 1", content_type="text/plain")

    assert response.status_code == 415
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"].startswith("Send the body as application/json")


def test_validating_an_empty_body_is_400(client, world):
    # The test client drops the content type of an empty body unless it is given as a header.
    response = client.generic("POST", VALIDATE, "", CONTENT_TYPE="application/json")

    assert response.status_code == 400
    assert response.json()["detail"] == "The body is empty"


def test_validating_against_a_draft_version_is_404(client, world, steward):
    from standards.versions.services import version_draft_create

    version_draft_create(
        actor=steward, standard=world.catalogue.standard, number="1.2.0", base=world.catalogue.v2
    )

    response = client.post(
        f"{API}/versions/1.2.0/components/work-order/validate",
        json.dumps({"id": "WO-1"}),
        content_type="application/json",
    )

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


# Compatibility ----------------------------------------------------------------------------------

COMPATIBILITY = f"{API}/versions/1.1.0/compatibility"


def own_schema(client) -> dict:
    response = client.get(f"{WEB}/1.1.0/work-order.schema.json")
    assert response.status_code == 200
    return response.json()


def with_inspector(schema: dict, *, required: bool) -> dict:
    revised = json.loads(json.dumps(schema))
    revised["properties"]["inspector"] = {"type": "string", "description": "Who inspected."}
    if required:
        revised["required"].append("inspector")
    return revised


def code_list_csv(client, *extra_rows: str) -> str:
    codes = client.get(f"{API}/versions/1.1.0/components/person-alert-codes").json()["codes"]
    rows = ["code,label,parent code,deprecated,replaced by,is_critical"]
    for code in codes:
        critical = "true" if code["properties"].get("is_critical") else ""
        deprecated = "yes" if code["deprecated"] else ""
        rows.append(
            f"{code['value']},{code['label']},{code['parent_value']},{deprecated},"
            f"{code['replaced_by']},{critical}"
        )
    return "\n".join([*rows, *extra_rows]) + "\n"


def test_a_components_own_schema_makes_no_changes(client, world):
    response = post_json(client, COMPATIBILITY, own_schema(client))

    assert response.status_code == 200
    body = response.json()
    assert (body["changes"], body["impact"], body["compatible"]) == ([], "none", True)
    assert body["next_version"] is None


def test_a_schema_adding_a_required_property_is_major_and_says_why(client, world):
    response = post_json(client, COMPATIBILITY, with_inspector(own_schema(client), required=True))

    body = response.json()
    assert (body["impact"], body["compatible"], body["next_version"]) == ("major", False, "2.0.0")
    [change] = body["changes"]
    assert (change["kind"], change["path"]) == ("add_attribute", "work-order/inspector")
    assert (change["rule"], change["breaks"]) == ("attribute.added.required", "producers")
    assert change["reason"]


def test_a_schema_adding_an_optional_property_is_minor(client, world):
    response = post_json(client, COMPATIBILITY, with_inspector(own_schema(client), required=False))

    body = response.json()
    assert (body["impact"], body["compatible"], body["next_version"]) == ("minor", True, "1.2.0")
    assert [change["rule"] for change in body["changes"]] == ["attribute.added.optional"]


def test_changes_that_cannot_apply_are_not_called_compatible(client, world):
    schema = {
        "title": "Work order",
        "type": "object",
        "properties": {"id": {"type": "string"}},
    }

    response = post_json(client, COMPATIBILITY, schema)

    assert not (response.status_code == 200 and response.json()["compatible"])


def test_a_code_list_csv_as_it_stands_makes_no_changes(client, world):
    response = client.post(
        f"{COMPATIBILITY}?code_list=person-alert-codes",
        code_list_csv(client),
        content_type="text/csv",
    )

    assert response.status_code == 200
    assert (response.json()["changes"], response.json()["impact"]) == ([], "none")


def test_a_code_list_csv_adding_a_code_is_minor(client, world):
    response = client.post(
        f"{COMPATIBILITY}?code_list=person-alert-codes",
        code_list_csv(client, "SOC,Social care,,,,"),
        content_type="text/csv",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["impact"], body["compatible"], body["next_version"]) == ("minor", True, "1.2.0")
    [change] = body["changes"]
    assert (change["kind"], change["path"], change["rule"]) == (
        "add_code",
        "person-alert-codes/SOC",
        "code.added",
    )
    assert change["breaks"] == "consumers"


def test_a_csv_without_its_code_list_is_400(client, world):
    response = client.post(COMPATIBILITY, code_list_csv(client), content_type="text/csv")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"parameter": "code_list", "detail": "Enter the code list's key"}
    ]


def test_unreadable_json_is_a_problem(client, world):
    response = client.post(COMPATIBILITY, "{not json", content_type="application/json")

    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"]


def test_checking_compatibility_saves_nothing(client, world):
    proposals = Proposal.objects.count()
    versions = StandardVersion.objects.count()
    schema = with_inspector(own_schema(client), required=True)

    post_json(client, COMPATIBILITY, schema)
    client.post(
        f"{COMPATIBILITY}?code_list=person-alert-codes",
        code_list_csv(client, "SOC,Social care,,,,"),
        content_type="text/csv",
    )

    assert Proposal.objects.count() == proposals
    assert StandardVersion.objects.count() == versions


def test_a_comment_with_a_bidi_override_is_refused_by_the_api_as_by_the_form(client, world):
    raw = token_of(world.member, TokenScope.PROPOSALS_WRITE)
    proposal = world.open()
    body = "Looks fine \u202etxet nedih"

    api = post_json(client, api_url(proposal, "/comments"), {"body": body}, raw)
    web = signed_in(world.member).post(
        proposal.get_absolute_url() + "comments/", {"body": body}, follow=True
    )

    assert api.status_code == 400
    assert api.json()["errors"][0]["pointer"] == "#/body"
    assert "RIGHT-TO-LEFT OVERRIDE (U+202E)" in problem_detail(api)
    assert "RIGHT-TO-LEFT OVERRIDE (U+202E)" in web.content.decode()
    assert not proposal.comments.exists()


def test_a_change_set_definition_with_a_bidi_override_is_refused(client, world):
    raw = token_of(world.author, TokenScope.PROPOSALS_WRITE)
    hidden = {**NOTES, "values": {**NOTES["values"], "definition": "Notes \u202eesrever"}}

    response = post_json(client, f"{API}/proposals", {**DETAILS, "operations": [hidden]}, raw)

    assert response.status_code in {400, 422}
    assert "RIGHT-TO-LEFT OVERRIDE (U+202E)" in response.content.decode()
    assert not Proposal.objects.filter(title=DETAILS["title"]).exists()
