"""Standard Webhooks, the low-level part: secrets, the SSRF guard, signing and sending.

The delivery test runs a receiving server on 127.0.0.1 and checks what it received with the
``standardwebhooks`` library's own verifier. Nothing is sent anywhere else.
"""

import base64
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from standards.models import DeliveryStatus, WebhookDelivery
from standards.webhooks import http as webhooks
from standards.webhooks.services import delivery_attempt, event_queue
from tests.standards.webhook_helpers import (  # noqa: F401 - fixtures
    PUBLIC_IP,
    FakeDNS,
    dns_fixture,
    site_endpoint,
)

# Secrets ---------------------------------------------------------------------------------------


def test_secret_is_whsec_and_32_random_bytes():
    secret = webhooks.secret_generate()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert webhooks.secret_generate() != secret


def test_secret_hint_shows_only_the_last_four_characters():
    assert webhooks.secret_hint("whsec_abcdefgh1234") == "…1234"


# Signing ---------------------------------------------------------------------------------------


def test_signed_headers_verify_with_the_library():
    secret = webhooks.secret_generate()
    body = webhooks.body_encode({"type": "version.published", "timestamp": "x", "data": {}})
    headers = webhooks.signed_headers(
        secret=secret, message_id="msg_1", timestamp=timezone.now(), body=body
    )
    assert set(headers) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    assert headers["webhook-signature"].startswith("v1,")
    assert Webhook(secret).verify(body, headers)["type"] == "version.published"
    with pytest.raises(WebhookVerificationError):
        Webhook(webhooks.secret_generate()).verify(body, headers)


# The retry schedule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attempts", "delay"),
    [
        (1, timedelta(seconds=5)),
        (2, timedelta(minutes=5)),
        (3, timedelta(minutes=30)),
        (4, timedelta(hours=2)),
        (5, timedelta(hours=5)),
        (6, timedelta(hours=10)),
        (7, timedelta(hours=24)),
        (12, timedelta(hours=24)),
    ],
)
def test_retry_delays_follow_the_standard_schedule(attempts, delay):
    assert webhooks.retry_delay(attempts) == delay


# The SSRF guard --------------------------------------------------------------------------------


@pytest.fixture
def no_loopback(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.1/hook",
        "https://192.168.1.20/hook",
        "https://172.16.0.5/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://127.0.0.1/hook",
        "https://[::1]/hook",
        "https://[fe80::1]/hook",
        "https://[fc00::1]/hook",
        "https://0.0.0.0/hook",
        "https://224.0.0.1/hook",
        "https://240.0.0.1/hook",
        "https://100.64.0.1/hook",
        "https://[::ffff:127.0.0.1]/hook",
    ],
)
def test_private_and_reserved_addresses_are_refused(no_loopback, url):
    with pytest.raises(webhooks.UnsafeAddress, match="private or reserved"):
        webhooks.address_check(url)


def test_a_host_resolving_to_loopback_is_refused(no_loopback, monkeypatch):
    monkeypatch.setattr(
        webhooks, "resolve", FakeDNS({"sneaky.example.com": [PUBLIC_IP, "127.0.0.1"]})
    )
    with pytest.raises(webhooks.UnsafeAddress, match=r"sneaky\.example\.com is a private"):
        webhooks.address_check("https://sneaky.example.com/hook")


def test_a_public_https_address_is_accepted_and_pinned(dns):
    target = webhooks.address_check("https://hooks.example.com/in?x=1")
    assert (target.scheme, target.host, target.port, target.path, target.address) == (
        "https",
        "hooks.example.com",
        443,
        "/in?x=1",
        PUBLIC_IP,
    )


def _url_of(address) -> str:
    host = f"[{address}]" if address.version == 6 else str(address)
    return f"https://{host}/hook"


def _ends_of(network) -> list:
    return sorted({network[0], network[-1], network[min(1, network.num_addresses - 1)]})


@pytest.mark.parametrize(
    "address",
    [
        pytest.param(address, id=f"{address} ({why})")
        for network, why in webhooks.REFUSED_RANGES
        for address in _ends_of(network)
    ],
)
def test_every_address_in_the_table_of_refused_ranges_is_refused(no_loopback, address):
    with pytest.raises(webhooks.UnsafeAddress, match="private or reserved"):
        webhooks.address_check(_url_of(address))


