"""The proposal pages: composing a draft, the proposal page, the list, JSON, and discussion.

Each view gets a permission matrix (anonymous, signed-in non-member, member, author, convener,
steward) and its unhappy paths: refusals keep what the person typed.
"""

import json
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from standards.choices import OperationKind, ProposalEventKind, ProposalStatus
from standards.engine.changesets import Operation
from standards.models import Proposal, ProposalComment, ProposalEvent, ProposalWatch
from standards.proposals.services import comment_add, proposal_update, proposal_withdraw
from standards.templatetags.proposals import redline_html
from tests.community.factories import (
    ConvenerFactory,
    MembershipFactory,
    StewardFactory,
    UserFactory,
)
from tests.standards.factories import ProposalFactory, build_standard, past_comment_period

K = OperationKind
BASE = "/standards/damp-and-mould"

ADD_NOTES = Operation(
    kind=K.ADD_ATTRIBUTE,
    component="work-order",
    member="notes",
    values={"name": "notes", "definition": "Free text notes about the job."},
)
DEPRECATE_DESCRIPTION = Operation(
    kind=K.DEPRECATE_ATTRIBUTE,
    component="work-order",
    member="description",
    values={"replaced_by": "notes", "deprecation_note": "Use notes."},
)
ADD_CODE = Operation(
    kind=K.ADD_CODE,
    component="person-alert-codes",
    member="VUL",
    values={"value": "VUL", "label": "Vulnerable adult"},
)


@pytest.fixture
def catalogue(db):
    return build_standard(steward=StewardFactory())


@pytest.fixture
def people(db):
    """Everyone the permission matrix names, by role."""
    member = MembershipFactory().user
    return {
        "anonymous": None,
        "non_member": UserFactory(),
        "member": MembershipFactory().user,
        "author": member,
        "convener": ConvenerFactory().user,
        "steward": StewardFactory(),
    }


@pytest.fixture
def author(people):
    return people["author"]


@pytest.fixture
def draft(catalogue, author):
    return ProposalFactory(
        author=author,
        base_version=catalogue.v2,
        title="Record notes on work orders",
        operations=[ADD_NOTES, DEPRECATE_DESCRIPTION, ADD_CODE],
    )


@pytest.fixture
def open_proposal(catalogue, author):
    return ProposalFactory(
        author=author,
        base_version=catalogue.v2,
        title="Add a vulnerability code",
        operations=[ADD_CODE],
        submit=True,
    )


def _login(client, person):
    if person is not None:
        client.force_login(person)


def _url(name, proposal, **kwargs):
    return reverse(
        f"standards:{name}",
        kwargs={"standard": proposal.standard.slug, "reference": proposal.reference, **kwargs},
    )


# The proposal page -------------------------------------------------------------------------------


def test_detail_shows_summary_change_set_impacts_redline_and_timeline(client, draft, author):
    client.force_login(author)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Record notes on work orders" in html
    # Each operation with its impact, reason and whom it breaks.
    assert "Readers ignore attributes they do not know" in html
    assert "Deprecation warns before a later removal" in html
    assert "May affect systems that consume data" in html
    # The redline of each touched component.
    assert "What would change in Work order" in html
    assert "What would change in Person alert codes" in html
    assert "Draft started" in html
    assert "Change set edited" not in html  # created with its operations in one go
    assert "Check and submit for comment" in html


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("non_member", 404),
        ("member", 404),
        ("author", 200),
        ("convener", 404),
        ("steward", 200),
    ],
)
def test_a_draft_is_visible_only_to_its_author_and_stewards(client, draft, people, who, status):
    _login(client, people[who])

    assert client.get(draft.get_absolute_url()).status_code == status
    assert client.get(_url("proposal_json", draft)).status_code == status


@pytest.mark.parametrize("who", ["convener", "steward"])
def test_during_the_comment_period_the_page_says_when_voting_can_start(
    client, open_proposal, people, who
):
    _login(client, people[who])

    html = client.get(open_proposal.get_absolute_url()).content.decode()

    assert "Start voting" not in html
    assert "You can start voting from" in html
    assert "when the comment period ends" in html


