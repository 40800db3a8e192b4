"""Stewards manage the community in the Wagtail admin, through the same services."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from community.choices import EventKind, MembershipRole
from community.models import MembershipEvent, Organisation
from community.permissions import STEWARDS_GROUP
from tests.community.factories import OrganisationFactory, UserFactory


@pytest.fixture
def admin_client(client, steward):
    """A steward signed in, with the Wagtail admin access the editorial set-up grants stewards."""
    group = Group.objects.get(name=STEWARDS_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(steward)
    return client


@pytest.mark.parametrize(
    "url_name",
    [
        "community_organisations:index",
        "community_organisations:add",
        "community_groups:index",
        "community_groups:add",
        "community_memberships:index",
        "community_memberships:add",
        "community_events:index",
    ],
)
def test_stewards_open_the_community_admin_pages(admin_client, url_name):
    assert admin_client.get(reverse(url_name)).status_code == 200


def test_other_admin_users_cannot_open_the_community_admin(client, db):
    editor = UserFactory()
    editors = Group.objects.create(name="Editors for this test")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)

    response = client.get(reverse("community_organisations:index"))

    assert response.status_code in {302, 403}


def test_adding_an_organisation_in_the_admin_goes_through_the_service(admin_client, steward):
    response = admin_client.post(
        reverse("community_organisations:add"),
        {
            "name": "Keystone Housing Systems Ltd",
            "type": "technology_supplier",
            "identifier": "sc123456",
            "email_domains": "keystone.example.co.uk",
        },
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(identifier="SC123456")
    assert organisation.is_verified
    assert MembershipEvent.objects.filter(
        kind=EventKind.ORGANISATION_REGISTERED, organisation=organisation, actor=steward
    ).exists()


def test_a_duplicate_identifier_is_refused_in_the_admin(admin_client):
    OrganisationFactory(identifier="L4390")

    response = admin_client.post(
        reverse("community_organisations:add"),
        {"name": "Copy", "type": "housing_association", "identifier": "L4390"},
    )

    assert response.status_code == 200
    assert Organisation.objects.filter(identifier="L4390").count() == 1


def test_the_admin_refuses_to_demote_the_last_convener(admin_client, convener_membership):
    response = admin_client.post(
        reverse("community_memberships:edit", args=[convener_membership.pk]),
        {"role": "member", "reason": ""},
    )

    assert response.status_code == 200
    assert "only convener" in response.content.decode()
    convener_membership.refresh_from_db()
    assert convener_membership.role == MembershipRole.CONVENER


def test_the_admin_history_shows_simple_history_records(admin_client, steward):
    organisation = OrganisationFactory(name="Old name")
    admin_client.post(
        reverse("community_organisations:edit", args=[organisation.pk]),
        {
            "name": "New name",
            "type": organisation.type,
            "identifier": organisation.identifier,
            "email_domains": "",
        },
    )

    page = admin_client.get(
        reverse("community_organisations:history", args=[organisation.pk])
    ).content.decode()

    assert "Changed name" in page
    assert str(steward) in page