@pytest.mark.parametrize(
    "url",
    [
        "https://[fec0::1]/",  # site-local, which Python calls global
        "https://[::ffff:10.0.0.1]/",  # IPv4-mapped private
        "https://[::ffff:169.254.169.254]/",  # IPv4-mapped cloud metadata
        "https://[64:ff9b::10.0.0.1]/",  # NAT64 of a private address
        "https://[64:ff9b::127.0.0.1]/",  # NAT64 of loopback
        "https://[2002:a00:1::1]/",  # 6to4 of 10.0.0.1
        "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",  # Teredo
    ],
)
def test_ipv6_addresses_carrying_private_ones_are_refused(no_loopback, url):
    with pytest.raises(webhooks.UnsafeAddress, match="private or reserved"):
        webhooks.address_check(url)


@pytest.mark.parametrize(
    "url",
    [
        f"https://{PUBLIC_IP}/hook",
        "https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook",
        f"https://[64:ff9b::{PUBLIC_IP}]/hook",  # NAT64 of a public address
    ],
)
def test_public_addresses_are_accepted(no_loopback, url):
    assert webhooks.address_check(url).port == 443


@pytest.mark.parametrize("port", [22, 25, 80, 8443, 6379])
def test_ports_other_than_443_are_refused(no_loopback, dns, port):
    with pytest.raises(webhooks.UnsafeAddress, match="without a port number, or with port 443"):
        webhooks.address_check(f"https://hooks.example.com:{port}/hook")


def test_the_ports_setting_can_allow_another_port(no_loopback, dns, settings):
    settings.WEBHOOKS_ALLOWED_PORTS = [443, 8443]

    assert webhooks.address_check("https://hooks.example.com:8443/hook").port == 8443
    with pytest.raises(webhooks.UnsafeAddress, match="one of these ports: 443, 8443"):
        webhooks.address_check("https://hooks.example.com:22/hook")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://hooks.example.com/", "starts with https://"),
        ("ftp://hooks.example.com/", "starts with https://"),
        ("https:///nohost", "correct format"),
        ("https://user:pass@hooks.example.com/", "without a user name"),
        ("https://hooks.example.com:99999/", "correct format"),
        ("https://unknown.example.com/", "could not find unknown.example.com"),
    ],
)
def test_other_bad_addresses_are_refused(no_loopback, dns, url, message):
    with pytest.raises(webhooks.UnsafeAddress, match=message):
        webhooks.address_check(url)