@pytest.mark.parametrize(
    "who", ["anonymous", "non_member", "member", "author", "convener", "steward"]
)
def test_an_open_proposal_is_visible_to_everyone(client, open_proposal, people, who):
    past_comment_period(open_proposal)
    _login(client, people[who])

    response = client.get(open_proposal.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert ("Post comment" in html) == (who in {"member", "author", "convener", "steward"})
    assert ("Start voting" in html) == (who in {"convener", "steward"})
    assert ("Withdraw this proposal" in html) == (who == "author")
    assert ("Watch this proposal" in html or "Stop watching" in html) == (who != "anonymous")


def test_an_unknown_proposal_is_a_404(client, catalogue):
    assert client.get(f"{BASE}/proposals/DM-9999/").status_code == 404


def _definition_changes(catalogue, count: int) -> list[Operation]:
    """One change of wording to an attribute of each of ``count`` extra entities."""
    return [
        Operation(
            kind=K.CHANGE_ATTRIBUTE,
            component=f"extra-{n}",
            member=catalogue.v2.component_versions.get(component__key=f"extra-{n}")
            .attributes.exclude(key="property")
            .values_list("key", flat=True)
            .get(),
            values={"definition": f"Changed wording {n}."},
        )
        for n in range(count)
    ]


def _detail_queries(client, proposal) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
    return len(captured)


def test_detail_page_queries_do_not_grow_with_operations_or_version_size(
    client, db, django_assert_max_num_queries
):
    steward = StewardFactory()
    small = build_standard(steward=steward, size=1, slug="small")
    large = build_standard(steward=steward, size=60)
    author = MembershipFactory().user
    other = MembershipFactory().user
    proposals = []
    for catalogue, count in ((small, 1), (large, 50)):
        proposal = ProposalFactory(
            author=author,
            base_version=catalogue.v2,
            operations=_definition_changes(catalogue, count),
            submit=True,
        )
        for n in range(count // 10 + 1):
            comment = comment_add(actor=other, proposal=proposal, body=f"Comment {n}")
            comment_add(actor=author, proposal=proposal, body=f"Reply {n}", parent=comment)
        proposals.append(proposal)
    client.force_login(other)
    small_count = _detail_queries(client, proposals[0])

    with django_assert_max_num_queries(25):
        response = client.get(proposals[1].get_absolute_url())

    assert _detail_queries(client, proposals[1]) == small_count
    assert len(re.findall(r'id="change-[0-9]', response.content.decode())) == 50


def test_conflicting_proposals_link_to_each_other(client, open_proposal, catalogue):
    rival = ProposalFactory(
        author=MembershipFactory().user,
        base_version=catalogue.v2,
        operations=[ADD_CODE],
        submit=True,
    )

    html = client.get(open_proposal.get_absolute_url()).content.decode()
    assert rival.get_absolute_url() in html
    assert "person-alert-codes/VUL" in html

    component = client.get(f"{BASE}/1.1.0/person-alert-codes/").content.decode()
    assert open_proposal.get_absolute_url() in component
    assert rival.get_absolute_url() in component
    assert "Conflict" in component


def test_hidden_comment_shows_who_hid_it_and_why(client, open_proposal, people):
    comment = comment_add(actor=people["member"], proposal=open_proposal, body="Rude words")
    convener = people["convener"]
    client.force_login(convener)

    response = client.post(
        _url("comment_hide", open_proposal, comment=comment.pk), {"reason": "Off topic"}
    )

    assert response.status_code == 302
    html = client.get(open_proposal.get_absolute_url()).content.decode()
    assert "Rude words" not in html
    assert f"This comment was hidden by {convener.get_full_name()}: Off topic" in html


def test_comment_markdown_is_sanitised(client, open_proposal, people):
    comment_add(
        actor=people["member"],
        proposal=open_proposal,
        body="**Bold** <script>alert(1)</script> [x](javascript:alert(1))",
    )

    html = client.get(open_proposal.get_absolute_url()).content.decode()

    assert "<strong>Bold</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert 'href="javascript' not in html


# JSON --------------------------------------------------------------------------------------------


def test_json_has_the_full_change_set_with_impacts(client, open_proposal):
    response = client.get(_url("proposal_json", open_proposal))

    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["reference"] == open_proposal.reference
    assert data["status"] == "open"
    assert data["base_version"] == "1.1.0"
    assert data["impact"] == "minor"
    [operation] = data["operations"]
    assert operation["kind"] == "add_code"
    assert operation["path"] == "person-alert-codes/VUL"
    assert operation["rule"] == "code.added"
    assert operation["breaks"] == "consumers"
    assert [event["kind"] for event in data["timeline"]] == ["created", "status_changed"]


# The list ----------------------------------------------------------------------------------------


def test_list_shows_public_proposals_and_your_own_drafts(client, draft, open_proposal, people):
    html = client.get(f"{BASE}/proposals/").content.decode()
    assert open_proposal.reference in html
    assert draft.reference not in html

    client.force_login(people["author"])
    html = client.get(f"{BASE}/proposals/").content.decode()
    assert draft.reference in html


def test_list_filters_and_searches(client, draft, open_proposal, catalogue):
    other = ProposalFactory(
        author=MembershipFactory().user,
        base_version=catalogue.v2,
        title="Say when a survey happened",
        operations=[ADD_NOTES],
        submit=True,
    )

    html = client.get(f"{BASE}/proposals/?component=person-alert-codes").content.decode()
    assert open_proposal.reference in html
    assert other.reference not in html

    html = client.get(f"{BASE}/proposals/?q=survey").content.decode()
    assert other.reference in html
    assert open_proposal.reference not in html
    assert "1 proposal matches" in html

    html = client.get(f"{BASE}/proposals/?status=withdrawn").content.decode()
    assert "No proposals match your search" in html


def test_list_is_empty_politely_and_paginates(client, catalogue):
    assert "No one has proposed a change" in client.get(f"{BASE}/proposals/").content.decode()
    author = MembershipFactory().user
    for _ in range(26):
        ProposalFactory(
            author=author, base_version=catalogue.v2, operations=[ADD_CODE], submit=True
        )

    html = client.get(f"{BASE}/proposals/").content.decode()

    assert "26 proposals" in html
    assert "page=2" in html


def test_list_queries_are_fixed(client, catalogue, django_assert_max_num_queries):
    author = MembershipFactory().user
    for _ in range(10):
        ProposalFactory(
            author=author, base_version=catalogue.v2, operations=[ADD_CODE], submit=True
        )

    with django_assert_max_num_queries(6):
        client.get(f"{BASE}/proposals/?status=open&impact=minor")


# Starting a proposal -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("non_member", 403),
        ("member", 200),
        ("convener", 200),
        ("steward", 200),
    ],
)
def test_start_permissions(client, catalogue, people, who, status):
    _login(client, people[who])

    response = client.get(f"{BASE}/proposals/new/?component=work-order")

    assert response.status_code == status
    if status == 200:
        assert "Propose a change to Work order" in response.content.decode()


