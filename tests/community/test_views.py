from django.urls import reverse

from community.choices import JoinRequestStatus, MembershipRole
from community.models import JoinRequest, Organisation
from tests.community.factories import (
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    MemberUserFactory,
    OrganisationFactory,
    UserFactory,
)


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_group_list_shows_remit_and_counts(client, group, member):
    MembershipFactory(group=group, user__organisation__unverified=True)

    response = client.get(reverse("community:group_list"))

    page = response.content.decode()
    assert group.remit in page
    listed = next(g for g in response.context["groups"] if g.pk == group.pk)
    assert listed.member_count == 3
    # Two verified organisations (the convener's and the member's); the unverified one is not shown.
    assert listed.organisation_count == 2


def test_the_public_group_page_shows_organisations_not_names(client, group, member):
    response = client.get(group.get_absolute_url())

    page = response.content.decode()
    assert member.organisation.name in page
    assert str(member) not in page


def test_members_see_names_and_roles_on_the_group_page(client, group, member, convener):
    client.force_login(member)

    page = client.get(group.get_absolute_url()).content.decode()

    assert str(convener) in page
    assert "Convener" in page


def test_a_signed_in_non_member_does_not_see_names(client, group, member, outsider):
    client.force_login(outsider)

    page = client.get(group.get_absolute_url()).content.decode()

    assert str(member) not in page
    assert "Ask to join this group" in page


