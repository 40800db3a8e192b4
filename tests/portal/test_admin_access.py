"""Signed-in people who may not use the Wagtail admin get a 403 page, not a redirect loop."""

import pytest
from django.contrib.auth.models import Permission

from tests.community.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_signed_in_person_without_admin_access_gets_a_govuk_403_page(client, user, home_page):
    client.force_login(user)

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert response.redirect_chain == []
    assert "You do not have permission to view this page" in response.text
    assert "govuk-template" in response.text


def test_deeper_admin_pages_are_refused_the_same_way(client, user, home_page):
    client.force_login(user)

    response = client.get("/admin/pages/")

    assert response.status_code == 403


def test_an_anonymous_visitor_is_still_sent_to_sign_in(client, db):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_someone_with_admin_access_reaches_the_admin(client, home_page):
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 200
