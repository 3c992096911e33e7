"""API key use cases: issue, list, rotate, revoke, and authenticate a bearer token."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from lessonforge.domain.accounts import ApiKey, IssuedKey, KeyStatus, is_expired
from lessonforge.domain.keys import (
    NAME_MAX_LENGTH,
    RATE_LIMIT_RANGE,
    generate_api_key,
    is_well_formed,
    key_digest,
    visible_prefix,
)
from lessonforge.errors import AuthenticationError, ConflictError, FieldProblem, NotFoundError, ValidationError
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id
from lessonforge.store.uow import HotTx, Tx

# lastUsedAt is kept to the second: a busy key does not rewrite its row on every request.
LAST_USED_RESOLUTION_SECONDS = 1.0
KEY_BUCKET_PREFIX = "key:"


@dataclass(frozen=True)
class KeyPrincipal:
    """Who a bearer request acts for."""

    key_id: str
    key_prefix: str
    organization_id: str
    rate_limit_per_minute: int


def create_key(
    ctx: ServiceContext,
    organization_id: str,
    name: str,
    rate_limit_per_minute: int | None,
    expires_at: datetime | None = None,
) -> IssuedKey:
    """Issue a new key (working until ``expires_at``, None: for good); its secret is returned once and only
    its digest is stored."""
    check_key_fields(name, rate_limit_per_minute)
    if expires_at is not None and is_expired(expires_at, ctx.clock.now()):
        problem = FieldProblem("expiresAt", "Must be in the future")
        raise ValidationError("expiresAt: must be in the future", fields=[problem])
    limit = rate_limit_per_minute or ctx.settings.default_rate_limit_per_minute
    with ctx.store.write() as tx:
        return _issue(ctx, tx, organization_id, name, limit, expires_at)


def check_key_fields(name: str, rate_limit_per_minute: int | None) -> None:
    """The rules a new key's name and limit follow (the API's wire schema states the same bounds)."""
    problems = []
    if not 1 <= len(name) <= NAME_MAX_LENGTH:
        problems.append(FieldProblem("name", f"Give the key a name of 1 to {NAME_MAX_LENGTH} characters"))
    low, high = RATE_LIMIT_RANGE
    if rate_limit_per_minute is not None and not low <= rate_limit_per_minute <= high:
        problems.append(FieldProblem("rateLimitPerMinute", f"Choose a limit from {low} to {high} requests per minute"))
    if problems:
        raise ValidationError(f"{problems[0].field}: {problems[0].message}", fields=problems)


def list_keys(ctx: ServiceContext, organization_id: str) -> list[ApiKey]:
    """The organization's keys; an active key past its expiry is listed as ``expired``."""
    with ctx.store.read() as tx:
        stored = tx.keys.list(organization_id)
    now = ctx.clock.now()
    return [_as_listed(key, now) for key in stored]


def _as_listed(key: ApiKey, now: datetime) -> ApiKey:
    if key.status is KeyStatus.ACTIVE and is_expired(key.expires_at, now):
        return replace(key, status=KeyStatus.EXPIRED)
    return key


def rotate_key(ctx: ServiceContext, organization_id: str, key_id: str) -> IssuedKey:
    """Replace a key by a new one with the same name and limit; the old one stops working at once."""
    with ctx.store.write() as tx:
        old = _existing(tx, organization_id, key_id)
        if old.status is KeyStatus.REVOKED:
            raise ConflictError("A revoked key cannot be rotated")
        if is_expired(old.expires_at, ctx.clock.now()):
            raise ConflictError("An expired key cannot be rotated; create a new key")
        tx.keys.revoke(old.id, ctx.clock.now())
        return _issue(ctx, tx, organization_id, old.name, old.rate_limit_per_minute, old.expires_at)


def revoke_key(ctx: ServiceContext, organization_id: str, key_id: str) -> None:
    """Revoke a key; revoking twice is fine."""
    with ctx.store.write() as tx:
        _existing(tx, organization_id, key_id)
        tx.keys.revoke(key_id, ctx.clock.now())


@dataclass(frozen=True)
class Authenticated:
    """A resolved bearer token, with what the same read found: the bucket's stored TAT and, when asked for,
    the revision of a job of the key's organization (None: no such job)."""

    principal: KeyPrincipal
    bucket_tat: float | None
    job_revision: int | None = None


def authenticate(ctx: ServiceContext, tx: Tx | HotTx, token: str | None, *, job_id: str | None = None) -> Authenticated:
    """Resolve a bearer token inside ``tx``; records ``lastUsedAt``."""
    if not token or not is_well_formed(token):
        raise AuthenticationError("Invalid or missing Content Integration API key")
    found = tx.hot.credential(key_digest(token, ctx.settings.secret_key), KEY_BUCKET_PREFIX, job_id=job_id)
    now = ctx.clock.now()
    if found is None or found.key.status is not KeyStatus.ACTIVE or is_expired(found.key.expires_at, now):
        raise AuthenticationError("Invalid or missing Content Integration API key")
    key = found.key
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() >= LAST_USED_RESOLUTION_SECONDS:
        tx.hot.touch_key(key.id, now)
    principal = KeyPrincipal(key.id, key.key_prefix, key.organization_id, key.rate_limit_per_minute)
    return Authenticated(principal, found.bucket_tat, found.job_revision)


def key_bucket(key_id: str) -> str:
    """The rate-limit bucket of an API key."""
    return KEY_BUCKET_PREFIX + key_id


def _issue(
    ctx: ServiceContext, tx: Tx, organization_id: str, name: str, limit: int, expires_at: datetime | None
) -> IssuedKey:
    secret = generate_api_key()
    key = ApiKey(
        id=new_id(),
        organization_id=organization_id,
        name=name,
        key_prefix=visible_prefix(secret),
        rate_limit_per_minute=limit,
        status=KeyStatus.ACTIVE,
        created_at=ctx.clock.now(),
        last_used_at=None,
        revoked_at=None,
        expires_at=expires_at,
    )
    tx.keys.add(key, key_digest(secret, ctx.settings.secret_key))
    return IssuedKey(key, secret)


def _existing(tx: Tx, organization_id: str, key_id: str) -> ApiKey:
    key = tx.keys.get(organization_id, key_id)
    if key is None:
        raise NotFoundError("API key not found")
    return key