def test_start_creates_a_draft_on_the_current_version(client, catalogue, people):
    client.force_login(people["member"])

    response = client.post(
        f"{BASE}/proposals/new/?component=work-order",
        {"title": "Record notes", "problem": "No notes.", "use_case": "Notes.", "affected": "All"},
    )

    proposal = Proposal.objects.get()
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.base_version == catalogue.v2
    assert response.status_code == 302
    assert response["Location"] == _url("proposal_changes", proposal) + "?component=work-order"


def test_start_keeps_what_was_typed_when_a_field_is_missing(client, catalogue, people):
    client.force_login(people["member"])

    response = client.post(f"{BASE}/proposals/new/", {"title": "Keep me", "problem": ""})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter the problem your proposal solves" in html
    assert 'value="Keep me"' in html
    assert not Proposal.objects.exists()


def test_component_page_offers_propose_a_change_to_people_who_can_draft(client, catalogue, people):
    path = f"{BASE}/1.1.0/work-order/"
    assert "Propose a change" not in client.get(path).content.decode()
    client.force_login(people["member"])
    assert "Propose a change" in client.get(path).content.decode()
    # Only the current version takes proposals.
    assert "Propose a change" not in client.get(f"{BASE}/1.0.0/work-order/").content.decode()


# Composing: the change set -----------------------------------------------------------------------


