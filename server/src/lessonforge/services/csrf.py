"""Cross-site request forgery guards for cookie-authenticated state changes.

Two rules, one per adapter: the API accepts a state change only from this server's origin (``Origin``, else
``Referer``: :func:`require_same_origin`), and the console's forms also carry a token bound to the session
(:func:`csrf_token`, :func:`check_csrf`). A page of another origin can make the browser send the cookie,
but it can neither read it (so it cannot know the token) nor forge the ``Origin`` header.
"""

from __future__ import annotations

import hashlib
import hmac

from lessonforge.domain.origins import is_allowed_origin, origin_of
from lessonforge.errors import PermissionDeniedError
from lessonforge.services.context import ServiceContext

_PURPOSE = b"lessonforge-console-csrf:"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def csrf_token(ctx: ServiceContext, session: str) -> str:
    """The form token for the session whose cookie value is ``session`` (or a pre-sign-in nonce)."""
    return hmac.new(ctx.settings.secret_key.encode(), _PURPOSE + session.encode(), hashlib.sha256).hexdigest()


def check_csrf(ctx: ServiceContext, session: str | None, sent: str | None) -> None:
    """PermissionDeniedError unless ``sent`` is the token of ``session``."""
    if not session or not sent or not hmac.compare_digest(csrf_token(ctx, session), sent):
        raise PermissionDeniedError("The form's security token is missing or out of date; reload the page")


def require_same_origin(
    ctx: ServiceContext, *, method: str, origin: str | None, referer: str | None, request_origin: str
) -> None:
    """Raise PermissionDeniedError when a state-changing request comes from another origin.

    Same origin means the configured public base URL (``LESSONFORGE_PUBLIC_BASE_URL``) or ``request_origin``,
    the scheme and ``Host`` the request was made to (the scheme as a trusted proxy reports it).
    """
    if method.upper() in SAFE_METHODS:
        return
    claimed = origin if origin is not None else referer
    if claimed is None:
        return
    allowed = (origin_of(ctx.settings.public_base_url), origin_of(request_origin))
    if not is_allowed_origin(claimed, allowed):
        header = "Origin" if origin is not None else "Referer"
        raise PermissionDeniedError(
            f"Cross-origin request refused: the {header} header names another site than this server"
        )
