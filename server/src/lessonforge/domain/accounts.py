"""Organizations, admins, classrooms and API keys as plain values."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    created_at: datetime


@dataclass(frozen=True)
class Admin:
    id: str
    email: str
    password_hash: str


@dataclass(frozen=True)
class Classroom:
    id: str
    organization_id: str
    name: str
    is_default: bool


class KeyStatus(enum.StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"
    EXPIRED = "expired"  # never stored: an active key past its ``expires_at``, as listed


def is_expired(expires_at: datetime | None, now: datetime) -> bool:
    """True once a key with this expiry (None: never) stops working."""
    return expires_at is not None and expires_at <= now


@dataclass(frozen=True)
class ApiKey:
    """An API key's stored record; the secret itself is never kept."""

    id: str
    organization_id: str
    name: str
    key_prefix: str
    rate_limit_per_minute: int
    status: KeyStatus
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime | None = None


@dataclass(frozen=True)
class KeyCredential:
    """What authenticating a bearer token needs of its key (read on every bearer request)."""

    id: str
    organization_id: str
    key_prefix: str
    rate_limit_per_minute: int
    status: KeyStatus
    last_used_at: datetime | None
    expires_at: datetime | None = None


@dataclass(frozen=True)
class IssuedKey:
    """A key at the one moment its secret is known: creation or rotation."""

    key: ApiKey
    secret: str