AUTHOR_ONLY = [
    ("anonymous", 302),
    ("non_member", 404),
    ("member", 404),
    ("author", 200),
    ("convener", 404),
    ("steward", 403),
]


@pytest.mark.parametrize(("who", "status"), AUTHOR_ONLY)
@pytest.mark.parametrize(
    "name", ["proposal_edit", "proposal_changes", "proposal_change_add", "proposal_check"]
)
def test_composing_pages_are_for_the_author_only(client, draft, people, who, status, name):
    _login(client, people[who])

    assert client.get(_url(name, draft)).status_code == status


def test_composing_pages_of_a_submitted_proposal_lead_back_to_it(client, open_proposal, author):
    client.force_login(author)

    response = client.get(_url("proposal_changes", open_proposal))

    assert response.status_code == 302
    assert response["Location"] == open_proposal.get_absolute_url()


def test_add_a_change_step_one_leads_to_the_kind_form(client, draft, author):
    client.force_login(author)

    response = client.post(
        _url("proposal_change_add", draft), {"kind": "add_attribute", "component": "property"}
    )

    assert response.status_code == 302
    assert response["Location"] == (
        _url("proposal_change_form", draft, kind="add_attribute") + "?component=property"
    )


def test_add_a_change_step_one_refuses_a_component_of_the_wrong_kind(client, draft, author):
    client.force_login(author)

    response = client.post(
        _url("proposal_change_add", draft), {"kind": "add_code", "component": "property"}
    )

    assert response.status_code == 200
    assert "Select a code list: only code lists have codes" in response.content.decode()


def test_add_an_optional_attribute(client, draft, author):
    client.force_login(author)
    url = _url("proposal_change_form", draft, kind="add_attribute") + "?component=property"
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "revision": draft.revision,
            "name": "built_year",
            "definition": "The year the property was built.",
            "data_type": "integer",
            "cardinality": "one",
        },
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    operation = draft.operations.last()
    assert operation.kind == "add_attribute"
    assert operation.member_key == "built_year"
    assert operation.values["required"] is False
    assert draft.revision == 2


