"""Admin sessions: a signed JWT carried in a cookie, backed by a server-side record keyed by its ``jti``.

The signature proves the token was issued here; the record proves it is still live, so signing out (or
ending every session of an admin) refuses a saved copy of the cookie in every process at once. Adapters
(the API's ``jwt`` cookie, the admin console) call these functions and never read the token themselves.
"""

from __future__ import annotations

from datetime import timedelta

import jwt

from lessonforge.domain.accounts import Admin
from lessonforge.errors import AuthenticationError
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id

SESSION_COOKIE = "jwt"  # the one session of the API and the console
_ALGORITHM = "HS256"
_AUDIENCE = "lessonforge-admin"


def issue_session(ctx: ServiceContext, admin: Admin, timezone: str | None = None) -> str:
    """Record a new session for ``admin`` and return its signed token (valid for the configured time)."""
    now = ctx.clock.now()
    expires = now + timedelta(seconds=ctx.settings.session_ttl_seconds)
    session_id = new_id()
    with ctx.store.write() as tx:
        tx.sessions.purge_expired(now)
        tx.sessions.add(session_id, admin.id, now, expires)
    claims = {
        "sub": admin.id,
        "jti": session_id,
        "aud": _AUDIENCE,
        "iat": int(now.timestamp()),
        "exp": int(expires.timestamp()),
        "tz": timezone,
    }
    return jwt.encode(claims, ctx.settings.secret_key, algorithm=_ALGORITHM)


def session_admin(ctx: ServiceContext, token: str | None) -> Admin:
    """The admin of a live session; AuthenticationError when missing, forged, expired or signed out."""
    if not token:
        raise AuthenticationError("Sign in first: admin session missing")
    claims = _claims(ctx, token)
    if claims is None:
        raise AuthenticationError("Admin session is invalid or expired; sign in again")
    with ctx.store.read() as tx:
        admin = tx.sessions.live_admin(claims[0], ctx.clock.now())
    if admin is None or admin.id != claims[1]:
        raise AuthenticationError("Admin session has ended; sign in again")
    return admin


def end_session(ctx: ServiceContext, token: str | None) -> None:
    """Sign out: the token's session ends for every process. Unknown or invalid tokens are ignored."""
    claims = _claims(ctx, token, verify_exp=False) if token else None
    if claims is not None:
        with ctx.store.write() as tx:
            tx.sessions.end(claims[0], ctx.clock.now())


def end_all_sessions(ctx: ServiceContext, admin_id: str) -> None:
    """End every live session of ``admin_id`` (e.g. after a password change)."""
    with ctx.store.write() as tx:
        tx.sessions.end_all_of(admin_id, ctx.clock.now())


def _claims(ctx: ServiceContext, token: str, *, verify_exp: bool = True) -> tuple[str, str] | None:
    """``(session id, admin id)`` of a token signed here, or None."""
    try:
        claims = jwt.decode(
            token,
            ctx.settings.secret_key,
            algorithms=[_ALGORITHM],
            audience=_AUDIENCE,
            options={"require": ["exp", "sub", "jti"], "verify_exp": verify_exp},
        )
    except jwt.PyJWTError:
        return None
    return str(claims["jti"]), str(claims["sub"])
