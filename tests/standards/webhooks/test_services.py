"""Webhook services: registering endpoints, queueing events, delivery with retries and
backoff, disabling (410 Gone and repeated failures, with an email), and watching standards.

Deliveries go through ``FakeTransport``: nothing leaves the process.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from standardwebhooks import Webhook

from standards.changelog.services import standard_unwatch, standard_watch
from standards.exceptions import InvalidState, NotAllowed, RateLimited, StandardsError
from standards.models import (
    DeliveryStatus,
    StandardWatch,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEventType,
)
from standards.webhooks import http as webhooks
from standards.webhooks import services as services_webhooks
from standards.webhooks import services as webhooks_services
from standards.webhooks.services import (
    DISABLE_AFTER_FAILURES,
    TEST_EVENT,
    deliveries_due,
    delivery_attempt,
    endpoint_create,
    endpoint_delete,
    endpoint_disable,
    endpoint_enable,
    endpoint_send_test,
    event_queue,
)
from tests.community.factories import MemberUserFactory, OrganisationFactory, UserFactory
from tests.standards.factories import StandardFactory
from tests.standards.webhook_helpers import (  # noqa: F401 - fixtures
    PUBLIC_URL,
    dns_fixture,
    site_endpoint,
    transport_fixture,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dns", "transport")]


def _event(standard_id=None, event_type="version.published", message_id="msg_1"):
    body = {"type": event_type, "timestamp": timezone.now().isoformat(), "data": {"x": 1}}
    return event_queue(
        event_type=event_type, body=body, standard_id=standard_id, message_id=message_id
    )


# Registering -------------------------------------------------------------------------------------


def test_a_steward_registers_a_site_endpoint_with_a_fresh_secret(steward):
    endpoint = site_endpoint(steward, event_types=["version.published", "version.published"])
    assert endpoint.organisation is None
    assert endpoint.event_types == ["version.published"]
    assert endpoint.secret.startswith("whsec_")
    assert endpoint.created_by == steward
    assert endpoint.history.get().history_user == steward
    # The history never keeps the secret.
    assert not hasattr(endpoint.history.get(), "secret")


def test_a_member_registers_for_their_own_organisation_only():
    member = MemberUserFactory()
    endpoint = endpoint_create(
        actor=member,
        url=PUBLIC_URL,
        description="",
        event_types=["proposal.accepted"],
        organisation=member.organisation,
    )
    assert endpoint.organisation == member.organisation
    with pytest.raises(NotAllowed, match="only for your own organisation"):
        endpoint_create(
            actor=member,
            url=PUBLIC_URL,
            description="",
            event_types=["proposal.accepted"],
            organisation=OrganisationFactory(),
        )
    with pytest.raises(NotAllowed, match="Only stewards"):
        endpoint_create(
            actor=member, url=PUBLIC_URL, description="", event_types=["proposal.accepted"]
        )


def test_a_member_without_a_verified_email_cannot_register():
    member = MemberUserFactory(verified=False)
    with pytest.raises(NotAllowed):
        endpoint_create(
            actor=member,
            url=PUBLIC_URL,
            description="",
            event_types=["proposal.accepted"],
            organisation=member.organisation,
        )


@pytest.mark.parametrize(
    ("event_types", "message"),
    [([], "Select at least one event"), (["version.deleted"], "Select events from the list")],
)
def test_event_types_are_checked(steward, event_types, message):
    with pytest.raises(StandardsError, match=message):
        endpoint_create(actor=steward, url=PUBLIC_URL, description="", event_types=event_types)


def test_a_private_address_is_refused_at_registration(steward, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(webhooks.UnsafeAddress):
        site_endpoint(steward, url="https://169.254.169.254/")
    assert not WebhookEndpoint.objects.exists()


# Queueing events ---------------------------------------------------------------------------------


def test_an_event_goes_to_active_subscribed_endpoints_of_that_standard_or_all(
    steward, transport, django_capture_on_commit_callbacks
):
    standard, other = StandardFactory(), StandardFactory()
    everything = site_endpoint(steward)
    this_standard = site_endpoint(steward, standard=standard)
    site_endpoint(steward, standard=other)
    site_endpoint(steward, event_types=["proposal.accepted"])
    disabled = site_endpoint(steward)
    endpoint_disable(actor=steward, endpoint=disabled, reason="Testing")

    with django_capture_on_commit_callbacks(execute=True):
        deliveries = _event(standard_id=standard.pk)

    assert {delivery.endpoint for delivery in deliveries} == {everything, this_standard}
    assert len(transport.calls) == 2
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.SUCCEEDED).count() == 2
    # The same event again adds nothing.
    assert _event(standard_id=standard.pk) == []


def test_nothing_is_sent_inside_the_transaction(steward, transport):
    site_endpoint(steward)
    _event()
    assert transport.calls == []
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING


# Delivering ----------------------------------------------------------------------------------


def test_a_delivery_is_signed_and_logged(steward, transport):
    endpoint = site_endpoint(steward)
    [delivery] = _event()

    delivery = delivery_attempt(delivery_id=delivery.pk)

    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.delivered_at is not None
    [call] = transport.calls
    assert call["target"].host == "hooks.example.com"
    assert Webhook(endpoint.secret).verify(call["body"], call["headers"])["data"] == {"x": 1}
    attempt = WebhookAttempt.objects.get()
    assert (attempt.status_code, attempt.error) == (200, "")
    # Finished deliveries are never sent again.
    assert delivery_attempt(delivery_id=delivery.pk) is None
    assert len(transport.calls) == 1


def test_failures_retry_with_backoff_then_give_up(steward, transport):
    endpoint = site_endpoint(steward)
    [delivery] = _event()
    transport.statuses = [500] * webhooks.MAX_ATTEMPTS
    expected = [
        timedelta(seconds=5),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=5),
        timedelta(hours=10),
        timedelta(hours=24),
    ]
    for attempt, delay in enumerate(expected, start=1):
        before = timezone.now()
        delivery = delivery_attempt(delivery_id=delivery.pk)
        assert delivery.status == DeliveryStatus.FAILED
        assert delivery.attempts == attempt
        assert before + delay <= delivery.next_attempt_at <= timezone.now() + delay
        # Not due yet: a second try now does nothing.
        assert delivery_attempt(delivery_id=delivery.pk) is None
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())

    delivery = delivery_attempt(delivery_id=delivery.pk)

    assert delivery.status == DeliveryStatus.GAVE_UP
    assert delivery.attempts == webhooks.MAX_ATTEMPTS
    assert delivery.next_attempt_at is None
    assert delivery.attempt_log.count() == webhooks.MAX_ATTEMPTS
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == webhooks.MAX_ATTEMPTS
    assert endpoint.is_active
    assert mail.outbox == []


def test_a_timeout_is_a_failure(steward, transport):
    site_endpoint(steward)
    transport.statuses = [None]
    [delivery] = _event()
    delivery = delivery_attempt(delivery_id=delivery.pk)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempt_log.get().error == "No answer within 10 seconds"


def test_410_gone_disables_the_endpoint_and_emails_its_creator(
    steward, transport, django_capture_on_commit_callbacks
):
    endpoint = site_endpoint(steward)
    transport.statuses = [410]
    [delivery] = _event()

    with django_capture_on_commit_callbacks(execute=True):
        delivery = delivery_attempt(delivery_id=delivery.pk)

    endpoint.refresh_from_db()
    assert delivery.status == DeliveryStatus.GAVE_UP
    assert not endpoint.is_active
    assert endpoint.disabled_at is not None
    [message] = mail.outbox
    assert message.to == [steward.email]
    assert "Webhook endpoint disabled" in message.subject
    assert "410 Gone" in message.body
    assert f"/standards/webhooks/{endpoint.pk}/" in message.body
    # A disabled endpoint gets nothing, not even what is due.
    _event(message_id="msg_2")
    assert deliveries_due() == []


def test_repeated_failures_disable_the_endpoint_with_an_email(
    steward, transport, django_capture_on_commit_callbacks
):
    endpoint = site_endpoint(steward)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=DISABLE_AFTER_FAILURES - 1
    )
    transport.statuses = [503]
    [delivery] = _event()

    with django_capture_on_commit_callbacks(execute=True):
        delivery_attempt(delivery_id=delivery.pk)

    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert endpoint.disabled_reason == f"{DISABLE_AFTER_FAILURES} attempts in a row failed"
    assert len(mail.outbox) == 1
    # Disabled: the retry waits, and is not attempted.
    assert delivery_attempt(delivery_id=delivery.pk) is None


def test_a_success_resets_the_failure_count(steward, transport):
    endpoint = site_endpoint(steward)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=5)
    [delivery] = _event()
    delivery_attempt(delivery_id=delivery.pk)
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0


def test_the_command_retries_due_deliveries(steward, transport, capsys):
    site_endpoint(steward)
    transport.statuses = [500]
    [delivery] = _event()
    delivery_attempt(delivery_id=delivery.pk)
    call_command("deliver_webhooks")
    assert "Attempted 0 deliveries." in capsys.readouterr().out

    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    call_command("deliver_webhooks")

    assert "Attempted 1 delivery." in capsys.readouterr().out
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.attempts == 2


def test_a_deferring_backend_schedules_the_retry(
    steward, transport, monkeypatch, django_capture_on_commit_callbacks
):

    scheduled = []

    class Backend:
        supports_defer = True

    class Deferred:
        def __init__(self, run_after):
            self.run_after = run_after

        def enqueue(self, delivery_id):
            scheduled.append((self.run_after, delivery_id))

    monkeypatch.setattr(services_webhooks, "default_task_backend", Backend())
    monkeypatch.setattr(
        webhooks_services.deliver_webhook.__class__,
        "using",
        lambda self, run_after=None, **kwargs: Deferred(run_after),
    )
    site_endpoint(steward)
    transport.statuses = [500]
    [delivery] = _event()

    with django_capture_on_commit_callbacks(execute=True):
        delivery = delivery_attempt(delivery_id=delivery.pk)

    assert scheduled == [(delivery.next_attempt_at, delivery.pk)]


# Managing endpoints ----------------------------------------------------------------------------


def test_disable_enable_and_delete(steward):
    endpoint = site_endpoint(steward)
    assert endpoint_disable(actor=steward, endpoint=endpoint, reason="Maintenance")
    assert not endpoint_disable(actor=steward, endpoint=endpoint, reason="Again")
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=7)
    assert endpoint_enable(actor=steward, endpoint=endpoint)
    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.consecutive_failures, endpoint.disabled_reason) == (
        True,
        0,
        "",
    )
    endpoint_delete(actor=steward, endpoint=endpoint)
    assert not WebhookEndpoint.objects.exists()


def test_enabling_checks_the_address_again(steward, dns, settings):
    endpoint = site_endpoint(steward)
    endpoint_disable(actor=steward, endpoint=endpoint, reason="Maintenance")
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    dns.hosts["hooks.example.com"] = ["192.168.0.10"]
    with pytest.raises(webhooks.UnsafeAddress):
        endpoint_enable(actor=steward, endpoint=endpoint)


def test_only_owners_manage_an_endpoint(steward):
    member = MemberUserFactory()
    colleague = MemberUserFactory(organisation=member.organisation)
    theirs = endpoint_create(
        actor=member,
        url=PUBLIC_URL,
        description="",
        event_types=["version.published"],
        organisation=member.organisation,
    )
    site = site_endpoint(steward)
    assert endpoint_disable(actor=colleague, endpoint=theirs, reason="x")
    assert endpoint_enable(actor=steward, endpoint=theirs)
    for outsider, endpoint in [
        (UserFactory(), theirs),
        (MemberUserFactory(), theirs),
        (member, site),
    ]:
        with pytest.raises(NotAllowed):
            endpoint_disable(actor=outsider, endpoint=endpoint, reason="x")
        with pytest.raises(NotAllowed):
            endpoint_send_test(actor=outsider, endpoint=endpoint)
        with pytest.raises(NotAllowed):
            endpoint_delete(actor=outsider, endpoint=endpoint)


def test_a_test_event_goes_through_the_pipeline(
    steward, transport, django_capture_on_commit_callbacks
):
    endpoint = site_endpoint(steward)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = endpoint_send_test(actor=steward, endpoint=endpoint)
    delivery.refresh_from_db()
    assert delivery.event_type == TEST_EVENT
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert '"type":"webhook.test"' in transport.calls[0]["body"]
    endpoint_disable(actor=steward, endpoint=endpoint, reason="x")
    with pytest.raises(InvalidState, match="Enable the endpoint"):
        endpoint_send_test(actor=steward, endpoint=endpoint)


def test_test_events_are_limited_per_endpoint(steward, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "webhook_test_event": "2/10m/key"}
    endpoint = site_endpoint(steward)
    other = site_endpoint(steward, url="https://hooks.example.com/other")
    for _ in range(2):
        endpoint_send_test(actor=steward, endpoint=endpoint)

    with pytest.raises(RateLimited, match=r"Try again in 10 minutes$"):
        endpoint_send_test(actor=steward, endpoint=endpoint)
    assert WebhookDelivery.objects.filter(endpoint=endpoint).count() == 2
    # Another endpoint has its own allowance.
    assert endpoint_send_test(actor=steward, endpoint=other).endpoint == other


# Watching a standard ---------------------------------------------------------------------------


def test_watching_and_unwatching_a_standard(user):
    standard = StandardFactory()
    assert standard_watch(actor=user, standard=standard)
    assert not standard_watch(actor=user, standard=standard)
    assert StandardWatch.objects.filter(standard=standard, user=user).exists()
    assert standard_unwatch(actor=user, standard=standard)
    assert not standard_unwatch(actor=user, standard=standard)


def test_event_types_match_the_governance_list():
    assert set(WebhookEventType.values) == {
        "version.published",
        "version.withdrawn",
        "proposal.accepted",
        "proposal.rejected",
    }


# The demo endpoint -----------------------------------------------------------------------------


def test_the_demo_endpoint_loads_once_and_fails_quietly(
    settings, transport, django_capture_on_commit_callbacks
):
    from standards.demo import webhooks as demo_webhooks
    from standards.demo.catalogue import DEMO_STEWARD_EMAIL
    from tests.community.factories import StewardFactory

    assert demo_webhooks.load() is None
    steward = StewardFactory(email=DEMO_STEWARD_EMAIL)
    endpoint = demo_webhooks.load()
    assert demo_webhooks.load() == endpoint
    assert endpoint.url == "http://127.0.0.1:8765/webhooks"
    assert endpoint.created_by == steward
    assert endpoint.organisation is None
    assert set(endpoint.event_types) == set(WebhookEventType.values)
    # Nothing listens there: the attempt fails and waits for a retry, and nothing is raised.
    transport.statuses = [None]
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = _event()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.next_attempt_at is not None
