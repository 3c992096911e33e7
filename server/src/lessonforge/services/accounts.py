"""Admins and organizations: creation from the CLI, the demo account, sign-in with throttling."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from lessonforge.domain.accounts import Admin, Classroom, Organization
from lessonforge.errors import (
    AuthenticationError,
    ConflictError,
    FieldProblem,
    PermissionDeniedError,
    RateLimitedError,
    ValidationError,
)
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id


@lru_cache(maxsize=4)
def _password_hasher(time_cost: int, memory_kib: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)


def _hasher(ctx: ServiceContext) -> PasswordHasher:
    """Argon2id with the configured cost (operators of small machines may lower the memory cost)."""
    return _password_hasher(ctx.settings.password_time_cost, ctx.settings.password_memory_kib)


DEMO_EMAIL = "admin@example.com"
DEMO_ORG = "Demo School"


@dataclass(frozen=True)
class CreatedAdmin:
    admin_id: str
    organization_id: str
    classroom_id: str


def create_admin(ctx: ServiceContext, email: str, password: str, org_name: str) -> CreatedAdmin:
    """Create (or reuse) the organization ``org_name`` with a default classroom, and an admin managing it."""
    email = email.strip().lower()
    if len(password) < 8:
        raise ValidationError(
            "Password must have at least 8 characters", fields=[FieldProblem("password", "Too short")]
        )
    now = ctx.clock.now()
    with ctx.store.write() as tx:
        if tx.accounts.admin_by_email(email) is not None:
            raise ConflictError(f"An admin with email {email} already exists")
        org = tx.accounts.organization_by_name(org_name)
        if org is None:
            org = Organization(new_id(), org_name, now)
            tx.accounts.add_organization(org)
            tx.accounts.add_classroom(Classroom(new_id(), org.id, "Default classroom", True), now)
        admin = Admin(new_id(), email, _hasher(ctx).hash(password))
        tx.accounts.add_admin(admin, now)
        tx.accounts.add_membership(admin.id, org.id, now)
        classroom = tx.accounts.default_classroom(org.id)
    assert classroom is not None
    return CreatedAdmin(admin.id, org.id, classroom.id)


def hash_password(ctx: ServiceContext, password: str) -> str:
    """The Argon2id hash stored for ``password``."""
    return _hasher(ctx).hash(password)


def has_any_admin(ctx: ServiceContext) -> bool:
    with ctx.store.read() as tx:
        return tx.accounts.count_admins() > 0


def login(ctx: ServiceContext, email: str, password: str, client_ip: str) -> Admin:
    """Check a password. Failures are counted per email+address, per email and per address; any spent
    budget refuses further tries for a while. An unknown email costs the same Argon2 verification as a known
    one, so the answer time does not tell which emails exist."""
    email = email.strip().lower()
    keys = _throttle_keys(ctx, email, client_ip)
    now = ctx.clock.now()
    with ctx.store.read() as tx:
        failures = {key: tx.accounts.login_failures(key) for key in keys}
        admin = tx.accounts.admin_by_email(email)
    _refuse_when_throttled(ctx, keys, failures, now)
    hasher = _hasher(ctx)
    stored_hash = admin.password_hash if admin is not None else _dummy_hash(hasher)
    if not _password_ok(hasher, stored_hash, password) or admin is None:
        _record_failures(ctx, failures)
        raise AuthenticationError("Invalid email or password")
    with ctx.store.write() as tx:
        tx.accounts.clear_login_failures(next(iter(keys)))
        if hasher.check_needs_rehash(admin.password_hash):
            tx.accounts.set_password_hash(admin.id, hasher.hash(password))
    return admin


def _throttle_keys(ctx: ServiceContext, email: str, client_ip: str) -> dict[str, int]:
    """Each counter's key and its budget; the first (email+address) is cleared by a successful sign-in."""
    settings = ctx.settings
    return {
        f"{email}|{client_ip}": settings.login_max_failures,
        f"email|{email}": settings.login_max_failures_per_email,
        f"ip|{client_ip}": settings.login_max_failures_per_ip,
    }


def _refuse_when_throttled(
    ctx: ServiceContext, keys: dict[str, int], failures: dict[str, tuple[int, datetime] | None], now: datetime
) -> None:
    window = timedelta(seconds=ctx.settings.login_window_seconds)
    waits = [
        int((seen[1] + window - now).total_seconds()) + 1
        for key, budget in keys.items()
        if (seen := failures[key]) is not None and seen[0] >= budget and now - seen[1] < window
    ]
    if waits:
        raise RateLimitedError(retry_after=max(waits), message="Too many failed sign-in attempts; try again later")


@lru_cache(maxsize=4)
def _dummy_hash_for(time_cost: int, memory_kib: int) -> str:
    return _password_hasher(time_cost, memory_kib).hash(secrets.token_urlsafe(16))


def prepare_sign_in(ctx: ServiceContext) -> None:
    """Compute the unknown-email hash now, so that even the first unknown email costs one check, not two."""
    _dummy_hash(_hasher(ctx))


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash of a random password with the current cost: what an unknown email is checked against."""
    return _dummy_hash_for(hasher.time_cost, hasher.memory_cost)


def _password_ok(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _record_failures(ctx: ServiceContext, previous: dict[str, tuple[int, datetime] | None]) -> None:
    now = ctx.clock.now()
    window = timedelta(seconds=ctx.settings.login_window_seconds)
    with ctx.store.write() as tx:
        for key, seen in previous.items():
            count, started = 1, now
            if seen is not None and now - seen[1] < window:
                count, started = seen[0] + 1, seen[1]
            tx.accounts.record_login_failure(key, count, started)


def organizations_of(ctx: ServiceContext, admin_id: str) -> list[Organization]:
    with ctx.store.read() as tx:
        return tx.accounts.organizations_of(admin_id)


def require_membership(ctx: ServiceContext, admin_id: str, organization_id: str) -> None:
    """Raise PermissionDeniedError unless the admin manages the organization."""
    with ctx.store.read() as tx:
        if not tx.accounts.is_member(admin_id, organization_id):
            raise PermissionDeniedError("This admin cannot manage the organization")


def classrooms_of(ctx: ServiceContext, organization_id: str) -> list[Classroom]:
    with ctx.store.read() as tx:
        return tx.accounts.classrooms_of(organization_id)
