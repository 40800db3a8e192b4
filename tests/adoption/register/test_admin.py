"""Stewards look through every declaration in the Wagtail admin; nothing is edited there."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from adoption.register import services
from community.permissions import STEWARDS_GROUP
from tests.adoption.factories import declare
from tests.community.factories import MemberUserFactory
from tests.standards.factories import publish_small_version


@pytest.fixture
def steward_client(client, steward):
    Group.objects.get(name=STEWARDS_GROUP).permissions.add(
        Permission.objects.get(codename="access_admin")
    )
    client.force_login(steward)
    return client


@pytest.fixture
def hidden(steward):
    version = publish_small_version(steward=steward)
    record = declare(version=version, keys=("work-order",), system_name="Made up")
    return services.adoption_hide(actor=steward, record=record, reason="Not real")


def test_stewards_list_inspect_and_see_history_of_hidden_declarations(steward_client, hidden):
    listing = steward_client.get(reverse("adoption_register:index"))
    inspect = steward_client.get(reverse("adoption_register:inspect", args=[hidden.pk]))
    history = steward_client.get(reverse("adoption_register:history", args=[hidden.pk]))

    assert listing.status_code == 200
    assert "Made up" in listing.content.decode()
    assert inspect.status_code == 200
    assert "Not real" in inspect.content.decode()
    assert history.status_code == 200


def test_the_admin_offers_no_editing(steward_client, hidden):
    assert steward_client.get(reverse("adoption_register:add")).status_code in (302, 403)
    edit = steward_client.get(reverse("adoption_register:edit", args=[hidden.pk]))
    assert edit.status_code in (302, 403)


def test_members_cannot_open_the_register_admin(client, hidden):
    client.force_login(MemberUserFactory())

    response = client.get(reverse("adoption_register:index"))

    assert response.status_code in (302, 403)
