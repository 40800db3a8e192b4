"""Stewards can look up proposals in the Wagtail admin, read-only."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from community.permissions import STEWARDS_GROUP
from tests.community.factories import UserFactory


@pytest.fixture
def admin_client(client, steward):
    group = Group.objects.get(name=STEWARDS_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(steward)
    return client


@pytest.mark.parametrize(
    "url_name", ["standards_proposals:index", "standards_proposal_events:index"]
)
def test_stewards_open_the_proposal_admin_pages(admin_client, url_name):
    assert admin_client.get(reverse(url_name)).status_code == 200


def test_stewards_cannot_add_a_proposal_in_the_admin(admin_client):
    response = admin_client.get(reverse("standards_proposals:add"))

    assert response.status_code in (302, 403)


def test_people_who_are_not_stewards_cannot_open_the_proposal_admin(client, db):
    editor = UserFactory()
    editors = Group.objects.create(name="Editors for this test")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)

    response = client.get(reverse("standards_proposals:index"))

    assert response.status_code in (302, 403)
