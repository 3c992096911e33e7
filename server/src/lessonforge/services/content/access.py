"""Who a Content API request acts for: token authentication, then one request of the token's rate limit."""

from __future__ import annotations

from dataclasses import dataclass

from lessonforge.domain.content.model import DRAFT, PUBLISHED, ContentProject
from lessonforge.domain.content.tokens import WRITE, is_well_formed, split_preview
from lessonforge.domain.keys import key_digest
from lessonforge.errors import AuthenticationError, PermissionDeniedError, RateLimitedError
from lessonforge.services.context import ServiceContext
from lessonforge.services.rate_limit import consume, retry_after

UNAUTHORIZED = "Missing or invalid access token"


@dataclass(frozen=True)
class ContentPrincipal:
    """A project token: its project, whether it may write, whether it sees drafts."""

    token_id: str
    project: ContentProject
    can_write: bool
    preview: bool

    @property
    def statuses(self) -> tuple[str, ...]:
        return (DRAFT, PUBLISHED) if self.preview else (PUBLISHED,)

    def require_write(self) -> None:
        if not self.can_write:
            raise PermissionDeniedError("This operation needs a write token")


def admit(ctx: ServiceContext, header: str | None) -> ContentPrincipal:
    """Authenticate the ``Authorization: Bearer`` header, then spend one request (401 before 429)."""
    token, preview = split_preview(_bearer(header))
    if not is_well_formed(token):
        raise AuthenticationError(UNAUTHORIZED)
    with ctx.store.write() as tx:
        found = tx.content.projects.token_by_digest(key_digest(token, ctx.settings.secret_key))
        project = tx.content.projects.get(found[1]) if found else None
        if found is None or project is None:
            raise AuthenticationError(UNAUTHORIZED)
        decision = consume(ctx, tx, f"ctoken:{found[0]}", project.rate_limit_per_minute)
    if not decision.allowed:
        raise RateLimitedError(
            retry_after=retry_after(ctx, decision), limit=decision.limit, message="Rate limit exceeded for this token"
        )
    return ContentPrincipal(found[0], project, found[2] == WRITE, preview)


ADMIN_TOKEN_ID = "admin-session"  # noqa: S105 - names the principal, not a secret


def admin_principal(project: ContentProject, *, as_reader: bool = False) -> ContentPrincipal:
    """How a signed-in admin of the project's organization acts on it (the console): a write token that sees
    drafts, or (``as_reader``) exactly what a read token sees. The same services then apply the same rules."""
    if as_reader:
        return ContentPrincipal(ADMIN_TOKEN_ID, project, can_write=False, preview=False)
    return ContentPrincipal(ADMIN_TOKEN_ID, project, can_write=True, preview=True)


def _bearer(header: str | None) -> str:
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError(UNAUTHORIZED)
    return token.strip()
