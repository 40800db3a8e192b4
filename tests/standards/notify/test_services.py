"""What publication, withdrawal and decisions send: emails to watchers and included proposals'
authors, and Standard Webhooks events to subscribed endpoints, only after commit."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook

from standards.choices import ProposalStatus
from standards.models import (
    DeliveryStatus,
    Release,
    ReleaseProposal,
    StandardWatch,
    WebhookDelivery,
)
from standards.notify import services as notifications
from standards.versions.services import version_withdraw
from tests.community.factories import UserFactory
from tests.standards.factories import ProposalRowFactory, build_standard
from tests.standards.webhook_helpers import (  # noqa: F401 - fixtures
    dns_fixture,
    site_endpoint,
    transport_fixture,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dns", "transport")]


@pytest.fixture
def catalogue(steward):
    return build_standard(steward=steward)


@pytest.fixture
def release(catalogue, steward):
    """A release of 1.1.0 with two accepted proposals."""
    # Publication (with four eyes) made the release; give it what these tests read.
    release, _created = Release.objects.update_or_create(
        version=catalogue.v2,
        defaults={
            "base_version": catalogue.v1,
            "notes": "Adds dates.",
            "impact": "minor",
            "built_by": steward,
            "draft_fingerprint": "x" * 64,
            "standard": catalogue.standard,
            "status": "published",
        },
    )
    for position, title in enumerate(["Report dates", "Survey damp"], start=1):
        proposal = ProposalRowFactory(
            base_version=catalogue.v1, status=ProposalStatus.RELEASED, title=title
        )
        ReleaseProposal.objects.create(release=release, proposal=proposal, position=position)
    return release


def _published(version, capture):
    with capture(execute=True), transaction.atomic():
        notifications.version_published(version)


def test_publication_emails_watchers_and_authors_one_message_each(
    catalogue, release, django_capture_on_commit_callbacks
):
    watcher = UserFactory()
    StandardWatch.objects.create(standard=catalogue.standard, user=watcher)
    StandardWatch.objects.create(standard=catalogue.standard, user=UserFactory(is_active=False))
    authors = [entry.proposal.author for entry in release.entries.all()]
    # A watcher who also wrote a proposal gets one email, not two.
    StandardWatch.objects.create(standard=catalogue.standard, user=authors[0])

    _published(catalogue.v2, django_capture_on_commit_callbacks)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [watcher.email, *(author.email for author in authors)]
    )
    assert all(len(message.to) == 1 for message in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == "Damp and mould 1.1.0 is published"
    assert "It is a minor change." in message.body
    assert "Report dates" in message.body
    assert "http://testserver/standards/damp-and-mould/1.1.0/" in message.body
    assert "http://testserver/standards/damp-and-mould/changelog/" in message.body


def test_publication_sends_a_signed_version_published_event(
    steward, catalogue, release, transport, django_capture_on_commit_callbacks
):
    endpoint = site_endpoint(steward)
    site_endpoint(steward, event_types=["proposal.accepted"])

    _published(catalogue.v2, django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    assert delivery.endpoint == endpoint
    assert delivery.status == DeliveryStatus.SUCCEEDED
    [call] = transport.calls
    body = Webhook(endpoint.secret).verify(call["body"], call["headers"])
    assert body["type"] == "version.published"
    assert body["timestamp"] == catalogue.v2.published_at.isoformat()
    data = body["data"]
    assert data["standard"] == {
        "slug": "damp-and-mould",
        "name": "Damp and mould",
        "url": "http://testserver/standards/damp-and-mould/",
        "api_url": "http://testserver/api/v1/standards/damp-and-mould",
    }
    assert data["version"] == "1.1.0"
    assert data["status"] == "published"
    assert data["impact"] == "minor"
    assert data["proposals"] == [entry.proposal.reference for entry in release.entries.all()]
    assert data["url"] == "http://testserver/standards/damp-and-mould/1.1.0/"
    assert data["changelog_url"] == "http://testserver/standards/damp-and-mould/changelog/"
    assert data["bundle_url"].endswith("/1.1.0/bundle.schema.json")
    assert data["api_url"] == "http://testserver/api/v1/standards/damp-and-mould/versions/1.1.0"


def test_the_version_event_points_at_the_api_answer_for_that_version(
    client, steward, catalogue, transport, django_capture_on_commit_callbacks
):
    endpoint = site_endpoint(steward)
    _published(catalogue.v2, django_capture_on_commit_callbacks)
    body = Webhook(endpoint.secret).verify(
        transport.calls[0]["body"], transport.calls[0]["headers"]
    )

    answer = client.get(body["data"]["api_url"].removeprefix("http://testserver"))

    assert answer.status_code == 200
    assert answer.json()["number"] == body["data"]["version"]


def test_without_a_release_the_impact_comes_from_the_diff(
    steward, catalogue, transport, django_capture_on_commit_callbacks
):
    site_endpoint(steward)
    _published(catalogue.v2, django_capture_on_commit_callbacks)
    [call] = transport.calls
    assert '"impact":"minor"' in call["body"]
    assert '"proposals":[]' in call["body"]


def test_withdrawal_emails_and_sends_version_withdrawn(
    steward, catalogue, transport, django_capture_on_commit_callbacks
):
    watcher = UserFactory()
    StandardWatch.objects.create(standard=catalogue.standard, user=watcher)
    endpoint = site_endpoint(steward, event_types=["version.withdrawn"])
    version = version_withdraw(actor=steward, version=catalogue.v1, reason="Wrong codes")

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notifications.version_withdrawn(version)

    [message] = mail.outbox
    assert message.to == [watcher.email]
    assert message.subject == "Damp and mould 1.0.0 is withdrawn"
    assert "Reason given: Wrong codes" in message.body
    body = Webhook(endpoint.secret).verify(
        transport.calls[0]["body"], transport.calls[0]["headers"]
    )
    assert body["type"] == "version.withdrawn"
    assert body["data"]["status"] == "withdrawn"
    assert body["data"]["withdrawn_reason"] == "Wrong codes"


@pytest.mark.parametrize("status", [ProposalStatus.ACCEPTED, ProposalStatus.REJECTED])
def test_a_decision_sends_proposal_accepted_or_rejected(
    steward, catalogue, transport, status, django_capture_on_commit_callbacks
):
    endpoint = site_endpoint(steward, event_types=[f"proposal.{status}"])
    proposal = ProposalRowFactory(
        base_version=catalogue.v2, status=status, closed_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notifications.proposal_decided(proposal)

    body = Webhook(endpoint.secret).verify(
        transport.calls[0]["body"], transport.calls[0]["headers"]
    )
    assert body["type"] == f"proposal.{status}"
    assert body["data"]["reference"] == proposal.reference
    assert body["data"]["title"] == proposal.title
    assert body["data"]["result"] == status
    assert body["data"]["url"] == f"http://testserver{proposal.get_absolute_url()}"
    assert body["data"]["api_url"] == (
        f"http://testserver/api/v1/standards/damp-and-mould/proposals/{proposal.reference}"
    )


def test_nothing_is_sent_when_the_transaction_rolls_back(
    steward, catalogue, transport, django_capture_on_commit_callbacks
):
    site_endpoint(steward)
    StandardWatch.objects.create(standard=catalogue.standard, user=UserFactory())

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notifications.version_published(catalogue.v2)
                raise RuntimeError("publication failed")
        except RuntimeError:
            pass

    assert callbacks == []
    assert mail.outbox == []
    assert transport.calls == []
    assert not WebhookDelivery.objects.exists()
