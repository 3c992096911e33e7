"""Request dependencies: the service context, the bearer key (auth then rate limit), the admin session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, ParamSpec, TypeVar

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from lessonforge.domain.accounts import Admin
from lessonforge.errors import RateLimitedError
from lessonforge.observability import key_prefix_var
from lessonforge.services import accounts
from lessonforge.services.bearer import Admission, admit
from lessonforge.services.context import ServiceContext
from lessonforge.services.csrf import require_same_origin
from lessonforge.services.keys import KeyPrincipal
from lessonforge.services.rate_limit import retry_after
from lessonforge.services.sessions import SESSION_COOKIE, session_admin

BEARER_KEY, SESSION, CONTENT_TOKEN = "bearerKey", "sessionCookie", "contentToken"
# Declared as FastAPI security schemes so that the OpenAPI document names each operation's auth; the
# checks themselves are ours (auto_error=False: these never answer on their own).
BEARER_SCHEME = HTTPBearer(
    scheme_name=BEARER_KEY,
    bearerFormat="tf_content_<32 base62>",
    description="An organization's API key (Content Integration API), created by an admin.",
    auto_error=False,
)
SESSION_SCHEME = APIKeyCookie(
    name=SESSION_COOKIE,
    scheme_name=SESSION,
    description="The admin session set by `POST /auth/login` (HttpOnly, SameSite=Lax).",
    auto_error=False,
)
CONTENT_SCHEME = HTTPBearer(
    scheme_name=CONTENT_TOKEN,
    description="A content project's read or write token (Content API); the `PREVIEW_` prefix also sees drafts.",
    auto_error=False,
)
P = ParamSpec("P")
T = TypeVar("T")


async def get_ctx(request: Request) -> ServiceContext:
    ctx: ServiceContext = request.app.state.ctx
    return ctx


Ctx = Annotated[ServiceContext, Depends(get_ctx)]


async def call_store(ctx: ServiceContext, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a short service call: inline on embedded SQLite (microseconds, no thread hop), else in a thread.

    Only store-bound calls go through here; generation never runs in the API process's event loop.
    """
    if ctx.store.is_embedded:
        return function(*args, **kwargs)
    return await run_in_threadpool(function, *args, **kwargs)


async def bearer_key(
    request: Request, ctx: Ctx, _documented: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER_SCHEME)]
) -> KeyPrincipal:
    """Authenticate the bearer key, then spend one request; sets the RateLimit headers either way."""
    admission = await call_store(ctx, admit, ctx, bearer_token(request.headers.get("authorization")))
    return admitted(request, ctx, admission)


def admitted(request: Request, ctx: ServiceContext, admission: Admission) -> KeyPrincipal:
    """Record an admission on the request (key prefix, RateLimit headers); a refusal raises 429."""
    return record_admission(request.scope.setdefault("state", {}), ctx, admission)


def record_admission(state: dict[str, Any], ctx: ServiceContext, admission: Admission) -> KeyPrincipal:
    """``admitted`` on the raw ASGI request state (what the middleware logs and adds to the response)."""
    principal, decision = admission.principal, admission.decision
    state["key_prefix"] = principal.key_prefix
    key_prefix_var.set(principal.key_prefix)
    state["extra_headers"] = _rate_headers(ctx, admission)
    if not decision.allowed:
        raise RateLimitedError(
            retry_after=retry_after(ctx, decision), limit=decision.limit, message="Rate limit exceeded for this API key"
        )
    return principal


def _rate_headers(ctx: ServiceContext, admission: Admission) -> dict[str, str]:
    decision = admission.decision
    # Refused: the real wait until the GCRA lets the next request through (Retry-After adds the 30 s floor).
    reset = decision.reset_seconds if decision.allowed else decision.retry_after_seconds
    return {
        "RateLimit-Policy": f'"key";q={decision.limit};w={ctx.settings.rate_limit_window_seconds}',
        "RateLimit": f'"key";r={decision.remaining};t={reset}',
    }


def bearer_token(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer …`` header value, if any."""
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def current_admin(request: Request, ctx: Ctx, token: Annotated[str | None, Security(SESSION_SCHEME)]) -> Admin:
    """The signed-in admin (``jwt`` cookie); a state change from another site's page is refused first (403)."""
    if token:
        same_origin(request, ctx)
    return session_admin(ctx, token)


def same_origin(request: Request, ctx: ServiceContext) -> None:
    """The CSRF rule (``services.csrf``) for this request: Origin, else Referer, against this server's origin."""
    require_same_origin(
        ctx,
        method=request.method,
        origin=request.headers.get("origin"),
        referer=request.headers.get("referer"),
        request_origin=f"{request.url.scheme}://{request.url.netloc}",
    )


def organization_admin(organization_id: str, admin: Annotated[Admin, Depends(current_admin)], ctx: Ctx) -> Admin:
    """The signed-in admin, who must manage ``organization_id`` (else 403)."""
    accounts.require_membership(ctx, admin.id, organization_id)
    return admin


Principal = Annotated[KeyPrincipal, Depends(bearer_key)]
SignedInAdmin = Annotated[Admin, Depends(current_admin)]
OrgAdmin = Annotated[Admin, Depends(organization_admin)]
