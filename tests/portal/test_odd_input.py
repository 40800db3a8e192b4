"""Odd input gets a page or a form error, never a 500, and creates nothing."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from community.models import User
from tests.community.factories import UserFactory
from tests.portal.factories import guidance_index, guidance_page

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase"
FORMAT_ERROR = "Enter an email address in the correct format, like name@example.com"


@pytest.mark.parametrize("query", ['"', 'repairs "data', "a\x00b", "\x00", "\x1b[31m", "NEAR("])
def test_site_search_with_full_text_syntax_or_control_characters_answers(client, home_page, query):
    guidance_page(parent=guidance_index(parent=home_page), slug="repairs", title="Repairs data")

    response = client.get("/search/", {"q": query})

    assert response.status_code == 200


def test_site_search_still_finds_words_typed_with_a_stray_quote(client, home_page):
    guidance_page(parent=guidance_index(parent=home_page), slug="repairs", title="Repairs data")

    response = client.get("/search/", {"q": '"repairs'})

    assert "1 result for ‘repairs’" in response.text


@pytest.mark.parametrize(
    "email",
    [
        '"a\x0cb"@example.org',
        '"<img src=x onerror=alert(1)>"@example.org',
        '"<meta http-equiv=refresh content=0;url=//evil.example>"@example.org',
        '"jo smith"@example.org',
        "jo\u200b@example.org",
    ],
)
def test_sign_up_refuses_quoted_or_control_character_addresses(client, email):
    response = client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [FORMAT_ERROR]
    assert not User.objects.exists()
    assert mail.outbox == []


def test_adding_a_quoted_email_address_is_refused(client):
    person = UserFactory()
    client.force_login(person)

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": '"<b>x</b>"@example.org'}
    )

    assert response.status_code == 200
    assert FORMAT_ERROR in response.text
    assert EmailAddress.objects.filter(user=person).count() == 1


def test_password_reset_for_a_control_character_address_is_a_form_error(client):
    response = client.post(reverse("account_reset_password"), {"email": '"a\x0cb"@example.org'})

    assert response.status_code == 200
    assert FORMAT_ERROR in response.text
    assert mail.outbox == []


def test_a_plain_work_address_is_still_accepted(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "jo.o'neil+data@housing.example.gov.uk",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    assert User.objects.filter(email="jo.o'neil+data@housing.example.gov.uk").exists()


def test_inviting_a_quoted_address_is_refused(client, steward, db):
    from tests.community.factories import WorkingGroupFactory

    group = WorkingGroupFactory()
    client.force_login(steward)

    response = client.post(
        reverse("community:invitation_create", args=[group.slug]),
        {"email": '"<img src=x>"@example.org', "message": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not group.invitations.exists()
