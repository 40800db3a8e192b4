import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from community.models import User
from tests.community.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase"


def sign_up(client, email="new.person@council.gov.uk"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def sign_in(client, email, password=DEFAULT_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_up_sends_a_verification_email_and_does_not_sign_in(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@council.gov.uk"]
    assert "_auth_user_id" not in client.session


def test_following_the_verification_link_verifies_the_email(client):
    sign_up(client)
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body)

    client.post(link.group(1))

    assert EmailAddress.objects.get(email="new.person@council.gov.uk").verified


def test_a_verified_person_can_sign_in_with_email_and_password(client):
    person = UserFactory()

    response = sign_in(client, person.email)

    assert response.status_code == 302
    assert response.url == reverse("account_overview")
    assert int(client.session["_auth_user_id"]) == person.pk


def test_signing_in_with_an_unverified_email_is_refused_and_resends_verification(client):
    person = UserFactory(verified=False)
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)

    response = sign_in(client, person.email)

    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1


def test_a_wrong_password_shows_an_error_summary_and_keeps_the_email(client):
    person = UserFactory()

    response = sign_in(client, person.email, password="not-the-password")

    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "The email address and/or password you specified are not correct." in content
    assert f'value="{person.email}"' in content
    assert "<title>Error: " in content


def test_repeated_failed_sign_ins_are_rate_limited(client):
    person = UserFactory()
    for _ in range(5):
        sign_in(client, person.email, password="wrong-password")

    response = sign_in(client, person.email, password=DEFAULT_PASSWORD)

    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_email_is_the_only_identifier(client):
    response = client.get(reverse("account_signup"))

    content = response.content.decode()
    assert 'name="email"' in content
    assert 'name="username"' not in content
    assert User._meta.get_field("email").unique


def test_password_reset_sends_a_reset_link(client):
    person = UserFactory()

    response = client.post(reverse("account_reset_password"), {"email": person.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_password_reset_for_an_unknown_email_does_not_reveal_it(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")


def test_changing_email_adds_an_unverified_address_and_sends_verification(client):
    person = UserFactory()
    client.force_login(person)

    client.post(reverse("account_email"), {"action_add": "", "email": "moved@housing.org.uk"})

    new_address = EmailAddress.objects.get(email="moved@housing.org.uk")
    assert new_address.user == person
    assert not new_address.verified
    assert mail.outbox[-1].to == ["moved@housing.org.uk"]


def test_setting_up_two_factor_authentication_after_a_stale_sign_in_asks_for_the_password(client):
    client.force_login(UserFactory())

    response = client.get(reverse("mfa_activate_totp"))

    assert response.url.startswith(reverse("account_reauthenticate"))


@pytest.mark.parametrize("url_name", ["account_email", "account_change_password", "mfa_index"])
def test_account_management_pages_require_sign_in(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_two_factor_authentication_offers_an_authenticator_app_after_confirming_the_password(
    client,
):
    client.force_login(UserFactory())
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def test_wagtail_admin_sign_in_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/admin/"


def test_wagtail_admin_redirects_anonymous_people_to_allauth_sign_in(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_your_account_shows_the_signed_in_email(client):
    person = UserFactory()
    client.force_login(person)

    response = client.get(reverse("account_overview"))

    assert person.email in response.content.decode()
