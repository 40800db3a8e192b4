"""Adoption data on standards pages, through adoption's template tags (ADR 0012): adopters on
version and component pages, and the organisations a proposal would affect."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from adoption.register import services
from standards.choices import OperationKind
from standards.engine.changesets import Operation
from standards.versions.services import version_withdraw
from tests.adoption.factories import declare
from tests.community.factories import MembershipFactory, StewardFactory, UserFactory
from tests.standards.factories import ProposalFactory, build_standard

K = OperationKind
# Changing what an attribute means is a major change (GOVERNANCE.md's impact table).
REDEFINE_DESCRIPTION = Operation(
    kind=K.CHANGE_ATTRIBUTE,
    component="work-order",
    member="description",
    values={"definition": "Why the job was raised, not what to do."},
    changes_meaning=True,
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


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _component_url(version, key):
    return reverse(
        "standards:component_detail",
        kwargs={"standard": version.standard.slug, "version": version.number, "component": key},
    )


# Version and component pages --------------------------------------------------------------------


def test_version_page_lists_its_adopters_but_not_hidden_ones(client, catalogue):
    shown = declare(version=catalogue.v2, system_name="Repairs Hub")
    hidden = declare(version=catalogue.v2, system_name="Made up")
    services.adoption_hide(actor=StewardFactory(), record=hidden, reason="Not real")
    declare(version=catalogue.v1, system_name="Older system")

    page = client.get(catalogue.v2.get_absolute_url()).content.decode()

    assert "Who uses this version" in page
    assert f"{shown.organisation.name}: Repairs Hub" in page
    assert "Property, Work order" in page
    assert "Made up" not in page
    assert "Older system" not in page


def test_version_page_without_adopters_invites_a_declaration(client, catalogue):
    page = client.get(catalogue.v2.get_absolute_url()).content.decode()

    assert "No organisation has declared that it uses this version yet." in page
    assert f"/adoption/register/declare/?version={catalogue.v2.pk}" in page


def test_a_withdrawn_version_does_not_invite_a_declaration(client, catalogue):
    version_withdraw(actor=StewardFactory(), version=catalogue.v1, reason="Codes were wrong")

    page = client.get(catalogue.v1.get_absolute_url()).content.decode()

    assert "It can no longer be declared." in page
    assert f"/adoption/register/declare/?version={catalogue.v1.pk}" not in page


def test_version_page_queries_do_not_grow_with_adopters(
    client, catalogue, django_assert_max_num_queries
):
    declare(version=catalogue.v2)
    few = _queries(client, catalogue.v2.get_absolute_url())
    for n in range(10):
        declare(version=catalogue.v2, system_name=f"System {n}")

    assert _queries(client, catalogue.v2.get_absolute_url()) == few


def test_component_page_lists_organisations_using_that_component(client, catalogue):
    work_orders = declare(version=catalogue.v2, keys=("work-order",), system_name="Repairs Hub")
    declare(version=catalogue.v2, keys=("property",), system_name="Asset register")

    page = client.get(_component_url(catalogue.v2, "work-order")).content.decode()
    empty = client.get(_component_url(catalogue.v2, "damp-survey")).content.decode()

    assert "Who uses this component" in page
    assert f"{work_orders.organisation.name}: Repairs Hub" in page
    assert "Asset register" not in page
    assert "No organisation has declared that it uses this component in version 1.1.0" in empty


def test_component_page_queries_do_not_grow_with_adopters(client, catalogue):
    url = _component_url(catalogue.v2, "work-order")
    declare(version=catalogue.v2)
    few = _queries(client, url)
    for n in range(10):
        declare(version=catalogue.v2, system_name=f"System {n}")

    assert _queries(client, url) == few


# Proposals ---------------------------------------------------------------------------------------


@pytest.fixture
def author(db):
    return MembershipFactory().user


@pytest.fixture
def major_draft(catalogue, author):
    return ProposalFactory(
        author=author,
        base_version=catalogue.v2,
        title="Stop recording descriptions",
        operations=[REDEFINE_DESCRIPTION],
    )


def _check_url(proposal):
    return reverse(
        "standards:proposal_check",
        kwargs={"standard": proposal.standard.slug, "reference": proposal.reference},
    )


def test_proposal_page_counts_for_everyone_and_names_for_members(client, catalogue, author):
    old = declare(version=catalogue.v1, keys=("work-order",), system_name="Old repairs")
    current = declare(version=catalogue.v2, keys=("work-order", "property"), system_name="Hub")
    declare(version=catalogue.v2, keys=("property",), system_name="Assets only")
    hidden = declare(version=catalogue.v2, keys=("work-order",), system_name="Made up")
    services.adoption_hide(actor=StewardFactory(), record=hidden, reason="Not real")
    proposal = ProposalFactory(
        author=author, base_version=catalogue.v2, operations=[REDEFINE_DESCRIPTION], submit=True
    )

    public = client.get(proposal.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    signed_in = client.get(proposal.get_absolute_url()).content.decode()
    client.force_login(MembershipFactory().user)
    member = client.get(proposal.get_absolute_url()).content.decode()

    for page in (public, signed_in, member):
        assert "Would affect 2 organisations using these components." in page
    for page in (public, signed_in):
        assert old.organisation.name not in page
        assert "Members of the working groups can see which organisations these are." in page
    assert f"{old.organisation.name}: work-order (in Old repairs)" in member
    assert f"{current.organisation.name}: work-order (in Hub)" in member
    assert "Made up" not in member


def test_proposal_touching_unused_components_affects_nobody(client, catalogue, author):
    declare(version=catalogue.v2, keys=("work-order",))
    proposal = ProposalFactory(
        author=author, base_version=catalogue.v2, operations=[ADD_CODE], submit=True
    )

    page = client.get(proposal.get_absolute_url()).content.decode()

    assert "Would affect 0 organisations" in page


def test_author_of_a_major_proposal_sees_the_list_before_submitting(
    client, catalogue, author, major_draft
):
    record = declare(version=catalogue.v2, keys=("work-order",), system_name="Repairs Hub")
    client.force_login(author)

    page = client.get(_check_url(major_draft)).content.decode()

    assert "This is a major change. It would affect 1 organisation using these components." in page
    assert f"{record.organisation.name}: work-order (in Repairs Hub)" in page


def test_proposal_page_queries_do_not_grow_with_adopters(client, catalogue, author):
    proposal = ProposalFactory(
        author=author, base_version=catalogue.v2, operations=[REDEFINE_DESCRIPTION], submit=True
    )
    client.force_login(MembershipFactory().user)
    declare(version=catalogue.v2, keys=("work-order",))
    few = _queries(client, proposal.get_absolute_url())
    for n in range(10):
        declare(version=catalogue.v2 if n % 2 else catalogue.v1, system_name=f"System {n}")

    assert _queries(client, proposal.get_absolute_url()) == few


def test_the_impact_costs_the_proposal_page_at_most_three_queries(client, catalogue, author):
    """One for the organisations, and two to ask whether the reader may see their names."""
    from django.template import engines

    proposal = ProposalFactory(
        author=author, base_version=catalogue.v2, operations=[REDEFINE_DESCRIPTION], submit=True
    )
    declare(version=catalogue.v2, keys=("work-order",))
    template = engines["django"].from_string(
        "{% load adoption %}{% proposal_impact proposal operations %}"
    )
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = MembershipFactory().user

    with CaptureQueriesContext(connection) as captured:
        html = template.render(
            {"proposal": proposal, "operations": [REDEFINE_DESCRIPTION]}, request=request
        )

    assert "Would affect 1 organisation" in html
    assert len(captured) <= 3
