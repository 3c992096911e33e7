"""CSRF tokens for the console's forms, bound to the admin's session (no server-side state).

The token is an HMAC of the session cookie under the server's secret: a page of another origin can make the
browser send the cookie, but cannot read it, so it cannot know the token.
"""

from __future__ import annotations

import hashlib
import hmac

from lessonforge.errors import PermissionDeniedError
from lessonforge.services.context import ServiceContext

_PURPOSE = b"lessonforge-console-csrf:"


def csrf_token(ctx: ServiceContext, session: str) -> str:
    """The form token for the session whose cookie value is ``session`` (or a pre-sign-in nonce)."""
    return hmac.new(ctx.settings.secret_key.encode(), _PURPOSE + session.encode(), hashlib.sha256).hexdigest()


def check_csrf(ctx: ServiceContext, session: str | None, sent: str | None) -> None:
    """PermissionDeniedError unless ``sent`` is the token of ``session``."""
    if not session or not sent or not hmac.compare_digest(csrf_token(ctx, session), sent):
        raise PermissionDeniedError("The form's security token is missing or out of date; reload the page")
