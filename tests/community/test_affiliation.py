"""Affiliation is not taken on trust.

Community actions need a verified email address; a person may choose only an organisation the
page offered them; conveners see whether the email domain backs up the stated organisation.
"""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from community.exceptions import NotAllowedError
from community.models import JoinRequest, Organisation
from community.services import invitations as services_invitations
from community.services import organisations as services_organisations
from tests.community.factories import (
    InvitationFactory,
    JoinRequestFactory,
    MemberUserFactory,
    OrganisationFactory,
    UserFactory,
)

CHOOSE_URL = reverse("community:organisation_choose")


@pytest.fixture
def unverified_person(db):
    person = MemberUserFactory(email="jo@harbourside.example.org.uk", verified=False)
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)
    return person


# Choosing an organisation -----------------------------------------------------------------------


def test_an_organisation_the_page_did_not_offer_cannot_be_chosen(client, user):
    hidden = OrganisationFactory(name="Somewhere Else Homes")
    client.force_login(user)

    response = client.post(CHOOSE_URL, {"organisation": hidden.pk})

    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == [
        "Select an organisation from the list"
    ]
    user.refresh_from_db()
    assert user.organisation is None


def test_an_organisation_offered_by_a_search_can_be_chosen(client, user):
    found = OrganisationFactory(name="Harbourside Homes")

    client.force_login(user)
    client.post(f"{CHOOSE_URL}?q=harbourside", {"organisation": found.pk})

    user.refresh_from_db()
    assert user.organisation == found


def test_an_organisation_suggested_by_email_domain_can_be_chosen(client, db):
    matching = OrganisationFactory(domains=["brookvale.example.org.uk"])
    person = UserFactory(email="sam@brookvale.example.org.uk")

    client.force_login(person)
    client.post(CHOOSE_URL, {"organisation": matching.pk})

    person.refresh_from_db()
    assert person.organisation == matching


@pytest.mark.parametrize("posted", ["²", "\u0661", "-1", "1e3", "99999999999999999999999"])
def test_an_organisation_id_that_is_not_a_plain_number_is_a_form_error(client, user, posted):
    OrganisationFactory()
    client.force_login(user)

    response = client.post(CHOOSE_URL, {"organisation": posted})

    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]


# Verified email addresses -----------------------------------------------------------------------


def test_a_person_with_an_unverified_email_cannot_ask_to_join(client, group, unverified_person):
    client.force_login(unverified_person)

    response = client.post(
        reverse("community:join_request_create", args=[group.slug]),
        {"statement": "I manage our repairs data."},
    )

    assert response.status_code == 200
    assert "Confirm your email address before you ask to join a group" in response.text
    assert not JoinRequest.objects.filter(user=unverified_person).exists()


def test_the_group_page_asks_a_person_to_confirm_their_email_before_joining(
    client, group, unverified_person
):
    client.force_login(unverified_person)

    response = client.get(group.get_absolute_url())

    assert "Confirm your email address to ask to join this group" in response.text
    assert "Ask to join this group" not in response.text


def test_a_person_with_an_unverified_email_cannot_choose_an_organisation(unverified_person):
    organisation = OrganisationFactory()

    with pytest.raises(NotAllowedError, match="Confirm your email address"):
        services_organisations.person_organisation_set(
            actor=unverified_person, organisation=organisation
        )
    unverified_person.refresh_from_db()
    assert unverified_person.organisation != organisation


def test_a_person_with_an_unverified_email_cannot_register_an_organisation(unverified_person):
    with pytest.raises(NotAllowedError, match="Confirm your email address"):
        services_organisations.organisation_register(
            actor=unverified_person,
            name="Harbourside Homes",
            type="housing_association",
            identifier="L0042",
            email_domains=["harbourside.example.org.uk"],
        )
    assert not Organisation.objects.filter(name="Harbourside Homes").exists()


def test_a_person_with_an_unverified_email_cannot_accept_an_invitation(group, unverified_person):
    invitation = InvitationFactory(group=group, email=unverified_person.email)

    with pytest.raises(NotAllowedError, match="Confirm your email address"):
        services_invitations.invitation_accept(actor=unverified_person, invitation=invitation)
    assert not group.memberships.filter(user=unverified_person).exists()


# What conveners see -----------------------------------------------------------------------------


def _decide_page(client, convener, join_request) -> str:
    client.force_login(convener)
    url = reverse("community:join_request_decide", args=[join_request.group.slug, join_request.pk])
    return client.get(url).text


def test_conveners_see_that_the_email_domain_matches_the_organisation(client, group, convener):
    organisation = OrganisationFactory(domains=["harbourside.example.org.uk"])
    person = UserFactory(email="Jo@Harbourside.example.org.uk", organisation=organisation)
    join_request = JoinRequestFactory(group=group, user=person)

    page = _decide_page(client, convener, join_request)

    assert "Email domain matches" in page
    assert "Self-declared" not in page


def test_an_address_at_a_subdomain_is_self_declared(client, group, convener):
    """ADR 0016: exact domains only; organisations give subdomain addresses to outsiders."""
    organisation = OrganisationFactory(domains=["harbourside.example.org.uk"])
    person = UserFactory(email="jo@tenants.harbourside.example.org.uk", organisation=organisation)
    join_request = JoinRequestFactory(group=group, user=person)

    page = _decide_page(client, convener, join_request)

    assert "Self-declared" in page
    assert "Email domain matches" not in page


def test_conveners_see_a_self_declared_affiliation_labelled(client, group, convener):
    organisation = OrganisationFactory(domains=["harbourside.example.org.uk"])
    person = UserFactory(email="jo@elsewhere.example.org", organisation=organisation)
    join_request = JoinRequestFactory(group=group, user=person)

    page = _decide_page(client, convener, join_request)

    assert "Self-declared" in page
    assert "Email domain matches" not in page


def test_a_lookalike_domain_does_not_count_as_a_match(client, group, convener):
    organisation = OrganisationFactory(domains=["harbourside.example.org.uk"])
    person = UserFactory(email="jo@notharbourside.example.org.uk", organisation=organisation)
    join_request = JoinRequestFactory(group=group, user=person)

    page = _decide_page(client, convener, join_request)

    assert "Self-declared" in page


def test_conveners_are_told_when_an_email_address_is_unverified(
    client, group, convener, unverified_person
):
    join_request = JoinRequestFactory(group=group, user=unverified_person)

    page = _decide_page(client, convener, join_request)

    assert "Email not verified" in page


def test_the_convener_dashboard_labels_each_request(client, group, convener):
    organisation = OrganisationFactory(domains=["harbourside.example.org.uk"])
    JoinRequestFactory(
        group=group,
        user=UserFactory(email="a@harbourside.example.org.uk", organisation=organisation),
    )
    JoinRequestFactory(
        group=group, user=UserFactory(email="b@elsewhere.example.org", organisation=organisation)
    )
    client.force_login(convener)

    page = client.get(reverse("community:group_manage", args=[group.slug])).text

    assert page.count("Email domain matches") == 1
    assert page.count("Self-declared") == 1
