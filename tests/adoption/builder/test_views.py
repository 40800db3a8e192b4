"""The requirements builder's journey: one question a page, check your answers, the result.

Answers live in the query string, so every test can start anywhere in the journey.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from portal.demo.pages import page_ensure
from portal.models import GuidanceIndexPage, GuidancePage
from standards.versions.services import version_draft_create, version_withdraw
from tests.community.factories import UserFactory
from tests.standards.factories import build_standard

VERSION = "damp-and-mould-1.1.0"
COMPLETE = {
    "version": VERSION,
    "component": ["work-order", "property"],
    "access": "3",
    "write": "no",
}


@pytest.fixture
def catalogue(steward):
    return build_standard(steward=steward)


def url(name: str) -> str:
    return reverse(f"adoption:builder_{name}")


def answers(**overrides) -> dict:
    data = {**COMPLETE, **overrides}
    return {key: value for key, value in data.items() if value is not None}


def query_of(response) -> dict:
    return parse_qs(urlsplit(response["Location"]).query)


# The journey ------------------------------------------------------------------------------------


def test_start_page_links_to_the_first_question_and_the_guidance(client, catalogue):
    response = client.get(url("start"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{url("version")}"' in html
    assert "Start now" in html
    assert 'href="/guidance/"' in html


def test_the_whole_journey_from_first_question_to_result(client, catalogue):
    response = client.get(url("version"), {"version": VERSION, "step": "version"})
    assert response.status_code == 302
    assert response["Location"] == f"{url('components')}?version={VERSION}"

    response = client.get(
        url("components"),
        {"version": VERSION, "component": ["work-order", "property"], "step": "components"},
    )
    assert urlsplit(response["Location"]).path == url("access")
    assert query_of(response) == {"version": [VERSION], "component": ["work-order", "property"]}

    response = client.get(url("access"), {**answers(write=None), "step": "access"})
    assert urlsplit(response["Location"]).path == url("write")

    response = client.get(url("write"), {**answers(), "step": "write"})
    assert urlsplit(response["Location"]).path == url("check")
    assert "step" not in query_of(response)

    check = client.get(url("check"), answers())
    html = check.content.decode()
    assert check.status_code == 200
    assert "Damp and mould 1.1.0" in html
    assert "Work order" in html
    assert "Property" in html
    assert "Queued self-serve exports" in html
    assert f'href="{url("result")}?' in html

    result = client.get(url("result"), answers())
    assert result.status_code == 200
    assert "Data requirements: Damp and mould 1.1.0" in result.content.decode()


def test_the_current_version_is_chosen_by_default_and_drafts_and_withdrawn_are_not_offered(
    client, catalogue, steward
):
    version_draft_create(actor=steward, standard=catalogue.standard, number="2.0.0")

    html = client.get(url("version")).content.decode()

    assert 'value="damp-and-mould-1.1.0" checked' in html
    assert 'value="damp-and-mould-1.0.0"' in html
    assert "Superseded" in html
    assert "2.0.0" not in html

    version_withdraw(actor=steward, version=catalogue.v1, reason="Replaced by 1.1.0.")
    assert "1.0.0" not in client.get(url("version")).content.decode()


def test_with_more_than_one_standard_no_version_is_chosen_for_the_buyer(client, catalogue, steward):
    build_standard(steward=steward, slug="repairs")

    html = client.get(url("version")).content.decode()

    assert 'value="repairs-1.1.0"' in html
    assert " checked" not in html


def test_components_of_the_chosen_version_are_offered(client, catalogue):
    html = client.get(url("components"), {"version": "damp-and-mould-1.0.0"}).content.decode()

    assert 'value="work-order"' in html
    assert 'value="person-alert-codes"' in html
    assert "Code list" in html
    # Added in 1.1.0.
    assert 'value="damp-survey"' not in html


def test_a_change_link_returns_to_check_your_answers(client, catalogue):
    check = client.get(url("check"), answers()).content.decode()
    assert f'href="{url("access")}?' in check

    response = client.get(url("access"), {**answers(), "access": "5", "step": "access"})

    assert urlsplit(response["Location"]).path == url("check")
    assert query_of(response)["access"] == ["5"]


def test_changing_the_version_asks_for_components_again_when_they_are_not_in_it(client, catalogue):
    response = client.get(
        url("version"),
        {**answers(component="damp-survey"), "version": "damp-and-mould-1.0.0", "step": "version"},
    )

    assert urlsplit(response["Location"]).path == url("components")


def test_a_question_shows_the_answers_given_so_far(client, catalogue):
    html = client.get(url("components"), answers()).content.decode()

    assert 'value="work-order" checked' in html
    assert 'value="property" checked' in html
    assert 'value="damp-survey" aria-describedby' in html
    # The other answers ride along in hidden inputs, so nothing is lost.
    assert '<input type="hidden" name="access" value="3">' in html
    assert '<input type="hidden" name="write" value="no">' in html
    assert f'<input type="hidden" name="version" value="{VERSION}">' in html


@pytest.mark.parametrize(
    ("step", "previous"),
    [
        ("version", "start"),
        ("components", "version"),
        ("access", "components"),
        ("write", "access"),
    ],
)
def test_each_question_has_a_back_link_to_the_one_before(client, catalogue, step, previous):
    html = client.get(url(step), answers()).content.decode()

    assert f'<a href="{url(previous)}' in html
    assert 'class="govuk-back-link"' in html


def test_skipping_ahead_goes_to_the_first_unanswered_question(client, catalogue):
    response = client.get(url("write"), {"version": VERSION})
    assert urlsplit(response["Location"]).path == url("components")

    for name in ("check", "result", "docx", "markdown"):
        response = client.get(url(name), answers(access=None))
        assert urlsplit(response["Location"]).path == url("access"), name


# Validation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("version", {}, "Select the version of the standard your system must support"),
        ("version", {"version": "damp-and-mould-9.9.9"}, "Select a version from the list"),
        ("components", {}, "Select at least one component your system must support"),
        ("components", {"component": "nope"}, "Select components from the list"),
        ("access", {}, "Select the level of data access you need"),
        ("access", {"access": "6"}, "Select a level of data access from the list"),
        ("access", {"access": "<b>"}, "Select a level of data access from the list"),
        ("write", {}, "Select yes if other systems need to change data through an API"),
        ("write", {"write": "maybe"}, "Select yes if other systems need to change data"),
    ],
)
def test_each_question_explains_a_missing_or_bad_answer(client, catalogue, step, data, message):
    field = {"version": "version", "components": "component"}.get(step, step)
    query = {key: value for key, value in answers().items() if key != field}
    response = client.get(url(step), {**query, **data, "step": step})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert f'<a href="#{field}">' in html
    assert "govuk-form-group--error" in html
    assert "<title>Error: " in html


def test_an_error_keeps_the_other_answers(client, catalogue):
    response = client.get(url("access"), {**answers(access=None), "step": "access"})

    html = response.content.decode()
    assert f'<input type="hidden" name="version" value="{VERSION}">' in html
    assert '<input type="hidden" name="component" value="work-order">' in html


def test_a_question_seen_before_answering_shows_no_error(client, catalogue):
    html = client.get(url("access"), answers(access=None)).content.decode()

    assert "There is a problem" not in html


def test_odd_query_strings_never_fail(client, catalogue):
    odd = {"version": ["x", VERSION], "component": "../../etc", "access": "1e9", "write": "\x00"}
    for step in ("version", "components", "access", "write", "check", "result", "docx"):
        response = client.get(url(step), {**odd, "step": step})
        assert response.status_code in (200, 302), step


def test_hidden_values_are_escaped(client, catalogue):
    html = client.get(url("write"), {**answers(), "extra": '"><script>x</script>'}).content.decode()

    assert "<script>x</script>" not in html
    assert "&quot;&gt;&lt;script&gt;" in html


def test_only_get_is_allowed(client, catalogue):
    assert client.post(url("version"), {"version": VERSION}).status_code == 405


# The result -------------------------------------------------------------------------------------


def test_result_numbers_must_and_should_requirements_and_links_the_artefacts(client, catalogue):
    html = client.get(url("result"), answers()).content.decode()

    assert '<ol class="govuk-list govuk-list--number govuk-!-text-break-word" start="1">' in html
    assert "MUST" in html
    assert "SHOULD" in html
    for name in ("bundle.schema.json", "openapi.json", "dictionary.csv", "work-order.schema.json"):
        assert f"http://testserver/standards/damp-and-mould/1.1.0/{name}" in html
    assert "Before the contract is signed, the supplier MUST provide documentation" in html
    assert f'href="{url("docx")}?' in html
    assert f'href="{url("markdown")}?' in html


def test_result_includes_access_levels_up_to_the_one_chosen(client, catalogue):
    low = client.get(url("result"), answers(access="1")).content.decode()
    high = client.get(url("result"), answers(access="5")).content.decode()

    assert "on request" in low
    assert "scheduled exports" not in low
    assert "live, read-only access" not in low
    assert "scheduled exports" in high
    assert "live, read-only access" in high
    assert "fair-use limits" in high


def test_write_access_adds_its_section_only_when_needed(client, catalogue):
    without = client.get(url("result"), answers(write="no")).content.decode()
    with_write = client.get(url("result"), answers(write="yes")).content.decode()

    assert "Write access through an API</h2>" not in without
    assert "Write access through an API</h2>" in with_write
    assert "create, read, update and delete" in with_write


def test_a_superseded_version_can_be_chosen_and_is_named_exactly(client, catalogue):
    html = client.get(
        url("result"), answers(version="damp-and-mould-1.0.0", component="work-order")
    ).content.decode()

    assert "Damp and mould 1.0.0" in html
    assert "/standards/damp-and-mould/1.0.0/openapi.json" in html


def test_downloads_are_attachments_named_after_the_version(client, catalogue):
    docx = client.get(url("docx"), answers())
    markdown = client.get(url("markdown"), answers())

    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="data-requirements-damp-and-mould-1-1-0.docx"' in docx["Content-Disposition"]
    assert markdown["Content-Type"] == "text/markdown; charset=utf-8"
    assert 'filename="data-requirements-damp-and-mould-1-1-0.md"' in markdown["Content-Disposition"]


# Permission and query counts --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "signed_in", "steward"])
@pytest.mark.parametrize(
    "name", ["start", "version", "components", "access", "write", "check", "result", "docx"]
)
def test_every_page_is_public(client, catalogue, steward, who, name):
    if who == "signed_in":
        client.force_login(UserFactory())
    elif who == "steward":
        client.force_login(steward)

    assert client.get(url(name), answers()).status_code == 200


@pytest.mark.parametrize(("name", "limit"), [("components", 4), ("check", 4), ("result", 6)])
def test_pages_run_a_fixed_number_of_queries(
    client, steward, django_assert_max_num_queries, name, limit
):
    build_standard(steward=steward, size=20)
    everything = {**answers(), "component": ["work-order", "property", "person-alert-codes"]}
    with django_assert_max_num_queries(limit):
        assert client.get(url(name), everything).status_code == 200


# The procurement guidance -----------------------------------------------------------------------


@pytest.fixture
def guidance_page(home_page):
    section = page_ensure(
        parent=home_page,
        model=GuidanceIndexPage,
        slug="procurement-and-system-integration",
        title="Procurement and system integration",
        intro="How to buy housing systems.",
    )
    return page_ensure(
        parent=section,
        model=GuidancePage,
        slug="data-access-requirements-in-tenders",
        title="Putting data access requirements in tender documents",
        summary="Write data access into your tender.",
        body=[],
    )


def test_the_builder_links_to_the_procurement_guidance_page(client, catalogue, guidance_page):
    guidance = "/procurement-and-system-integration/data-access-requirements-in-tenders/"

    start = client.get(url("start")).content.decode()
    result = client.get(url("result"), answers()).content.decode()

    assert guidance in start
    assert f'href="http://testserver{guidance}"' in result


def test_the_procurement_guidance_page_links_to_the_builder(client, guidance_page):
    response = client.get(guidance_page.url)

    assert response.status_code == 200
    assert f'href="{url("start")}"' in response.content.decode()
