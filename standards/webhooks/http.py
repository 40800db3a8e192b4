"""Standard Webhooks 1.0, the low-level part: secrets, the address guard, signing and sending.

No database here. ``standards.webhooks.services`` decides what to send and records attempts.

**SSRF guard.** An endpoint's address must be ``https`` on port 443 (``WEBHOOKS_ALLOWED_PORTS``
may allow more), and every address its host resolves to must be public: every range in
``REFUSED_RANGES`` is refused, and so is anything Python does not call global. An IPv6 address
that carries an IPv4 one (IPv4-mapped, NAT64) is judged by the IPv4 address it carries. The
check runs when the endpoint is registered and again before each delivery, and the request then
goes to the very address that was checked (the connection is pinned to it, with the host name
kept for TLS and the ``Host`` header), so a DNS answer that changes in between cannot point a
delivery at the internal network. ``WEBHOOKS_ALLOW_LOOPBACK``, for tests and development only,
also allows ``http`` and loopback addresses on any port.

**Deadline.** A delivery (connecting, the TLS handshake, sending and reading the answer) must
end within ``WEBHOOKS_DELIVERY_SECONDS`` in all. A socket timeout bounds only one read, so an
endpoint that answered a byte at a time could otherwise hold a delivery, and the worker that
also sends email, for as long as it liked: every socket operation here gets only the time left.
"""

import base64
import contextlib
import http.client
import ipaddress
import json
import math
import secrets
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from standardwebhooks import Webhook

from standards.exceptions import StandardsError

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix the standard gives secrets
SECRET_BYTES = 32
TIMEOUT_SECONDS = 10  # the most one socket operation may take
DELIVERY_SECONDS = 15  # the most a whole delivery may take, unless the setting says otherwise
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