def test_an_invalid_operation_keeps_what_was_typed_and_points_at_the_field(client, draft, author):
    client.force_login(author)
    url = _url("proposal_change_form", draft, kind="add_attribute") + "?component=property"

    response = client.post(
        url,
        {
            "revision": draft.revision,
            "key": "postcode",
            "name": "postcode",
            "definition": "Where it is.",
            "data_type": "string",
            "cardinality": "one",
            "pattern": "([A-Z",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a regular expression that JSON Schema can use" in html
    assert 'href="#id_pattern"' in html
    assert 'value="([A-Z"' in html
    assert "Where it is." in html
    assert draft.operations.count() == 3


def test_a_duplicate_name_is_refused_on_the_name_field(client, draft, author):
    client.force_login(author)
    url = _url("proposal_change_form", draft, kind="add_attribute") + "?component=work-order"

    response = client.post(
        url,
        {"revision": draft.revision, "key": "id2", "name": "id", "data_type": "string"}
        | {"cardinality": "one"},
    )

    assert 'href="#id_name"' in response.content.decode()
    assert "Work order already has an attribute “id”" in response.content.decode()


def test_a_change_attribute_form_is_prefilled_and_sends_only_changes(client, draft, author):
    client.force_login(author)
    base = _url("proposal_change_form", draft, kind="change_attribute") + "?component=work-order"
    chooser = client.get(base)
    assert "Which attribute of Work order?" in chooser.content.decode()

    url = f"{base}&member=priority"
    form = client.get(url)
    assert 'value="priority"' in form.content.decode()

    response = client.post(
        url,
        {
            "revision": draft.revision,
            "name": "priority",
            "definition": "How soon the job must be done.",
            "data_type": "reference",
            "references": "work-priority-codes",
            "cardinality": "one",
            "changes_meaning": "on",
        },
    )

    assert response.status_code == 302
    operation = draft.operations.last()
    assert operation.values == {"definition": "How soon the job must be done."}
    assert operation.changes_meaning is True


def test_a_deprecation_can_name_an_attribute_added_earlier_in_the_change_set(
    client, catalogue, author
):
    proposal = ProposalFactory(author=author, base_version=catalogue.v2, operations=[ADD_NOTES])
    client.force_login(author)
    url = (
        _url("proposal_change_form", proposal, kind="deprecate_attribute")
        + "?component=work-order&member=description"
    )
    assert '<option value="notes">notes</option>' in client.get(url).content.decode()

    response = client.post(
        url, {"revision": proposal.revision, "replaced_by": "notes", "deprecation_note": "Use it"}
    )

    assert response.status_code == 302
    assert proposal.operations.last().values == {
        "replaced_by": "notes",
        "deprecation_note": "Use it",
    }


def test_add_a_code_with_a_parent(client, draft, author):
    client.force_login(author)
    url = _url("proposal_change_form", draft, kind="add_code") + "?component=person-alert-codes"

    response = client.post(
        url, {"revision": draft.revision, "value": "MED2", "label": "Oxygen", "parent_value": "MED"}
    )

    assert response.status_code == 302
    operation = draft.operations.last()
    assert (operation.member_key, operation.values["parent_value"]) == ("MED2", "MED")


def test_remove_lists_only_members_deprecated_in_the_base(client, catalogue, author):
    proposal = ProposalFactory(author=author, base_version=catalogue.v2)
    client.force_login(author)
    url = (
        _url("proposal_change_form", proposal, kind="remove_code") + "?component=person-alert-codes"
    )

    html = client.get(url).content.decode()

    assert '<option value="COM1">' in html
    assert '<option value="MED">' not in html


def test_an_edit_conflict_on_an_operation_keeps_the_input(client, draft, author):
    client.force_login(author)
    url = _url("proposal_change_form", draft, kind="add_code") + "?component=person-alert-codes"
    stale = draft.revision
    proposal_update(actor=author, proposal=draft, title="Someone else saved")

    response = client.post(url, {"revision": stale, "value": "NEW1", "label": "Kept label"})

    html = response.content.decode()
    assert "This proposal has been changed since you opened it" in html
    assert 'value="Kept label"' in html
    assert f'name="revision" value="{stale + 1}"' in html


def test_remove_an_operation(client, draft, author):
    client.force_login(author)

    response = client.post(
        _url("proposal_changes", draft), {"remove": "3", "revision": draft.revision}
    )

    assert response.status_code == 302
    assert draft.operations.count() == 2


def test_removing_an_operation_another_needs_is_refused(client, draft, author):
    client.force_login(author)

    response = client.post(
        _url("proposal_changes", draft), {"remove": "1", "revision": draft.revision}, follow=True
    )

    assert "You cannot remove change 1" in response.content.decode()
    assert draft.operations.count() == 3


def test_edit_details_with_a_revision_conflict_shows_both_and_keeps_the_text(client, draft, author):
    client.force_login(author)
    stale = draft.revision
    proposal_update(actor=author, proposal=draft, title="Saved elsewhere")

    response = client.post(
        _url("proposal_edit", draft),
        {
            "revision": stale,
            "title": "My new title",
            "problem": draft.problem,
            "use_case": draft.use_case,
            "affected": draft.affected,
        },
    )

    html = response.content.decode()
    assert "This proposal has been changed since you opened it" in html
    assert "Saved elsewhere" in html
    assert 'value="My new title"' in html

    # Saving again, having seen the difference, goes through.
    again = client.post(
        _url("proposal_edit", draft),
        {
            "revision": stale + 1,
            "title": "My new title",
            "problem": draft.problem,
            "use_case": draft.use_case,
            "affected": draft.affected,
        },
    )
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "My new title"


def test_check_answers_shows_redline_and_impacts_then_submits(client, draft, author):
    client.force_login(author)

    page = client.get(_url("proposal_check", draft)).content.decode()
    assert "Check your answers before submitting your proposal" in page
    assert "app-redline__removed" in page or "app-redline__added" in page
    assert "Minor" in page

    response = client.post(_url("proposal_check", draft))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.OPEN


def test_submitting_an_empty_draft_shows_the_refusal(client, catalogue, author):
    proposal = ProposalFactory(author=author, base_version=catalogue.v2)
    client.force_login(author)

    response = client.post(_url("proposal_check", proposal))

    assert response.status_code == 400
    assert "Add at least one change before you submit the proposal" in response.content.decode()


# Starting from a file ----------------------------------------------------------------------------


def test_changes_from_a_csv_code_list(client, catalogue, author):
    proposal = ProposalFactory(author=author, base_version=catalogue.v2)
    client.force_login(author)
    csv = "code,label,parent\nMED,Medical,\nMED1,Uses a wheelchair,MED\nCOM,Communication,\n"
    csv += "COM1,Hearing,COM\nMED1.00,Medical condition,MED1\nVUL,Vulnerable adult,\n"

    response = client.post(
        _url("proposal_from_file", proposal),
        {
            "revision": proposal.revision,
            "format": "csv_code_list",
            "code_list": "person-alert-codes",
            "file": SimpleUploadedFile("alerts.csv", csv.encode()),
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    kinds = {(op.kind, op.member_key) for op in proposal.operations.all()}
    assert ("add_code", "VUL") in kinds


def test_a_bad_file_is_a_form_error_not_a_500(client, catalogue, author):
    proposal = ProposalFactory(author=author, base_version=catalogue.v2)
    client.force_login(author)

    response = client.post(
        _url("proposal_from_file", proposal),
        {
            "revision": proposal.revision,
            "format": "json_schema",
            "file": SimpleUploadedFile("broken.json", b"{not json"),
        },
    )

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not proposal.operations.exists()


# Comments ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("non_member", False),
        ("member", True),
        ("author", True),
        ("convener", True),
        ("steward", True),
    ],
)
def test_comment_permissions(client, open_proposal, people, who, allowed):
    _login(client, people[who])

    response = client.post(_url("proposal_comment", open_proposal), {"body": "I agree."})

    assert ProposalComment.objects.exists() == allowed
    if who == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif not allowed:
        assert response.status_code == 400


def test_reply_is_one_level_deep(client, open_proposal, people):
    top = comment_add(actor=people["member"], proposal=open_proposal, body="Question?")
    client.force_login(people["author"])

    response = client.post(
        _url("proposal_comment", open_proposal), {"body": "Answer.", "parent": top.pk}
    )

    reply = ProposalComment.objects.get(parent=top)
    assert response["Location"].endswith(f"#comment-{reply.pk}")


def test_a_comment_on_a_closed_proposal_is_refused_keeping_the_text(
    client, open_proposal, people, author
):
    proposal_withdraw(actor=author, proposal=open_proposal)
    client.force_login(people["member"])

    response = client.post(_url("proposal_comment", open_proposal), {"body": "Too late"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "not open for comments" in html
    assert not ProposalComment.objects.exists()


def test_an_empty_reply_shows_the_error_in_its_thread(client, open_proposal, people):
    top = comment_add(actor=people["member"], proposal=open_proposal, body="Question?")
    client.force_login(people["author"])

    response = client.post(_url("proposal_comment", open_proposal), {"body": "", "parent": top.pk})

    html = response.content.decode()
    assert response.status_code == 400
    assert f'href="#reply-{top.pk}-body"' in html
    assert "<title>Error:" in html


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("non_member", 403),
        ("member", 200),  # the comment's author
        ("convener", 403),
        ("steward", 403),
    ],
)
def test_edit_comment_is_for_its_author(client, open_proposal, people, who, status):
    comment = comment_add(actor=people["member"], proposal=open_proposal, body="Frist")
    _login(client, people[who])
    url = _url("comment_edit", open_proposal, comment=comment.pk)

    assert client.get(url).status_code == status
    if status == 200:
        assert client.post(url, {"body": "First"}).status_code == 302
        comment.refresh_from_db()
        assert comment.body == "First"
        assert comment.history.count() == 2


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("non_member", 403),
        ("member", 403),
        ("author", 403),
        ("convener", 200),
        ("steward", 200),
    ],
)
def test_hide_comment_is_for_conveners_and_stewards(client, open_proposal, people, who, status):
    comment = comment_add(actor=people["member"], proposal=open_proposal, body="Hmm")
    _login(client, people[who])

    assert client.get(_url("comment_hide", open_proposal, comment=comment.pk)).status_code == status


