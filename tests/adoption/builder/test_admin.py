"""Stewards edit the requirement texts in the Wagtail admin; nobody else can."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from adoption.models import RequirementTemplate
from community.permissions import STEWARDS_GROUP
from tests.community.factories import UserFactory


def _with_admin_access(group: Group) -> None:
    group.permissions.add(Permission.objects.get(codename="access_admin"))


@pytest.fixture
def steward_client(client, steward):
    _with_admin_access(Group.objects.get(name=STEWARDS_GROUP))
    client.force_login(steward)
    return client


@pytest.fixture
def sharing():
    return RequirementTemplate.objects.get(key="documentation-sharing")


def form_data(template: RequirementTemplate, **changes) -> dict:
    data = {
        "key": template.key,
        "section": template.section,
        "strength": template.strength,
        "body": template.body,
        "applies_to": template.applies_to,
        "min_access_level": template.min_access_level or "",
        "max_access_level": template.max_access_level or "",
        "sort_order": template.sort_order,
        "active": "on" if template.active else "",
        **changes,
    }
    return {key: value for key, value in data.items() if value != ""}


def test_stewards_list_and_open_requirement_templates(steward_client, sharing):
    listing = steward_client.get(reverse("adoption_requirements:index"))
    edit = steward_client.get(reverse("adoption_requirements:edit", args=[sharing.pk]))

    assert listing.status_code == 200
    assert "documentation-sharing" in listing.content.decode()
    assert edit.status_code == 200
    assert "{standard_version}" in edit.content.decode()


def test_a_steward_edit_is_saved_with_history(steward_client, steward, sharing):
    body = "The supplier MUST let the organisation share {standard_version} documentation."

    response = steward_client.post(
        reverse("adoption_requirements:edit", args=[sharing.pk]), form_data(sharing, body=body)
    )

    assert response.status_code == 302
    sharing.refresh_from_db()
    assert sharing.body == body
    record = sharing.history.first()
    assert record.history_user == steward
    history = steward_client.get(reverse("adoption_requirements:history", args=[sharing.pk]))
    assert history.status_code == 200
    assert "Changed body" in history.content.decode()


def test_the_admin_refuses_an_unknown_placeholder_and_keeps_the_text(steward_client, sharing):
    body = "The supplier MUST honour {secret_key}."

    response = steward_client.post(
        reverse("adoption_requirements:edit", args=[sharing.pk]), form_data(sharing, body=body)
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Remove the placeholder {secret_key}" in html
    assert "The supplier MUST honour {secret_key}." in html
    sharing.refresh_from_db()
    assert "secret_key" not in sharing.body


def test_stewards_add_a_requirement(steward_client, sharing):
    response = steward_client.post(
        reverse("adoption_requirements:add"),
        form_data(
            sharing, key="exit-plan", section="exit", body="The supplier SHOULD agree an exit plan."
        )
        | {"strength": "should"},
    )

    assert response.status_code == 302
    assert RequirementTemplate.objects.filter(key="exit-plan", strength="should").exists()


def test_stewards_cannot_delete_requirements(steward_client, sharing):
    response = steward_client.post(reverse("adoption_requirements:delete", args=[sharing.pk]))

    assert response.status_code in (302, 403)
    assert RequirementTemplate.objects.filter(pk=sharing.pk).exists()


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_people_who_are_not_stewards_cannot_edit_requirements(client, db, who, sharing):
    if who == "editor":
        editor = UserFactory()
        editors = Group.objects.create(name="Editors for this test")
        _with_admin_access(editors)
        editor.groups.add(editors)
        client.force_login(editor)

    listing = client.get(reverse("adoption_requirements:index"))
    edit = client.post(
        reverse("adoption_requirements:edit", args=[sharing.pk]),
        form_data(sharing, body="The supplier MUST do anything."),
    )

    assert listing.status_code in (302, 403)
    assert edit.status_code in (302, 403)
    sharing.refresh_from_db()
    assert sharing.body != "The supplier MUST do anything."
