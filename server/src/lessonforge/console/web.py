"""What every console page needs: templates, the signed-in admin (the API's ``jwt`` session), CSRF-checked
forms, and readable error pages that carry the request id."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import quote, urlsplit

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile

from lessonforge.domain.accounts import Admin, Organization
from lessonforge.errors import (
    ConflictError,
    FieldProblem,
    LessonforgeError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    UniqueViolationError,
)
from lessonforge.services import accounts
from lessonforge.services.context import ServiceContext
from lessonforge.services.csrf import check_csrf, csrf_token
from lessonforge.services.sessions import SESSION_COOKIE, session_admin

PREFIX = "/admin"
LIST_PAGE_SIZE = 25
"""Rows per page of the console's plain lists (keys, webhooks, projects)."""
_Row = TypeVar("_Row")
LOGIN_NONCE_COOKIE = "lf_login_nonce"
HERE = Path(__file__).parent


def build_templates() -> Jinja2Templates:
    """The console's Jinja2 templates (autoescaped HTML)."""
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["prefix"] = PREFIX
    return templates


def ctx_of(request: Request) -> ServiceContext:
    ctx: ServiceContext = request.app.state.ctx
    return ctx


def request_id(request: Request) -> str:
    return str(request.scope.get("state", {}).get("request_id", ""))


def page(request: Request, template: str, *, status: int = 200, **values: Any) -> HTMLResponse:
    """Render ``template`` with the request, its id and ``values``."""
    templates: Jinja2Templates = request.app.state.console_templates
    context = {"request_id": request_id(request), **values}
    response = templates.TemplateResponse(request, template, context, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    return response


def see_other(url: str) -> RedirectResponse:
    """POST → redirect → GET, so a reload never repeats the action."""
    return RedirectResponse(url, status_code=303)


@dataclass(frozen=True)
class Session:
    """A signed-in admin's request: the session cookie, its CSRF token and the admin."""

    request: Request
    ctx: ServiceContext
    admin: Admin
    token: str
    csrf: str

    def view(self, **values: Any) -> dict[str, Any]:
        return {"admin": self.admin, "csrf": self.csrf, **values}


class SignInRequiredError(Exception):
    """No valid session: the console answers with the sign-in page."""


def signed_in(request: Request) -> Session:
    """The admin behind the ``jwt`` cookie, checked by the same service as the API's."""
    ctx = ctx_of(request)
    token = request.cookies.get(SESSION_COOKIE)
    try:
        admin = session_admin(ctx, token)
    except LessonforgeError as exc:
        raise SignInRequiredError from exc
    assert token is not None
    return Session(request, ctx, admin, token, csrf_token(ctx, token))


SignedIn = Annotated[Session, Depends(signed_in)]


@dataclass(frozen=True)
class OrgSession(Session):
    """A signed-in admin acting for one organization they manage."""

    organization: Organization

    def view(self, **values: Any) -> dict[str, Any]:
        return super().view(org=self.organization, **values)

    @property
    def org_id(self) -> str:
        return self.organization.id

    def url(self, path: str = "") -> str:
        return f"{PREFIX}/orgs/{self.organization.id}{path}"


def org_session(org_id: str, session: SignedIn) -> OrgSession:
    """The session, for an organization the admin manages (403 otherwise, from the same membership rule)."""
    accounts.require_membership(session.ctx, session.admin.id, org_id)
    found = next(o for o in accounts.organizations_of(session.ctx, session.admin.id) if o.id == org_id)
    return OrgSession(session.request, session.ctx, session.admin, session.token, session.csrf, found)


InOrg = Annotated[OrgSession, Depends(org_session)]


class Form(dict[str, Any]):
    """A posted form whose CSRF token was checked; text fields as ``str``, files as ``UploadFile``."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__(items)
        self.lists: dict[str, list[Any]] = {}

    def text(self, name: str) -> str:
        value = self.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    def number(self, name: str) -> int | None:
        value = self.text(name)
        return int(value) if value.lstrip("-").isdigit() else None

    def upload(self, name: str) -> UploadFile | None:
        value = self.get(name)
        return value if isinstance(value, UploadFile) else None

    def getlist(self, name: str) -> list[Any]:
        return list(self.lists.get(name, []))


async def posted(request: Request) -> Form:
    """The form, after its CSRF token is checked against the session (or the sign-in nonce)."""
    data = await request.form()
    signing_in = request.url.path == f"{PREFIX}/login"
    session = request.cookies.get(LOGIN_NONCE_COOKIE if signing_in else SESSION_COOKIE)
    sent = data.get("csrf")
    check_csrf(ctx_of(request), session, sent if isinstance(sent, str) else None)
    form = Form(data.multi_items())
    for key, value in data.multi_items():
        form.lists.setdefault(key, []).append(value)
    return form


Posted = Annotated[Form, Depends(posted)]


def field_errors(problems: tuple[FieldProblem, ...] | list[FieldProblem]) -> dict[str, str]:
    """``{field: message}`` for inline display next to each input."""
    found: dict[str, str] = {}
    for problem in problems:
        found.setdefault(problem.field, problem.message)
    return found


def error_page(request: Request, status: int, message: str, fields: Mapping[str, str] | None = None) -> Response:
    """A readable error page for a console URL, with the request id to quote to support."""
    if status == 401:
        return see_other(f"{PREFIX}/login?next={quote(request.url.path)}")
    titles = {403: "Not allowed", 404: "Not found", 409: "Conflict", 429: "Too many requests"}
    title = titles.get(status, "Something went wrong" if status >= 500 else "Check your input")
    try:  # signed in: keep the navigation and the sign-out button on the error page
        values = signed_in(request).view()
    except SignInRequiredError:
        values = {}
    return page(request, "error.html", status=status, title=title, message=message, fields=fields or {}, **values)


_STATUSES: tuple[tuple[type[LessonforgeError], int], ...] = (
    (PermissionDeniedError, 403),
    (NotFoundError, 404),
    (ConflictError, 409),
    (UniqueViolationError, 409),
    (RateLimitedError, 429),
)


def status_of(exc: LessonforgeError) -> int:
    """The status a page re-rendered after ``exc`` answers with (the API's table; validation is 400)."""
    return next((status for cls, status in _STATUSES if isinstance(exc, cls)), 400)


def local_path(url: str | None) -> str | None:
    """A link on this server as a path, so it works from whichever host the console is opened on."""
    if not url:
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass(frozen=True)
class Paged(Generic[_Row]):
    """One page of a list shown in the console, with the links to its neighbours (``?page=n``)."""

    rows: Sequence[_Row]
    previous_url: str | None
    next_url: str | None


def paged(request: Request, rows: Sequence[_Row], size: int = LIST_PAGE_SIZE) -> Paged[_Row]:
    """The page ``?page=n`` (1 when absent or not a number; the last page when past the end) of ``rows``."""
    raw = request.query_params.get("page", "1")
    last = max(1, -(-len(rows) // size))
    number = min(max(int(raw), 1), last) if raw.isdigit() and len(raw) < 7 else 1
    start = (number - 1) * size
    return Paged(
        rows=rows[start : start + size],
        previous_url=f"?page={number - 1}" if number > 1 else None,
        next_url=f"?page={number + 1}" if number < last else None,
    )
