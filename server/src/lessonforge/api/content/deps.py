"""The Content API principal: ``Authorization: Bearer <token>`` checked, then one request of its rate limit."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials
from starlette.concurrency import run_in_threadpool

from lessonforge.api.deps import CONTENT_SCHEME, Ctx
from lessonforge.services.content.access import ContentPrincipal, admit


async def content_principal(
    request: Request, ctx: Ctx, _documented: Annotated[HTTPAuthorizationCredentials | None, Security(CONTENT_SCHEME)]
) -> ContentPrincipal:
    principal = await run_in_threadpool(admit, ctx, request.headers.get("authorization"))
    request.state.key_prefix = f"ctoken:{principal.token_id[:8]}"
    return principal


Token = Annotated[ContentPrincipal, Depends(content_principal)]
