"""Sign in and out, the organization picker, an organization's home page and inviting another admin."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import Response

from lessonforge.console.cookies import clear_session_cookie, set_session_cookie
from lessonforge.console.web import (
    LOGIN_NONCE_COOKIE,
    PREFIX,
    InOrg,
    Posted,
    SignedIn,
    SignInRequiredError,
    ctx_of,
    page,
    see_other,
    signed_in,
    status_of,
)
from lessonforge.errors import LessonforgeError, RateLimitedError
from lessonforge.services import accounts, invitations
from lessonforge.services.csrf import csrf_token
from lessonforge.services.sessions import SESSION_COOKIE, end_session, issue_session

router = APIRouter(prefix=PREFIX, include_in_schema=False)


def _safe_next(target: str) -> str:
    """Only a console path: never an open redirect to another site."""
    return target if target.startswith(PREFIX + "/") and not target.startswith("//") else PREFIX


def _login_page(request: Request, *, next_url: str, email: str = "", error: str = "", status: int = 200) -> Response:
    nonce = request.cookies.get(LOGIN_NONCE_COOKIE) or secrets.token_urlsafe(24)
    response = page(
        request,
        "login.html",
        status=status,
        title="Sign in",
        csrf=csrf_token(ctx_of(request), nonce),
        next_url=next_url,
        email=email,
        error=error,
    )
    response.set_cookie(LOGIN_NONCE_COOKIE, nonce, httponly=True, samesite="strict", path=PREFIX)
    return response


@router.get("/login")
def login_form(request: Request, next: str = PREFIX) -> Response:
    try:
        signed_in(request)
        return see_other(_safe_next(next))
    except SignInRequiredError:
        return _login_page(request, next_url=_safe_next(next))


@router.post("/login")
def login(request: Request, form: Posted) -> Response:
    """The API's sign-in rules (Argon2id, throttling) and the same ``jwt`` session cookie."""
    ctx = ctx_of(request)
    email, next_url = form.text("email"), _safe_next(form.text("next"))
    client_ip = request.client.host if request.client else "unknown"
    try:
        admin = accounts.login(ctx, email, str(form.get("password", "")), client_ip)
    except RateLimitedError as exc:
        return _login_page(request, next_url=next_url, email=email, error=exc.message, status=429)
    except LessonforgeError as exc:
        return _login_page(request, next_url=next_url, email=email, error=exc.message, status=401)
    response = see_other(next_url)
    set_session_cookie(response, request, ctx, issue_session(ctx, admin, form.text("timezone") or None))
    response.delete_cookie(LOGIN_NONCE_COOKIE, path=PREFIX)
    return response


@router.post("/logout")
def logout(request: Request, session: SignedIn, _form: Posted) -> Response:
    """End the session server-side (as the API's sign-out does), then clear the cookie."""
    end_session(session.ctx, request.cookies.get(SESSION_COOKIE))
    response = see_other(f"{PREFIX}/login")
    clear_session_cookie(response, request)
    return response


@router.get("")
@router.get("/")
def organizations(session: SignedIn) -> Response:
    """Pick the organization to work on."""
    orgs = accounts.organizations_of(session.ctx, session.admin.id)
    return page(session.request, "orgs.html", **session.view(title="Your organizations", orgs=orgs))


@router.get("/orgs/{org_id}")
def organization_home(session: InOrg) -> Response:
    return page(session.request, "org.html", **session.view(title=session.organization.name))


@router.get("/orgs/{org_id}/admins")
def admins(session: InOrg) -> Response:
    return page(session.request, "admins.html", **session.view(title="Admins"))


@router.post("/orgs/{org_id}/admins")
def invite(session: InOrg, form: Posted) -> Response:
    """Invite an admin; a new account's one-time password is shown once, on this answer only."""
    email = form.text("email")
    try:
        invited = invitations.invite_admin(session.ctx, session.admin.id, session.org_id, email)
    except LessonforgeError as exc:
        errors = {"email": exc.message}
        view = session.view(title="Admins", errors=errors, email=email)
        return page(session.request, "admins.html", status=status_of(exc), **view)
    return page(session.request, "admins.html", **session.view(title="Admins", invited=invited))