def test_hiding_needs_a_reason(client, open_proposal, people):
    comment = comment_add(actor=people["member"], proposal=open_proposal, body="Hmm")
    client.force_login(people["steward"])

    response = client.post(_url("comment_hide", open_proposal, comment=comment.pk), {"reason": ""})

    assert "Enter why you are hiding this comment" in response.content.decode()


# Watching, withdrawing, voting -------------------------------------------------------------------


def test_watch_and_unwatch(client, open_proposal, people):
    member = people["member"]
    client.force_login(member)
    url = _url("proposal_watch", open_proposal)

    client.post(url, {"watch": "1"})
    assert ProposalWatch.objects.filter(user=member, proposal=open_proposal).exists()
    assert "Stop watching" in client.get(open_proposal.get_absolute_url()).content.decode()

    client.post(url, {"watch": "0"})
    assert not ProposalWatch.objects.filter(user=member, proposal=open_proposal).exists()


def test_watch_needs_post_and_sign_in(client, open_proposal):
    url = _url("proposal_watch", open_proposal)
    assert client.get(url).status_code in (302, 405)
    assert client.post(url)["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("non_member", 403),
        ("member", 403),
        ("author", 200),
        ("convener", 403),
        ("steward", 403),
    ],
)
def test_withdraw_is_for_the_author(client, open_proposal, people, who, status):
    _login(client, people[who])

    assert client.get(_url("proposal_withdraw", open_proposal)).status_code == status


