"""An organization's admin invites another admin: an existing account joins, a new one gets a one-time password."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from lessonforge.domain.accounts import Admin
from lessonforge.errors import ConflictError, FieldProblem, ValidationError
from lessonforge.services.accounts import hash_password, require_membership
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id


@dataclass(frozen=True)
class Invitation:
    """The invited admin; ``password`` is set only when the account was created now (shown once)."""

    admin_id: str
    email: str
    password: str | None


def invite_admin(ctx: ServiceContext, inviter_id: str, organization_id: str, email: str) -> Invitation:
    """Make ``email`` an admin of the organization; the inviter must manage it (else 403)."""
    require_membership(ctx, inviter_id, organization_id)
    email = email.strip().lower()
    if "@" not in email or len(email) > 320 or email.startswith("@") or email.endswith("@"):
        raise ValidationError("email: not an email address", fields=[FieldProblem("email", "Not an email address")])
    now = ctx.clock.now()
    password: str | None = None
    with ctx.store.write() as tx:
        admin = tx.accounts.admin_by_email(email)
        if admin is None:
            password = secrets.token_urlsafe(12)
            admin = Admin(new_id(), email, hash_password(ctx, password))
            tx.accounts.add_admin(admin, now)
        elif tx.accounts.is_member(admin.id, organization_id):
            raise ConflictError(f"{email} is already an admin of this organization")
        tx.accounts.add_membership(admin.id, organization_id, now)
    return Invitation(admin.id, email, password)