def test_asking_to_join_redirects_with_a_success_message(client, group, convener, outsider):
    client.force_login(outsider)

    response = client.post(
        reverse("community:join_request_create", args=[group.slug]),
        {"statement": "I manage our asset data"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == group.get_absolute_url()
    assert "has been sent to its conveners" in _messages(response)[0]
    assert "You asked to join this group" in response.content.decode()


def test_an_empty_statement_is_refused_with_a_govuk_error(client, group, outsider):
    client.force_login(outsider)

    response = client.post(
        reverse("community:join_request_create", args=[group.slug]), {"statement": ""}
    )

    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter why you want to join the group" in page
    assert "<title>Error:" in page


def test_a_second_request_is_refused_and_keeps_what_was_typed(client, group, outsider):
    JoinRequestFactory(group=group, user=outsider)
    client.force_login(outsider)

    response = client.post(
        reverse("community:join_request_create", args=[group.slug]),
        {"statement": "Typed again"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["statement"][0].startswith("You already asked")
    assert JoinRequest.objects.filter(user=outsider).count() == 1


def test_a_person_without_an_organisation_is_sent_to_choose_one(client, group):
    client.force_login(UserFactory())

    page = client.get(reverse("community:join_request_create", args=[group.slug])).content.decode()

    assert "Tell us your organisation" in page


def test_rejecting_without_a_reason_shows_an_error(client, group, convener):
    join_request = JoinRequestFactory(group=group)
    client.force_login(convener)

    response = client.post(
        reverse("community:join_request_decide", args=[group.slug, join_request.pk]),
        {"decision": "reject", "reason": ""},
    )

    assert response.context["form"].errors["reason"] == ["Enter a reason for rejecting the request"]
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING


def test_deciding_a_request_someone_else_decided_shows_who_did(client, group, convener, steward):
    join_request = JoinRequestFactory(group=group)
    client.force_login(convener)
    url = reverse("community:join_request_decide", args=[group.slug, join_request.pk])
    client.get(url)
    JoinRequest.objects.filter(pk=join_request.pk).update(
        status=JoinRequestStatus.REJECTED, decided_by=steward, decided_at=join_request.created_at
    )

    response = client.post(url, {"decision": "approve", "reason": ""})

    page = response.content.decode()
    assert "There is a problem" in page
    assert "before you. Nothing has been changed" in page


def test_removing_the_last_convener_is_refused_with_an_explanation(
    client, group, convener_membership, steward
):
    client.force_login(steward)

    response = client.post(
        reverse("community:membership_remove", args=[group.slug, convener_membership.pk]),
        {"reason": "Tidying up"},
    )

    assert "is the only convener" in response.content.decode()
    convener_membership.refresh_from_db()
    assert convener_membership.is_active


def test_the_last_convener_is_told_why_they_cannot_leave(client, group, convener):
    client.force_login(convener)

    response = client.post(reverse("community:membership_leave", args=[group.slug]), {"reason": ""})

    assert "cannot leave yet" in response.content.decode()


def test_a_duplicate_identifier_is_refused_keeping_what_was_typed(client, user):
    OrganisationFactory(name="Bristol City Council", council=True, identifier="E06000023")
    client.force_login(user)

    response = client.post(
        reverse("community:organisation_register"),
        {
            "name": "Bristol Council",
            "type": "local_authority",
            "identifier": "E06000023",
            "email_domains": "",
        },
    )

    page = response.content.decode()
    assert "Bristol City Council is already registered" in page
    assert 'value="Bristol Council"' in page
    assert Organisation.objects.count() == 1


def test_a_malformed_identifier_is_refused_on_the_form(client, user):
    client.force_login(user)

    response = client.post(
        reverse("community:organisation_register"),
        {
            "name": "Keystone",
            "type": "technology_supplier",
            "identifier": "123",
            "email_domains": "",
        },
    )

    assert "Companies House number" in response.context["form"].errors["identifier"][0]


def test_organisations_with_the_email_domain_are_suggested_first(client, db):
    matching = OrganisationFactory(name="Brookvale Homes", domains=["brookvale.example.org.uk"])
    OrganisationFactory(name="Another Homes")
    client.force_login(UserFactory(email="jo@housing.brookvale.example.org.uk"))

    response = client.get(reverse("community:organisation_choose"))

    assert response.context["suggestions"] == [matching]
    assert "Another Homes" not in response.content.decode()


def test_searching_finds_an_organisation_by_identifier(client, user):
    organisation = OrganisationFactory(identifier="L4390")
    client.force_login(user)

    response = client.get(reverse("community:organisation_choose"), {"q": "l4390"})

    assert response.context["results"] == [organisation]


def test_choosing_an_organisation_returns_to_the_next_page(client, user, group):
    organisation = OrganisationFactory()
    client.force_login(user)
    join_url = reverse("community:join_request_create", args=[group.slug])

    response = client.post(
        reverse("community:organisation_choose") + f"?q={organisation.identifier}",
        {"organisation": organisation.pk, "next": join_url},
    )

    assert response["Location"] == join_url
    user.refresh_from_db()
    assert user.organisation == organisation


def test_an_unsafe_next_address_is_ignored(client, user):
    organisation = OrganisationFactory()
    client.force_login(user)

    response = client.post(
        reverse("community:organisation_choose") + f"?q={organisation.identifier}",
        {"organisation": organisation.pk, "next": "https://evil.example.com/"},
    )

    assert response["Location"] == reverse("account_overview")


def test_the_account_page_shows_organisation_groups_requests_and_invitations(client, group):
    membership = MembershipFactory(role=MembershipRole.CONVENER)
    person = membership.user
    JoinRequestFactory(group=group, user=person)
    invitation = InvitationFactory(email=person.email)
    client.force_login(person)

    page = client.get(reverse("account_overview")).content.decode()

    assert person.organisation.name in page
    assert membership.group.name in page
    assert reverse("community:group_manage", args=[membership.group.slug]) in page
    assert "Requests waiting for a decision" in page
    assert invitation.get_absolute_url() in page
    assert reverse("account_change_password") in page


def test_an_anonymous_invitee_is_asked_to_sign_in_or_sign_up(client, db):
    invitation = InvitationFactory()

    page = client.get(invitation.get_absolute_url()).content.decode()

    assert reverse("account_login") in page
    assert reverse("account_signup") in page


def test_the_invitee_accepts_and_lands_on_the_group_page(client, db):
    invitee = MemberUserFactory(email="jo@example.org")
    invitation = InvitationFactory(email="jo@example.org")
    client.force_login(invitee)

    response = client.post(invitation.get_absolute_url(), follow=True)

    assert response.redirect_chain[-1][0] == invitation.group.get_absolute_url()
    assert f"You are now a member of {invitation.group.name}" in _messages(response)


def test_accepting_with_another_address_shows_the_problem(client, db):
    invitation = InvitationFactory(email="jo@example.org")
    client.force_login(UserFactory(email="sam@example.org"))

    response = client.post(invitation.get_absolute_url())

    page = response.content.decode()
    assert "There is a problem" in page
    assert "not to the address you signed in with" in page


def test_an_expired_invitation_says_so(client, db):
    invitation = InvitationFactory(expired=True)

    page = client.get(invitation.get_absolute_url()).content.decode()

    assert "This invitation expired" in page


def test_an_unknown_invitation_link_is_not_found(client, db):
    response = client.get(reverse("community:invitation_detail", args=["not-a-token"]))

    assert response.status_code == 404


def test_appointing_someone_without_an_account_is_refused(client, group, steward):
    client.force_login(steward)

    response = client.post(
        reverse("community:convener_appoint", args=[group.slug]),
        {"email": "nobody@example.org", "reason": ""},
    )

    assert "No one has an account" in response.context["form"].errors["email"][0]


def test_the_steward_page_lists_organisations_to_verify(client, steward):
    waiting = OrganisationFactory(unverified=True, name="Harbourside Community Housing")
    OrganisationFactory(name="Already verified")
    client.force_login(steward)

    page = client.get(reverse("community:steward_overview")).content.decode()

    assert waiting.name in page
    assert "Already verified" not in page