def test_withdraw_with_a_reason(client, open_proposal, author):
    client.force_login(author)

    response = client.post(_url("proposal_withdraw", open_proposal), {"reason": "Not needed"})

    assert response.status_code == 302
    open_proposal.refresh_from_db()
    assert open_proposal.status == ProposalStatus.WITHDRAWN
    html = client.get(open_proposal.get_absolute_url()).content.decode()
    assert "Reason: Not needed" in html
    assert "closed for comments" in html


def test_withdrawing_twice_shows_the_refusal(client, open_proposal, author):
    proposal_withdraw(actor=author, proposal=open_proposal)
    client.force_login(author)

    response = client.post(_url("proposal_withdraw", open_proposal), {"reason": ""})

    assert response.status_code == 200
    assert "so you cannot withdraw it" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("non_member", 403),
        ("member", 403),
        ("author", 403),
        ("convener", 302),
        ("steward", 302),
    ],
)
def test_start_voting_permissions(client, open_proposal, people, who, status):
    _login(client, people[who])

    response = client.post(_url("proposal_voting_open", open_proposal))

    assert response.status_code == status


def test_start_voting_before_the_comment_period_ends_shows_the_refusal(
    client, open_proposal, people
):
    client.force_login(people["convener"])

    response = client.post(_url("proposal_voting_open", open_proposal), follow=True)

    assert "The comment period has not ended" in response.content.decode()
    open_proposal.refresh_from_db()
    assert open_proposal.status == ProposalStatus.OPEN


