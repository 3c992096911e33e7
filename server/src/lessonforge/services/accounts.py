"""Admins and organizations: creation from the CLI, the demo account, sign-in with throttling."""

from __future__ import annotations

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
    """Check a password; repeated failures for one email+IP are refused for a while."""
    email = email.strip().lower()
    throttle_key = f"{email}|{client_ip}"
    now = ctx.clock.now()
    window = timedelta(seconds=ctx.settings.login_window_seconds)
    with ctx.store.read() as tx:
        failures = tx.accounts.login_failures(throttle_key)
        admin = tx.accounts.admin_by_email(email)
    if failures and failures[0] >= ctx.settings.login_max_failures and now - failures[1] < window:
        retry = int((failures[1] + window - now).total_seconds()) + 1
        raise RateLimitedError(retry_after=retry, message="Too many failed sign-in attempts; try again later")
    if admin is None or not _password_ok(_hasher(ctx), admin.password_hash, password):
        _record_failure(ctx, throttle_key, failures)
        raise AuthenticationError("Invalid email or password")
    with ctx.store.write() as tx:
        tx.accounts.clear_login_failures(throttle_key)
        if _hasher(ctx).check_needs_rehash(admin.password_hash):
            tx.accounts.set_password_hash(admin.id, _hasher(ctx).hash(password))
    return admin


def _password_ok(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _record_failure(ctx: ServiceContext, throttle_key: str, previous: tuple[int, datetime] | None) -> None:
    now = ctx.clock.now()
    window = timedelta(seconds=ctx.settings.login_window_seconds)
    count, started = 1, now
    if previous is not None and now - previous[1] < window:
        count, started = previous[0] + 1, previous[1]
    with ctx.store.write() as tx:
        tx.accounts.record_login_failure(throttle_key, count, started)


def admin_exists(ctx: ServiceContext, admin_id: str) -> Admin:
    """The admin behind a session, or AuthenticationError when it no longer exists."""
    with ctx.store.read() as tx:
        admin = tx.accounts.admin_by_id(admin_id)
    if admin is None:
        raise AuthenticationError("Admin session is no longer valid; sign in again")
    return admin


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
