"""Webhook rules with no I/O: events, values, secrets, the delivery body, signatures, URL and address rules."""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import ipaddress
import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from lessonforge.errors import FieldProblem, ValidationError

SECRET_PREFIX = "whsec_"  # noqa: S105 - the Standard Webhooks prefix, not a secret
SECRET_BYTES = 32
EVENTS = ("content.completed", "content.failed")
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class WebhookStatus(enum.StrEnum):
    ACTIVE = "active"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass(frozen=True)
class Webhook:
    """A subscription; the signing secret is kept apart (sealed in the store, shown once on create)."""

    id: str
    organization_id: str
    url: str
    events: tuple[str, ...]
    status: WebhookStatus
    created_at: datetime


@dataclass(frozen=True)
class IssuedWebhook:
    webhook: Webhook
    secret: str


@dataclass(frozen=True)
class Delivery:
    """One event sent to one webhook; ``body`` is fixed at enqueue time so every attempt sends the same bytes."""

    id: str
    webhook_id: str
    job_id: str
    event: str
    status: DeliveryStatus
    attempts: int
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    delivered_at: datetime | None
    body: str


@dataclass(frozen=True)
class DeliveryAttempt:
    """One try at sending a delivery: when, the receiver's status code (if it answered), why it failed, how long."""

    delivery_id: str
    attempted_at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int | None


TEST_EVENT = "webhook.test"  # sent on request from the console; never subscribed to
TEST_JOB_ID = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class AllowList:
    """Operator exceptions to the private-address rule: host names and IP networks."""

    hosts: frozenset[str]
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        hosts: set[str] = set()
        networks = []
        for entry in (e.strip().lower() for e in entries):
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                hosts.add(entry)
        return cls(frozenset(hosts), tuple(networks))

    def covers_host(self, host: str) -> bool:
        return host.lower() in self.hosts

    def covers_address(self, address: IpAddress) -> bool:
        return any(address in network for network in self.networks if network.version == address.version)


def generate_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` + base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def validate_events(events: Sequence[str]) -> tuple[str, ...]:
    """Known events, duplicates collapsed, in the fixed order; empty or unknown → ValidationError."""
    unknown = [e for e in events if e not in EVENTS]
    if not events or unknown:
        message = f"unknown event {unknown[0]!r}" if unknown else "at least one event is required"
        raise ValidationError(f"events: {message}", fields=[FieldProblem("events", message)])
    return tuple(e for e in EVENTS if e in events)


def webhook_host(url: str) -> str:
    """The host of an http(s) URL with a host; anything else → ValidationError."""
    try:
        parts = urlsplit(url)
        scheme, host, _port = parts.scheme, parts.hostname, parts.port  # .port raises on a malformed port
    except ValueError:
        scheme, host = "", None
    if scheme not in ("http", "https") or not host or len(url) > 2000:
        raise _url_error("must be an http(s) URL with a host")
    return host


@dataclass(frozen=True)
class PinnedRequest:
    """A call to a URL pinned to one checked address: the URL to dial, its Host header and TLS server name."""

    url: str
    host_header: str
    tls_server_name: str | None


def pin_to_address(url: str, address: str) -> PinnedRequest:
    """``url`` with its host replaced by ``address``; Host and (for https) SNI and certificate checks keep the name."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if ":" in address else address
    port = f":{parts.port}" if parts.port is not None else ""
    named_host = f"[{host}]" if ":" in host else host
    pinned = parts._replace(netloc=f"{literal}{port}").geturl()
    return PinnedRequest(pinned, f"{named_host}{port}", host if parts.scheme == "https" else None)


def event_for(job_status: str) -> str:
    return "content.completed" if job_status == "completed" else "content.failed"


def delivery_body(
    event: str, job_id: str, status: str, source_type: str, requested_outputs: Sequence[str], completed_at: datetime
) -> str:
    """The exact JSON sent: ``{event, jobId, status, sourceType, requestedOutputs, completedAt}``."""
    payload = {
        "event": event,
        "jobId": job_id,
        "status": status,
        "sourceType": source_type,
        "requestedOutputs": list(requested_outputs),
        "completedAt": iso_z(completed_at),
    }
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def iso_z(moment: datetime) -> str:
    """ISO-8601 UTC with ``Z`` and millisecond precision."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def hex_signature(body: bytes, secret: str) -> str:
    """``X-Content-Integration-Signature``: hex HMAC-SHA256 of the raw body keyed with the secret as shown."""
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def is_forbidden_address(address: IpAddress) -> bool:
    """Private, loopback, link-local, unspecified, multicast, reserved or otherwise non-global addresses.

    An IPv6 address that carries an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``, 6to4 ``2002::/16``, Teredo
    ``2001::/32``) is refused when any IPv4 address it carries is; IPv4-compatible ``::a.b.c.d`` and NAT64
    ``64:ff9b::/96`` sit inside the reserved ``::/8`` and are refused whole.
    """
    if isinstance(address, ipaddress.IPv6Address):
        if any(_is_non_public(carried) for carried in carried_ipv4(address)):
            return True
        if address.ipv4_mapped is not None:
            return False  # the mapped IPv4 address is public: it is what a dual-stack socket dials
    return _is_non_public(address)


def carried_ipv4(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    """The IPv4 addresses an IPv6 address wraps and a relay or the stack may route to (mapped, 6to4, Teredo)."""
    carried = [address.ipv4_mapped, address.sixtofour]
    if address.teredo is not None:
        carried.extend(address.teredo)  # (server, client): the client is the host the packets reach
    return tuple(a for a in carried if a is not None)


def _is_non_public(address: IpAddress) -> bool:
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_unspecified
        or address.is_multicast
        or address.is_reserved
        or not address.is_global
    )


def refused_address(host: str, addresses: Iterable[str], allowed: AllowList) -> str | None:
    """The first resolved address the rule refuses for ``host`` (None when every one may be called)."""
    if allowed.covers_host(host):
        return None
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if is_forbidden_address(address) and not allowed.covers_address(address):
            return str(address)
    return None


def retry_delay(attempt: int, schedule: Sequence[int]) -> int | None:
    """Seconds before the next try after failed ``attempt`` (1-based); None after the last one."""
    return schedule[attempt - 1] if attempt <= len(schedule) else None


def _url_error(message: str) -> ValidationError:
    return ValidationError(f"url: {message}", fields=[FieldProblem("url", message)])


def url_refused(message: str) -> ValidationError:
    """The validation error for a URL the address rule refuses."""
    return _url_error(message)