def test_start_voting_after_the_comment_period(client, open_proposal, people):
    Proposal.objects.filter(pk=open_proposal.pk).update(
        opened_at=timezone.now() - timedelta(days=15)
    )
    client.force_login(people["convener"])

    client.post(_url("proposal_voting_open", open_proposal))

    open_proposal.refresh_from_db()
    assert open_proposal.status == ProposalStatus.VOTING
    assert ProposalEvent.objects.filter(
        proposal=open_proposal, kind=ProposalEventKind.STATUS_CHANGED, to_status="voting"
    ).exists()


# Your account ------------------------------------------------------------------------------------


def test_account_lists_your_proposals_and_those_you_watch(client, draft, catalogue, author):
    other = ProposalFactory(
        author=MembershipFactory().user,
        base_version=catalogue.v2,
        title="Someone else's idea",
        operations=[ADD_CODE],
        submit=True,
    )
    ProposalWatch.objects.create(user=author, proposal=other)
    client.force_login(author)

    html = client.get(reverse("account_overview")).content.decode()

    assert "Your proposals" in html
    assert draft.title in html
    assert "Proposals you watch" in html
    assert "Someone else&#x27;s idea" in html


# The redline -------------------------------------------------------------------------------------


def test_redline_marks_words_and_escapes_text():
    html = str(redline_html("Wat to <do>.", "What to <do> now."))

    assert '<del class="app-redline__removed">' in html
    assert '<ins class="app-redline__added">' in html
    assert "&lt;do&gt;" in html
    assert "<do>" not in html
    assert "removed: </span>Wat" in html
    assert "added: </span>What" in html


def test_redline_of_values_that_are_not_text():
    html = str(redline_html(False, True))

    assert "removed: </span>No" in html
    assert "added: </span>Yes" in html


def test_redline_of_two_empty_values_says_none_given():
    html = str(redline_html(None, ""))

    assert "None given" in html
    assert ">None<" not in html


def test_standard_page_links_to_its_proposals(client, catalogue):
    html = client.get(f"{BASE}/").content.decode()

    assert f'href="{BASE}/proposals/"' in html


def test_changes_from_a_revised_json_schema(client, catalogue, author):
    """The portal's own schema download, revised, round-trips into operations."""
    schema = json.loads(client.get(f"{BASE}/1.1.0/work-order.schema.json").content)
    schema["properties"]["photoUrl"] = {"type": "string", "description": "A photo."}
    schema["properties"]["description"]["description"] = "What the job is."
    proposal = ProposalFactory(author=author, base_version=catalogue.v2)
    client.force_login(author)

    response = client.post(
        _url("proposal_from_file", proposal),
        {
            "revision": proposal.revision,
            "format": "json_schema",
            "file": SimpleUploadedFile("work-order.schema.json", json.dumps(schema).encode()),
        },
    )

    assert response.status_code == 302, re.findall(
        r"<li><a href=\"#[^\"]*\">(.*?)</a>", response.content.decode()
    )
    operations = {(op.kind, op.path): op.values for op in proposal.operations.all()}
    assert ("add_attribute", "work-order/photoUrl") in operations
    assert operations[("change_attribute", "work-order/description")] == {
        "definition": "What the job is."
    }
    assert len(operations) == 2, operations


def test_a_run_of_edits_by_one_person_is_one_timeline_entry(client, catalogue, author):
    draft = ProposalFactory(author=author, base_version=catalogue.v2, operations=[ADD_CODE])
    for _ in range(4):
        ProposalEvent.objects.create(
            proposal=draft,
            actor=author,
            kind=ProposalEventKind.CHANGE_SET_EDITED,
            revision=draft.revision,
            detail={"operations": 1, "impact": "minor"},
        )
    client.force_login(author)

    html = client.get(draft.get_absolute_url()).content.decode()
    timeline = html[html.index('id="timeline"') :]

    assert timeline.count("Change set edited") == 1
    assert "edits, from" in timeline
