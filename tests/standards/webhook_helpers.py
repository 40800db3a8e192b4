"""Fakes for webhook tests: DNS answers and a transport that records instead of sending.

Import ``dns_fixture`` and ``transport_fixture`` to use the ``dns`` and ``transport`` fixtures.

Tests never send traffic anywhere but 127.0.0.1: every test that delivers uses ``transport``
(nothing leaves the process) or a receiving server on 127.0.0.1.
"""

import socket
from dataclasses import dataclass, field

import pytest

from standards.models import WebhookEventType
from standards.webhooks import http as webhooks
from standards.webhooks.services import endpoint_create

# A public address that no test connects to: deliveries to it go through ``FakeTransport``.
PUBLIC_IP = "93.184.215.14"
PUBLIC_URL = "https://hooks.example.com/standards"


@dataclass
class FakeDNS:
    hosts: dict[str, list[str]] = field(default_factory=dict)

    def __call__(self, host: str, port: int) -> list:
        if host not in self.hosts:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                socket.SOCK_STREAM,
                socket.IPPROTO_TCP,
                "",
                (address, port),
            )
            for address in self.hosts[host]
        ]


@dataclass
class FakeTransport:
    """Answers each POST with the next of ``statuses`` (then 200s), and records it."""

    statuses: list = field(default_factory=list)
    calls: list = field(default_factory=list)

    def __call__(self, *, target, body, headers, timeout=webhooks.TIMEOUT_SECONDS):
        self.calls.append({"target": target, "body": body, "headers": headers})
        status = self.statuses.pop(0) if self.statuses else 200
        if status is None:
            return webhooks.Outcome(
                status_code=None, error="No answer within 10 seconds", duration_ms=5
            )
        error = "" if 200 <= status < 300 else f"The endpoint answered {status}"
        return webhooks.Outcome(status_code=status, error=error, duration_ms=5)


@pytest.fixture(name="dns")
def dns_fixture(monkeypatch):
    fake = FakeDNS({"hooks.example.com": [PUBLIC_IP]})
    monkeypatch.setattr(webhooks, "resolve", fake)
    return fake


@pytest.fixture(name="transport")
def transport_fixture(monkeypatch):
    fake = FakeTransport()
    monkeypatch.setattr(webhooks, "post", fake)
    return fake


def site_endpoint(steward, *, url=PUBLIC_URL, event_types=None, standard=None):
    return endpoint_create(
        actor=steward,
        url=url,
        description="Our integration",
        event_types=event_types or list(WebhookEventType.values),
        standard=standard,
    )
