"""The session cookie as both web adapters write it (the API's ``/auth`` and the console's sign-in)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from lessonforge.services.context import ServiceContext
from lessonforge.services.sessions import SESSION_COOKIE


def set_session_cookie(response: Response, request: Request, ctx: ServiceContext, token: str) -> None:
    """HttpOnly, SameSite=Lax, ``Secure`` over https, for the session's lifetime."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=ctx.settings.session_ttl_seconds,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )
