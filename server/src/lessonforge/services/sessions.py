"""Admin sessions: a signed JWT carried in the ``jwt`` cookie."""

from __future__ import annotations

from datetime import timedelta

import jwt

from lessonforge.domain.accounts import Admin
from lessonforge.errors import AuthenticationError
from lessonforge.services.accounts import admin_exists
from lessonforge.services.context import ServiceContext

SESSION_COOKIE = "jwt"  # the one session of the API and the console
_ALGORITHM = "HS256"
_AUDIENCE = "lessonforge-admin"


def issue_session(ctx: ServiceContext, admin: Admin, timezone: str | None = None) -> str:
    """A signed session token for ``admin`` valid for the configured time."""
    now = ctx.clock.now()
    claims = {
        "sub": admin.id,
        "aud": _AUDIENCE,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=ctx.settings.session_ttl_seconds)).timestamp()),
        "tz": timezone,
    }
    return jwt.encode(claims, ctx.settings.secret_key, algorithm=_ALGORITHM)


def session_admin(ctx: ServiceContext, token: str | None) -> Admin:
    """The admin a session token belongs to; AuthenticationError when missing, forged or expired."""
    if not token:
        raise AuthenticationError("Sign in first: admin session missing")
    try:
        claims = jwt.decode(
            token,
            ctx.settings.secret_key,
            algorithms=[_ALGORITHM],
            audience=_AUDIENCE,
            options={"require": ["exp", "sub"]},
        )
    except jwt.PyJWTError as exc:
        raise AuthenticationError("Admin session is invalid or expired; sign in again") from exc
    return admin_exists(ctx, str(claims["sub"]))