def test_the_development_setting_allows_http_and_loopback_on_any_port(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    assert webhooks.address_check("http://127.0.0.1:8765/webhooks").address == "127.0.0.1"
    assert webhooks.address_check("https://[::1]:8443/webhooks").address == "::1"
    # Still only loopback: other private addresses stay refused.
    with pytest.raises(webhooks.UnsafeAddress):
        webhooks.address_check("http://10.0.0.1/hook")


# Delivering to a local receiving server ----------------------------------------------------------


class _Receiver(BaseHTTPRequestHandler):
    answers: list[int]
    received: list[dict]

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.received.append({"body": self.rfile.read(length), "headers": dict(self.headers)})
        status = self.answers.pop(0) if self.answers else 204
        self.send_response(status)
        if status in {301, 302, 307, 308}:
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    handler = type("Receiver", (_Receiver,), {"answers": [], "received": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server, handler
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _queue(endpoint, body=None):
    body = body or {
        "type": "version.published",
        "timestamp": timezone.now().isoformat(),
        "data": {"standard": {"slug": "damp-and-mould"}, "version": "1.2.0"},
    }
    return event_queue(
        event_type="version.published", body=body, standard_id=None, message_id="msg_local_1"
    )[0]


@pytest.mark.django_db
def test_a_delivery_to_a_local_server_verifies_with_the_library(settings, steward, receiver):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    server, handler = receiver
    endpoint = site_endpoint(steward, url=f"http://127.0.0.1:{server.server_port}/webhooks")
    delivery = _queue(endpoint)

    delivery = delivery_attempt(delivery_id=delivery.pk)

    assert delivery.status == DeliveryStatus.SUCCEEDED
    [request] = handler.received
    headers = {name.lower(): value for name, value in request["headers"].items()}
    assert headers["webhook-id"] == "msg_local_1"
    assert headers["content-type"] == "application/json"
    payload = Webhook(endpoint.secret).verify(request["body"], headers)
    assert payload["type"] == "version.published"
    assert payload["data"]["version"] == "1.2.0"
    [attempt] = delivery.attempt_log.all()
    assert attempt.status_code == 204
    assert attempt.error == ""


@pytest.mark.django_db
def test_a_redirect_is_not_followed_and_counts_as_a_failure(settings, steward, receiver):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    server, handler = receiver
    handler.answers.append(302)
    endpoint = site_endpoint(steward, url=f"http://127.0.0.1:{server.server_port}/webhooks")

    delivery = delivery_attempt(delivery_id=_queue(endpoint).pk)

    assert len(handler.received) == 1
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempt_log.get().status_code == 302


@pytest.mark.django_db
def test_410_from_a_local_server_disables_the_endpoint(settings, steward, receiver):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    server, handler = receiver
    handler.answers.append(410)
    endpoint = site_endpoint(steward, url=f"http://127.0.0.1:{server.server_port}/webhooks")

    delivery = delivery_attempt(delivery_id=_queue(endpoint).pk)

    endpoint.refresh_from_db()
    assert delivery.status == DeliveryStatus.GAVE_UP
    assert not endpoint.is_active
    assert "410 Gone" in endpoint.disabled_reason


@pytest.mark.django_db
def test_a_server_that_is_down_fails_fast_and_is_retried(settings, steward):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    # Port 9 (discard) on loopback: nothing listens there, so the connection is refused.
    endpoint = site_endpoint(steward, url="http://127.0.0.1:9/webhooks")
    before = timezone.now()

    delivery = delivery_attempt(delivery_id=_queue(endpoint).pk)

    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.next_attempt_at >= before + timedelta(seconds=5)
    attempt = delivery.attempt_log.get()
    assert attempt.status_code is None
    assert attempt.error.startswith("Could not deliver")
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_address_is_checked_again_at_delivery(settings, steward, monkeypatch):
    """DNS rebinding: a host that was public at registration and is private now is refused."""
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    answers = FakeDNS({"rebind.example.com": [PUBLIC_IP]})
    monkeypatch.setattr(webhooks, "resolve", answers)
    endpoint = site_endpoint(steward, url="https://rebind.example.com/hook")
    answers.hosts["rebind.example.com"] = ["10.0.0.7"]

    def no_sending(**kwargs):
        raise AssertionError("nothing may be sent to a private address")

    monkeypatch.setattr(webhooks, "post", no_sending)

    delivery = delivery_attempt(delivery_id=_queue(endpoint).pk)

    assert delivery.status == DeliveryStatus.FAILED
    assert "private or reserved" in delivery.attempt_log.get().error
    assert WebhookDelivery.objects.get(pk=delivery.pk).attempts == 1


def test_body_encoding_is_compact_json():
    assert webhooks.body_encode({"b": 1, "a": "é"}) == json.dumps(
        {"a": "é", "b": 1}, separators=(",", ":"), ensure_ascii=False
    )


# The delivery deadline -------------------------------------------------------------------------


class _Dripper(BaseHTTPRequestHandler):
    """Reads the request, then answers one byte a second until told to stop."""

    stop: threading.Event
    received: list

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append(True)
        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n":
            if self.stop.wait(1):
                return
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return  # the sender hung up, as it should at its deadline

    def log_message(self, *args):
        pass


@pytest.fixture
def dripper():
    handler = type("Dripper", (_Dripper,), {"stop": threading.Event(), "received": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server, handler
    handler.stop.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.mark.django_db
def test_a_delivery_answered_a_byte_a_second_ends_at_the_deadline_as_a_failure(
    settings, steward, dripper
):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    settings.WEBHOOKS_DELIVERY_SECONDS = 1.5
    server, handler = dripper
    endpoint = site_endpoint(steward, url=f"http://127.0.0.1:{server.server_port}/webhooks")

    delivery = delivery_attempt(delivery_id=_queue(endpoint).pk)

    # The full answer takes 38 seconds to drip; the delivery gave up while it was dripping.
    assert handler.received == [True]
    assert delivery.status == DeliveryStatus.FAILED
    attempt = delivery.attempt_log.get()
    assert attempt.status_code is None
    assert attempt.error == "No complete answer within 1.5 seconds"