# Ranges that are not on the public internet, from IANA's IPv4 and IPv6 special-purpose
# address registries. Python's ``is_global`` is checked as well, but it calls some of these
# global (fec0::/10, 3fff::/20, 192.88.99.0/24), so the table is what the guard promises and
# what ``tests/standards/test_webhooks.py`` walks.
REFUSED_RANGES = tuple(
    (ipaddress.ip_network(network), why)
    for network, why in (
        ("0.0.0.0/8", "this network"),
        ("10.0.0.0/8", "private"),
        ("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local (cloud metadata services)"),
        ("172.16.0.0/12", "private"),
        ("192.0.0.0/24", "IETF protocol assignments"),
        ("192.0.2.0/24", "documentation (TEST-NET-1)"),
        ("192.88.99.0/24", "6to4 relay anycast, deprecated"),
        ("192.168.0.0/16", "private"),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation (TEST-NET-2)"),
        ("203.0.113.0/24", "documentation (TEST-NET-3)"),
        ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved, and the broadcast address"),
        ("::/96", "unspecified, loopback and IPv4-compatible (deprecated)"),
        ("::ffff:0:0:0/96", "IPv4-translated"),
        ("64:ff9b:1::/48", "local-use IPv4/IPv6 translation"),
        ("100::/64", "discard-only"),
        ("2001::/23", "IETF protocol assignments, Teredo among them"),
        ("2001:db8::/32", "documentation"),
        ("2002::/16", "6to4, which can carry any IPv4 address"),
        ("3fff::/20", "documentation"),
        ("5f00::/16", "segment routing (SRv6) identifiers"),
        ("fc00::/7", "unique local"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local, deprecated"),
        ("ff00::/8", "multicast"),
    )
)
# IPv6 ranges that carry an IPv4 address in their last 32 bits: judged by that address.
_CARRY_IPV4 = (ipaddress.ip_network("::ffff:0:0/96"), ipaddress.ip_network("64:ff9b::/96"))


def _carried(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    if isinstance(address, ipaddress.IPv6Address) and any(
        address in network for network in _CARRY_IPV4
    ):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def _refusable(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    address = _carried(address)
    if address.is_loopback and loopback_allowed():
        return False
    return (
        any(address in network for network, _why in REFUSED_RANGES)
        or address.is_private
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
    # Loopback is for a local receiver in development and tests, on whatever port it has.
    local = loopback_allowed() and all(
        _carried(ipaddress.ip_address(address)).is_loopback for address in addresses
    )
    if port not in allowed_ports() and not local:
        raise UnsafeAddress(_port_message())
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(
        scheme=parts.scheme, host=parts.hostname, port=port, path=path, address=addresses[0]
    )


def allowed_ports() -> list[int]:
    return list(getattr(settings, "WEBHOOKS_ALLOWED_PORTS", [443]))


def _port_message() -> str:
    ports = allowed_ports()
    if ports == [443]:
        return "Enter an address without a port number, or with port 443"
    listed = ", ".join(str(port) for port in ports)
    return f"Enter an address without a port number, or with one of these ports: {listed}"


def delivery_seconds() -> float:
    return float(getattr(settings, "WEBHOOKS_DELIVERY_SECONDS", DELIVERY_SECONDS))


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


class _Deadline:
    """Gives each socket operation the time left before the delivery's deadline."""

    deadline: float = math.inf

    def _time_left(self) -> None:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("The delivery's deadline has passed")
        self.settimeout(min(left, TIMEOUT_SECONDS))

    def recv(self, *args, **kwargs):
        self._time_left()
        return super().recv(*args, **kwargs)

    def recv_into(self, *args, **kwargs):
        self._time_left()
        return super().recv_into(*args, **kwargs)

    def send(self, *args, **kwargs):
        self._time_left()
        return super().send(*args, **kwargs)

    def sendall(self, *args, **kwargs):
        # A plain socket's sendall is bounded as a whole by its timeout; TLS sends in a loop
        # of ``send``, each bounded in turn.
        self._time_left()
        return super().sendall(*args, **kwargs)


class _DeadlineSocket(_Deadline, socket.socket):
    pass


class _DeadlineSSLSocket(_Deadline, ssl.SSLSocket):
    def do_handshake(self, *args, **kwargs):
        self._time_left()
        return super().do_handshake(*args, **kwargs)


def _connect(address: str, port: int, deadline: float) -> _DeadlineSocket:
    family = socket.AF_INET6 if ipaddress.ip_address(address).version == 6 else socket.AF_INET
    sock = _DeadlineSocket(family, socket.SOCK_STREAM)
    sock.deadline = deadline
    try:
        sock._time_left()
        sock.connect((address, port))
    except BaseException:
        sock.close()
        raise
    return sock


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, address: str, deadline: float) -> None:
        super().__init__(host, port, timeout=TIMEOUT_SECONDS)
        self._address = address
        self._deadline = deadline

    def connect(self) -> None:
        self.sock = _connect(self._address, self.port, self._deadline)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, deadline: float) -> None:
        context = ssl.create_default_context()
        context.sslsocket_class = _DeadlineSSLSocket
        super().__init__(host, port, timeout=TIMEOUT_SECONDS, context=context)
        self._address = address
        self._deadline = deadline

    def connect(self) -> None:
        sock = _connect(self._address, self.port, self._deadline)
        # The certificate is checked against the host name, not the address connected to.
        secure = self._context.wrap_socket(
            sock, server_hostname=self.host, do_handshake_on_connect=False
        )
        secure.deadline = self._deadline
        secure.do_handshake()
        self.sock = secure


def post(*, target: Target, body: str, headers: dict, timeout: float | None = None) -> Outcome:
    """POST ``body`` to the checked ``target``. Never raises; redirects are not followed.

    Everything, from connecting to reading the answer, ends within ``timeout`` seconds
    (``WEBHOOKS_DELIVERY_SECONDS`` unless given).
    """
    timeout = delivery_seconds() if timeout is None else timeout
    started = time.monotonic()
    deadline = started + timeout
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(
        target.host, target.port, address=target.address, deadline=deadline
    )
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
        if not 200 <= status_code < 300:
            error = f"The endpoint answered {status_code} {response.reason}".strip()
        with contextlib.suppress(OSError, http.client.HTTPException):
            # The status is the answer; the body is read (a little of it) only to be polite.
            response.read(4096)
    except TimeoutError:
        error = f"No complete answer within {timeout:g} seconds"
    except (OSError, http.client.HTTPException) as error_raised:
        error = f"Could not deliver: {error_raised.__class__.__name__}: {error_raised}"[:500]
    finally:
        connection.close()
    return Outcome(
        status_code=status_code,
        error=error,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
