"""Webhook pages: the permission matrix of every view, the secret shown once, the form's
errors, the delivery log, and query counts. Nothing is delivered: ``transport`` records."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from standards.models import WebhookDelivery, WebhookEndpoint
from standards.webhooks.services import delivery_attempt, endpoint_create, event_queue
from tests.community.factories import (
    AffiliationConfirmationFactory,
    ConvenerFactory,
    MemberUserFactory,
    OrganisationFactory,
    StewardFactory,
    UserFactory,
)
from tests.standards.factories import StandardFactory
from tests.standards.webhook_helpers import (  # noqa: F401 - fixtures
    PUBLIC_URL,
    dns_fixture,
    site_endpoint,
    transport_fixture,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dns", "transport")]

WHO = [
    "anonymous",
    "signed_in",
    "convener",
    "other_member",
    "self_declared",
    "confirmed",
    "member",
    "steward",
]


@pytest.fixture
def people():
    organisation = OrganisationFactory(domains=["members.example.org.uk"])
    return {
        "anonymous": None,
        "signed_in": UserFactory(),
        "convener": ConvenerFactory().user,
        "other_member": MemberUserFactory(),
        # Chose the organisation, verified their address, but it is elsewhere: self-declared,
        # so they act for nothing (ADR 0016).
        "self_declared": UserFactory(email="x@evil.example", organisation=organisation),
        # The same, but a steward confirmed that they work there.
        "confirmed": AffiliationConfirmationFactory(
            person=UserFactory(email="y@elsewhere.example", organisation=organisation)
        ).person,
        "member": MemberUserFactory(organisation=organisation),
        "steward": StewardFactory(),
    }


@pytest.fixture
def endpoint(people):
    member = people["member"]
    return endpoint_create(
        actor=member,
        url=PUBLIC_URL,
        description="Our housing system",
        event_types=["version.published"],
        organisation=member.organisation,
    )


def _login(client, person):
    if person is not None:
        client.force_login(person)


def _url(name, endpoint=None):
    return reverse(f"standards:{name}", kwargs={"pk": endpoint.pk} if endpoint else {})


# The permission matrix ---------------------------------------------------------------------------

# For the organisation's endpoint: owners (its members and stewards) see it; everyone else who
# is signed in gets a 404, so its address does not leak; anonymous people are sent to sign in.
ENDPOINT_ACCESS = {
    "anonymous": 302,
    "signed_in": 404,
    "convener": 404,
    "other_member": 404,
    "self_declared": 404,
    "confirmed": 200,
    "member": 200,
    "steward": 200,
}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(
    ("name", "method", "ok"),
    [
        ("webhook_detail", "get", 200),
        ("webhook_delete", "get", 200),
        ("webhook_test", "post", 302),
        ("webhook_disable", "post", 302),
        ("webhook_enable", "post", 302),
        ("webhook_delete", "post", 302),
    ],
)
def test_endpoint_views_permission_matrix(client, people, endpoint, who, name, method, ok):
    _login(client, people[who])
    response = getattr(client, method)(_url(name, endpoint))
    expected = ENDPOINT_ACCESS[who]
    if expected == 200:
        assert response.status_code == ok
    elif expected == 302:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 404
    still_there = WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
    assert still_there == (name != "webhook_delete" or method == "get" or expected != 200)


# People who act for an organisation (its members, the convener and the other member, each
# proven by their email domain) or stewards. Choosing an organisation is not enough.
LIST_ACCESS = {
    "anonymous": 302,
    "signed_in": 403,
    "convener": 200,
    "other_member": 200,
    "self_declared": 403,
    "confirmed": 200,
    "member": 200,
    "steward": 200,
}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", ["webhook_list", "webhook_create"])
def test_list_and_register_permission_matrix(client, people, endpoint, who, name):
    _login(client, people[who])
    response = client.get(_url(name))
    assert response.status_code == LIST_ACCESS[who]
    if name == "webhook_list" and response.status_code == 200:
        # Stewards see every endpoint; members only their organisation's.
        assert (PUBLIC_URL in response.text) == (who in {"member", "confirmed", "steward"})


def test_only_stewards_are_offered_site_endpoints(client, people):
    client.force_login(people["member"])
    assert people["member"].organisation.name in client.get(_url("webhook_create")).text
    client.force_login(people["steward"])
    assert "Data team" in client.get(_url("webhook_create")).text


# Registering and the secret ------------------------------------------------------------------


def _form(**overrides):
    return {
        "url": PUBLIC_URL,
        "description": "Our system",
        "event_types": ["version.published", "version.withdrawn"],
        "standard": "",
        **overrides,
    }


def test_a_member_registers_and_sees_the_secret_once(client, people):
    member = people["member"]
    client.force_login(member)
    standard = StandardFactory()

    response = client.post(_url("webhook_create"), _form(standard=standard.pk))

    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("webhook_created", endpoint)
    assert endpoint.organisation == member.organisation
    assert endpoint.standard == standard
    assert endpoint.event_types == ["version.published", "version.withdrawn"]

    shown = client.get(_url("webhook_created", endpoint))
    assert shown.status_code == 200
    assert endpoint.secret in shown.text
    assert shown["Cache-Control"] == "no-store"

    again = client.get(_url("webhook_created", endpoint))
    assert again.status_code == 302
    assert again["Location"] == _url("webhook_detail", endpoint)
    detail = client.get(_url("webhook_detail", endpoint))
    assert endpoint.secret not in detail.text
    assert f"…{endpoint.secret[-4:]}" in detail.text
    listing = client.get(_url("webhook_list"))
    assert endpoint.secret not in listing.text
    assert f"…{endpoint.secret[-4:]}" in listing.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": ""}, "Enter the endpoint address"),
        ({"event_types": []}, "Select at least one event to send"),
        ({"event_types": ["version.deleted"]}, "Select events from the list"),
        ({"url": "http://hooks.example.com/"}, "Enter an address that starts with https://"),
        ({"url": "https://10.0.0.1/hook"}, "is a private or reserved address"),
        ({"url": "https://nowhere.example.com/"}, "We could not find nowhere.example.com"),
    ],
)
def test_register_form_errors(client, settings, steward, data, message):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    client.force_login(steward)
    response = client.post(_url("webhook_create"), _form(**data))
    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text
    assert not WebhookEndpoint.objects.exists()


# The delivery log and actions ----------------------------------------------------------------


def test_the_detail_page_shows_deliveries_and_attempts(client, steward, transport):
    endpoint = site_endpoint(steward)
    transport.statuses = [500, 200]
    for n in range(3):
        [delivery] = event_queue(
            event_type="version.published",
            body={"type": "version.published", "timestamp": "t", "data": {}},
            standard_id=None,
            message_id=f"msg_{n}",
        )
        delivery_attempt(delivery_id=delivery.pk)
    client.force_login(steward)
    response = client.get(_url("webhook_detail", endpoint))
    assert response.status_code == 200
    assert "The endpoint answered 500" in response.text
    assert "Failed, will retry" in response.text
    assert "Delivered" in response.text
    assert "msg_2" in response.text


def test_a_retry_whose_time_has_passed_says_it_is_due_not_a_time_gone_by(
    client, steward, transport
):
    endpoint = site_endpoint(steward)
    transport.statuses = [500]
    [delivery] = event_queue(
        event_type="version.published",
        body={"type": "version.published", "timestamp": "t", "data": {}},
        standard_id=None,
        message_id="msg_late",
    )
    delivery_attempt(delivery_id=delivery.pk)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    client.force_login(steward)

    text = client.get(_url("webhook_detail", endpoint)).text

    assert "Next attempt due now" in text


def test_detail_and_list_run_a_fixed_number_of_queries(
    client, steward, transport, django_assert_max_num_queries
):
    endpoint = site_endpoint(steward)
    for n in range(30):
        [delivery] = event_queue(
            event_type="version.published",
            body={"type": "version.published", "timestamp": "t", "data": {}},
            standard_id=None,
            message_id=f"msg_{n}",
        )
        delivery_attempt(delivery_id=delivery.pk)
        site_endpoint(steward, standard=StandardFactory()) if n < 5 else None
    client.force_login(steward)
    with django_assert_max_num_queries(10):
        assert client.get(_url("webhook_detail", endpoint)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(_url("webhook_detail", endpoint) + "?page=2").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(_url("webhook_list")).status_code == 200


def test_send_test_event_queues_a_delivery(client, steward):
    endpoint = site_endpoint(steward)
    client.force_login(steward)
    response = client.post(_url("webhook_test", endpoint), follow=True)
    assert "We have sent a test event" in response.text
    assert WebhookDelivery.objects.get().event_type == "webhook.test"


def test_too_many_test_events_are_refused_with_when_to_try_again(client, steward, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "webhook_test_event": "1/m/key"}
    endpoint = site_endpoint(steward)
    client.force_login(steward)
    client.post(_url("webhook_test", endpoint))

    response = client.post(_url("webhook_test", endpoint), follow=True)

    assert "You have sent this endpoint several test events in a short time." in response.text
    assert "Try again in 1 minute" in response.text
    assert WebhookDelivery.objects.count() == 1


def test_disable_then_enable_from_the_page(client, steward):
    endpoint = site_endpoint(steward)
    client.force_login(steward)
    response = client.post(_url("webhook_disable", endpoint), follow=True)
    assert "The endpoint is disabled" in response.text
    assert "Enable" in response.text
    response = client.post(_url("webhook_test", endpoint), follow=True)
    assert "Enable the endpoint before sending it a test event" in response.text
    response = client.post(_url("webhook_enable", endpoint), follow=True)
    assert "The endpoint is enabled" in response.text
    assert WebhookEndpoint.objects.get().is_active


def test_delete_asks_first(client, steward):
    endpoint = site_endpoint(steward)
    client.force_login(steward)
    confirm = client.get(_url("webhook_delete", endpoint))
    assert "Are you sure you want to delete this endpoint?" in confirm.text
    response = client.post(_url("webhook_delete", endpoint))
    assert response["Location"] == _url("webhook_list")
    assert not WebhookEndpoint.objects.exists()


def test_actions_need_post(client, steward):
    endpoint = site_endpoint(steward)
    client.force_login(steward)
    for name in ["webhook_test", "webhook_disable", "webhook_enable"]:
        assert client.get(_url(name, endpoint)).status_code == 405
