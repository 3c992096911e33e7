"""``/auth``: admin sign-in and sign-out with the ``jwt`` session cookie."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from lessonforge.api.deps import Ctx, same_origin
from lessonforge.api.responses import Json
from lessonforge.api.routes._common import require_json
from lessonforge.api.schemas import LoginRequest, LoginResponse, error_responses
from lessonforge.console.cookies import clear_session_cookie, set_session_cookie
from lessonforge.services import accounts
from lessonforge.services.sessions import SESSION_COOKIE, end_session, issue_session

router = APIRouter(prefix="/auth", tags=["admin"])


@router.post(
    "/login",
    response_model=LoginResponse,
    responses=error_responses(401, 429, session_write=True),
    dependencies=[Depends(require_json)],
    summary="Sign in as an admin",
)
def login(body: LoginRequest, request: Request, ctx: Ctx) -> Response:
    """Check the password (Argon2id; failures throttled per email+IP, per email and per IP) and set the
    ``jwt`` cookie. A sign-in posted from another site's page is refused (403)."""
    same_origin(request, ctx)
    client_ip = request.client.host if request.client else "unknown"
    admin = accounts.login(ctx, body.email, body.password, client_ip)
    response = Json({"admin": {"id": admin.id, "email": admin.email}})
    set_session_cookie(response, request, ctx, issue_session(ctx, admin, body.timezone))
    return response


@router.post(
    "/logout",
    status_code=200,
    response_class=Response,
    responses=error_responses(session_write=True),
    summary="Sign out",
)
def logout(request: Request, ctx: Ctx) -> Response:
    """End the session server-side (a saved copy of the cookie is refused afterwards) and clear the cookie."""
    same_origin(request, ctx)
    end_session(ctx, request.cookies.get(SESSION_COOKIE))
    response = Response(status_code=200)
    clear_session_cookie(response, request)
    return response
