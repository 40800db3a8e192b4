"""The register's pages: the permission matrix, each journey, refusals and query counts."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from adoption.choices import AdoptionEventKind
from adoption.models import AdoptionRecord
from adoption.register import services
from standards.models import Component
from standards.versions.services import version_draft_create, version_withdraw
from tests.adoption.factories import declare
from tests.community.factories import (
    AffiliationConfirmationFactory,
    ConvenerFactory,
    MemberUserFactory,
    OrganisationFactory,
    StewardFactory,
    UserFactory,
)
from tests.standards.factories import build_standard

LIST = reverse("adoption:register_list")
DECLARE = reverse("adoption:register_declare")


@pytest.fixture
def catalogue(db):
    return build_standard(steward=StewardFactory())


@pytest.fixture
def people(db):
    member = MemberUserFactory()
    return {
        "anonymous": None,
        # Signed in, verified, at another organisation.
        "non_member": MemberUserFactory(),
        "no_organisation": UserFactory(),
        # Chose the member's organisation from an address elsewhere: self-declared, so they act
        # for nothing (ADR 0016). The same person confirmed by a steward acts for it.
        "self_declared": UserFactory(email="x@evil.example", organisation=member.organisation),
        "confirmed": AffiliationConfirmationFactory(
            person=UserFactory(email="y@elsewhere.example", organisation=member.organisation)
        ).person,
        "member": member,
        "convener": ConvenerFactory().user,
        "steward": StewardFactory(),
    }


@pytest.fixture
def record(catalogue, people):
    return declare(version=catalogue.v2, member=people["member"], system_name="Repairs Hub")


@pytest.fixture
def hidden(record, people):
    return services.adoption_hide(actor=people["steward"], record=record, reason="Not real")


def _as(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    return client


def _url(name, record):
    return reverse(f"adoption:{name}", kwargs={"pk": record.pk})


# The permission matrix ---------------------------------------------------------------------------

ROLES = [
    "anonymous",
    "non_member",
    "no_organisation",
    "self_declared",
    "confirmed",
    "member",
    "convener",
    "steward",
]


def _expected(row: dict, role: str) -> int:
    return row.get(role, row["default"])


@pytest.mark.parametrize(
    ("page", "state", "row"),
    [
        ("register_list", "public", {"default": 200}),
        (
            "register_declare",
            "public",
            {
                "default": 200,
                "anonymous": 302,
                "no_organisation": 403,
                "self_declared": 403,
                "steward": 403,
            },
        ),
        ("register_detail", "public", {"default": 200}),
        (
            "register_detail",
            "hidden",
            {"default": 404, "member": 200, "confirmed": 200, "steward": 200},
        ),
        (
            "register_edit",
            "public",
            {"default": 403, "anonymous": 302, "member": 200, "confirmed": 200},
        ),
        (
            "register_withdraw",
            "public",
            {"default": 403, "anonymous": 302, "member": 200, "confirmed": 200},
        ),
        ("register_hide", "public", {"default": 403, "anonymous": 302, "steward": 200}),
        (
            "register_unhide",
            "hidden",
            {"default": 404, "anonymous": 302, "member": 403, "confirmed": 403, "steward": 200},
        ),
    ],
)
def test_permission_matrix(client, people, record, page, state, row):
    # Every role in one test: building the catalogue is the slow part.
    if state == "hidden":
        services.adoption_hide(actor=people["steward"], record=record, reason="Not real")
    if page in ("register_list", "register_declare"):
        url = reverse(f"adoption:{page}")
    else:
        url = _url(page, record)
    outcomes = {}
    for role in ROLES:
        client.logout()
        response = _as(client, people, role).get(url)
        outcomes[role] = response.status_code
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("account_login"))

    assert outcomes == {role: _expected(row, role) for role in ROLES}


@pytest.mark.parametrize("role", ["non_member", "self_declared"])
@pytest.mark.parametrize("page", ["register_edit", "register_withdraw", "register_hide"])
def test_refused_posts_change_nothing(client, people, record, page, role):
    client.force_login(people[role])

    response = client.post(_url(page, record), {"reason": "Because", "system_name": "Taken"})

    assert response.status_code == 403
    record.refresh_from_db()
    assert record.revision == 1
    assert record.events.count() == 1


def test_an_unverified_organisation_is_told_why_it_cannot_declare(client, db):
    person = MemberUserFactory(organisation=OrganisationFactory(unverified=True))
    client.force_login(person)

    response = client.get(DECLARE)

    assert response.status_code == 403
    assert "have not verified" in response.content.decode()


# Declaring -------------------------------------------------------------------------------------


def _keys(version, *keys):
    return [
        str(pk)
        for pk in Component.objects.filter(
            standard_id=version.standard_id, key__in=keys
        ).values_list("pk", flat=True)
    ]


def test_a_member_declares_in_two_steps(client, catalogue, people):
    member = people["member"]
    client.force_login(member)

    response = client.post(DECLARE, {"version": catalogue.v2.pk})
    details = reverse("adoption:register_declare_details", kwargs={"version": catalogue.v2.pk})
    assert response.status_code == 302
    assert response["Location"] == details
    page = client.get(details).content.decode()
    assert "Work order" in page
    assert "Damp survey" in page

    response = client.post(
        details,
        {
            "components": _keys(catalogue.v2, "work-order", "property"),
            "status": "in_production",
            "system_name": "Repairs Hub",
        },
    )

    record = AdoptionRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == record.get_absolute_url()
    assert record.organisation == member.organisation
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == [
        f"You declared that {member.organisation.name} uses Damp and mould 1.1.0 in Repairs Hub"
    ]
    detail = client.get(record.get_absolute_url()).content.decode()
    assert "Repairs Hub" in detail
    assert "In production" in detail


def test_a_bad_declaration_keeps_what_was_typed(client, catalogue, people):
    client.force_login(people["member"])
    details = reverse("adoption:register_declare_details", kwargs={"version": catalogue.v2.pk})

    response = client.post(details, {"status": "planned", "system_name": "My <b>system</b>"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error:" in page
    assert "Select the components your system uses" in page
    assert 'value="My &lt;b&gt;system&lt;/b&gt;"' in page
    assert not AdoptionRecord.objects.exists()


def test_a_withdrawn_version_cannot_be_chosen(client, catalogue, people):
    version_withdraw(actor=StewardFactory(), version=catalogue.v1, reason="Wrong codes")
    client.force_login(people["member"])

    response = client.post(DECLARE, {"version": catalogue.v1.pk})

    assert response.status_code == 200
    assert "Select a published version of the standard" in response.content.decode()
    assert "1.0.0" not in response.content.decode()


@pytest.mark.parametrize("state", ["withdrawn", "draft", "missing"])
def test_the_details_of_a_version_that_cannot_be_declared_go_back_with_an_error(
    client, catalogue, people, state
):
    steward = StewardFactory()
    if state == "withdrawn":
        version_withdraw(actor=steward, version=catalogue.v1, reason="Wrong codes")
        pk = catalogue.v1.pk
    elif state == "draft":
        pk = version_draft_create(
            actor=steward, standard=catalogue.standard, number="1.2.0", base=catalogue.v2
        ).pk
    else:
        pk = 999_999
    client.force_login(people["member"])
    details = reverse("adoption:register_declare_details", kwargs={"version": pk})

    response = client.post(
        details,
        {"components": _keys(catalogue.v1, "property"), "status": "planned", "system_name": "X"},
    )

    assert response.status_code == 302
    assert response["Location"] == DECLARE
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["Choose a published version of the standard"]
    assert not AdoptionRecord.objects.exists()


def test_a_duplicate_declaration_is_a_form_error(client, catalogue, people, record):
    client.force_login(people["member"])
    details = reverse("adoption:register_declare_details", kwargs={"version": catalogue.v2.pk})

    response = client.post(
        details,
        {
            "components": _keys(catalogue.v2, "property"),
            "status": "planned",
            "system_name": "repairs hub",
        },
    )

    assert response.status_code == 400
    assert "already declared" in response.content.decode()
    assert AdoptionRecord.objects.count() == 1


@pytest.mark.parametrize("junk", ["abc", "", "-1"])
def test_odd_component_values_are_form_errors(client, catalogue, people, junk):
    client.force_login(people["member"])
    details = reverse("adoption:register_declare_details", kwargs={"version": catalogue.v2.pk})

    response = client.post(details, {"components": [junk], "status": "planned", "system_name": "X"})

    assert response.status_code == 400
    assert not AdoptionRecord.objects.exists()


# Changing and withdrawing ----------------------------------------------------------------------


def test_a_member_changes_the_declaration(client, catalogue, people, record):
    client.force_login(people["member"])

    response = client.post(
        _url("register_edit", record),
        {
            "components": _keys(catalogue.v2, "work-order"),
            "status": "in_development",
            "system_name": "Repairs Hub 2",
            "revision": 1,
        },
    )

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.system_name == "Repairs Hub 2"
    assert record.events.filter(kind=AdoptionEventKind.UPDATED).exists()


def test_an_edit_on_a_stale_page_is_refused_then_can_be_saved_again(
    client, catalogue, people, record
):
    services.adoption_update(
        actor=people["member"],
        record=record,
        revision=1,
        components=Component.objects.filter(key="property", standard=catalogue.standard),
        status="planned",
        system_name="Repairs Hub",
    )
    client.force_login(people["member"])
    data = {
        "components": _keys(catalogue.v2, "work-order"),
        "status": "in_development",
        "system_name": "Mine",
        "revision": 1,
    }

    response = client.post(_url("register_edit", record), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Someone changed this declaration since you opened it" in page
    assert 'value="Mine"' in page
    assert 'name="revision" value="2"' in page
    response = client.post(_url("register_edit", record), {**data, "revision": 2})
    assert response.status_code == 302


def test_withdrawing_removes_it_from_the_register(client, people, record):
    client.force_login(people["member"])

    response = client.post(_url("register_withdraw", record))

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.is_withdrawn
    client.logout()
    assert "Repairs Hub" not in client.get(LIST).content.decode()
    assert client.get(record.get_absolute_url()).status_code == 404
    client.force_login(people["member"])
    assert client.get(_url("register_edit", record)).status_code == 404


# Hiding ------------------------------------------------------------------------------------------


def test_hiding_needs_a_reason(client, people, record):
    client.force_login(people["steward"])

    response = client.post(_url("register_hide", record), {"reason": "  "})

    assert response.status_code == 400
    assert "Enter why you are hiding this declaration" in response.content.decode()
    record.refresh_from_db()
    assert not record.is_hidden


def test_a_hidden_declaration_leaves_the_public_register_but_its_members_see_why(
    client, people, record
):
    client.force_login(people["steward"])
    response = client.post(_url("register_hide", record), {"reason": "No such system"})
    assert response.status_code == 302
    client.logout()

    assert "Repairs Hub" not in client.get(LIST).content.decode()
    client.force_login(people["member"])
    own = client.get(LIST).content.decode()
    assert "Hidden by a steward" in own
    assert "No such system" in client.get(record.get_absolute_url()).content.decode()


def test_a_steward_shows_it_again(client, people, hidden):
    client.force_login(people["steward"])

    response = client.post(_url("register_unhide", hidden), {"reason": ""})

    assert response.status_code == 302
    hidden.refresh_from_db()
    assert not hidden.is_hidden


# The public register -----------------------------------------------------------------------------


def test_empty_register(client, db):
    page = client.get(LIST).content.decode()

    assert "No organisation has declared that it uses a standard yet." in page
    assert "There are no declarations yet." in page


def test_filter_by_version_and_component(client, catalogue, people, record):
    declare(version=catalogue.v1, keys=("property",), system_name="Old")

    by_version = client.get(LIST, {"version": catalogue.v1.pk}).content.decode()
    work_order = Component.objects.get(standard=catalogue.standard, key="work-order")
    by_component = client.get(
        LIST, {"version": catalogue.v1.pk, "component": work_order.pk}
    ).content.decode()

    assert "Old" in by_version
    assert "Repairs Hub" not in by_version
    assert "1 declaration of Damp and mould 1.0.0" in by_version
    assert "No organisation has declared that it uses this component" in by_component


@pytest.mark.parametrize("query", ["?version=abc", "?component=-1", "?page=99", "?version=999"])
def test_odd_filters_do_not_break_the_page(client, record, query):
    assert client.get(LIST + query).status_code == 200


def test_list_queries_do_not_grow(client, catalogue, people, django_assert_max_num_queries):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST, {"version": catalogue.v2.pk}).status_code == 200
        return len(captured)

    client.force_login(people["member"])
    declare(version=catalogue.v2, member=people["member"], system_name="Own")
    declare(version=catalogue.v2)
    few = count()
    for n in range(12):
        declare(version=catalogue.v2 if n % 2 else catalogue.v1, system_name=f"System {n}")

    with django_assert_max_num_queries(16):
        count()
    assert count() == few


def test_detail_queries_are_fixed(client, people, record, django_assert_max_num_queries):
    for n in range(5):
        services.adoption_update(
            actor=people["member"],
            record=record,
            revision=record.revision,
            components=record.components.all(),
            status="planned" if n % 2 else "in_development",
            system_name="Repairs Hub",
        )
        record.refresh_from_db()
    client.force_login(people["steward"])

    with django_assert_max_num_queries(12):
        response = client.get(record.get_absolute_url())

    assert response.status_code == 200


def test_a_self_declared_person_is_told_how_to_prove_where_they_work(client, people):
    client.force_login(people["self_declared"])

    response = client.get(DECLARE)

    page = response.content.decode()
    assert response.status_code == 403
    assert "self-declared" in page
    assert "add an email address" in page
