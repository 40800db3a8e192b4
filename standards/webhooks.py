"""Standard Webhooks 1.0, the low-level part: secrets, the address guard, signing and sending.

No database here. ``standards.services_webhooks`` decides what to send and records attempts.

**SSRF guard.** An endpoint's address must be ``https`` and every address its host resolves to
must be public: private, loopback, link-local, reserved, multicast and unspecified addresses
are refused. The check runs when the endpoint is registered and again before each delivery,
and the request then goes to the very address that was checked (the connection is pinned to
it, with the host name kept for TLS and the ``Host`` header), so a DNS answer that changes in
between cannot point a delivery at the internal network. ``WEBHOOKS_ALLOW_LOOPBACK``, for
tests and development only, also allows ``http`` and loopback addresses.
"""

import base64
import http.client
import ipaddress
import json
import secrets
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from standardwebhooks import Webhook

from .exceptions import StandardsError

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix the standard gives secrets
SECRET_BYTES = 32
TIMEOUT_SECONDS = 10
USER_AGENT = "social-housing-data-standards-webhooks/1.0"

# After the nth failed attempt, wait RETRY_DELAYS[n - 1]; past the end of the list, a day.
RETRY_DELAYS = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
)
RETRY_DELAY_AFTER = timedelta(hours=24)
MAX_ATTEMPTS = 8


class UnsafeAddress(StandardsError):  # noqa: N818 - a domain outcome, like the others
    code = "webhook_address_refused"
    default_message = "Enter a public address that starts with https://"


def secret_generate() -> str:
    """``whsec_`` and base64 of 32 random bytes: the form the ``standardwebhooks`` library reads."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def secret_hint(secret: str) -> str:
    """What a list may show of a secret: its last four characters."""
    return f"…{secret[-4:]}" if secret else ""


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after ``attempts`` failed attempts before the next one."""
    if attempts <= len(RETRY_DELAYS):
        return RETRY_DELAYS[max(attempts, 1) - 1]
    return RETRY_DELAY_AFTER


def loopback_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_LOOPBACK", False))


@dataclass(frozen=True)
class Target:
    """A checked address: where to connect, and what to call the host."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def _refusable(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback and loopback_allowed():
        return False
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
        or not address.is_global
    )


def resolve(host: str, port: int) -> list:
    """``socket.getaddrinfo`` for a TCP connection; tests replace it to fake DNS answers."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def _addresses_of(host: str, port: int) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    try:
        return [str(info[4][0]) for info in resolve(host, port)]
    except (OSError, UnicodeError) as error:
        raise UnsafeAddress(f"We could not find {host}. Check the address and try again") from error


def address_check(url: str) -> Target:
    """Check ``url`` for the SSRF guard and resolve it. Raises ``UnsafeAddress``."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise UnsafeAddress("Enter a web address in the correct format") from error
    allowed_schemes = {"https", "http"} if loopback_allowed() else {"https"}
    if parts.scheme not in allowed_schemes:
        raise UnsafeAddress("Enter an address that starts with https://")
    if not parts.hostname:
        raise UnsafeAddress("Enter a web address in the correct format")
    if parts.username or parts.password:
        raise UnsafeAddress("Enter an address without a user name or password")
    port = port or (443 if parts.scheme == "https" else 80)
    addresses = []
    for found in _addresses_of(parts.hostname, port):
        try:
            address = ipaddress.ip_address(found.split("%", 1)[0])
        except ValueError as error:
            raise UnsafeAddress("Enter a web address in the correct format") from error
        if _refusable(address):
            raise UnsafeAddress(
                f"{parts.hostname} is a private or reserved address. "
                "Enter an address on the public internet"
            )
        addresses.append(str(address))
    if not addresses:
        raise UnsafeAddress(f"We could not find {parts.hostname}. Check the address and try again")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(
        scheme=parts.scheme, host=parts.hostname, port=port, path=path, address=addresses[0]
    )


def body_encode(payload: dict) -> str:
    """The exact text that is signed and sent."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def signed_headers(*, secret: str, message_id: str, timestamp: datetime, body: str) -> dict:
    signature = Webhook(secret).sign(message_id, timestamp, body)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature,
    }


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, not the address connected to.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(*, target: Target, body: str, headers: dict, timeout: float = TIMEOUT_SECONDS) -> Outcome:
    """POST ``body`` to the checked ``target``. Never raises; redirects are not followed."""
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target.host, target.port, address=target.address, timeout=timeout)
    started = time.monotonic()
    status_code, error = None, ""
    try:
        connection.request(
            "POST",
            target.path,
            body=body.encode("utf-8"),
            headers={
                **headers,
                "content-type": "application/json",
                "user-agent": USER_AGENT,
            },
        )
        response = connection.getresponse()
        status_code = response.status
        response.read(4096)
        if not 200 <= status_code < 300:
            error = f"The endpoint answered {status_code} {response.reason}".strip()
    except TimeoutError:
        error = f"No answer within {timeout:g} seconds"
    except (OSError, http.client.HTTPException) as error_raised:
        error = f"Could not deliver: {error_raised.__class__.__name__}: {error_raised}"[:500]
    finally:
        connection.close()
    return Outcome(
        status_code=status_code,
        error=error,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
