"""``Idempotency-Key`` on the state-changing admin routes, as a dependency whose ``run`` wraps the change.

The rules live in ``services.replays``; this adapter reads the header (declared, so OpenAPI shows it),
fingerprints the request and turns the stored answer back into a response marked ``Idempotent-Replayed``.
It runs inside the route, after authentication, the cross-origin rule and body validation: those refusals
are never stored under a key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel

from lessonforge.api.deps import Ctx
from lessonforge.api.routes._common import checked_idempotency_key
from lessonforge.services import replays
from lessonforge.services.context import ServiceContext

HEADER_DESCRIPTION = (
    "Optional, at most 255 printable characters. Retrying with the same key and the same request answers "
    "the stored first answer again (with `Idempotent-Replayed: true`, secrets included) instead of acting "
    "twice; the same key with another request is 409 `content_conflict`. Scoped per organization and route, "
    "kept 24 hours."
)


class AdminWrite:
    """One admin write: ``run(organization_id, body, change)`` acts once per Idempotency-Key."""

    def __init__(self, request: Request, ctx: ServiceContext, raw_key: str | None) -> None:
        self.request = request
        self.ctx = ctx
        self.raw_key = raw_key

    def run(self, organization_id: str, body: BaseModel | None, change: Callable[[], Response]) -> Response:
        key = checked_idempotency_key(self.raw_key)
        if key is None:
            return change()
        request = self.request
        route = f"{request.method} {getattr(request.scope.get('route'), 'path', request.url.path)}"
        sent = body.model_dump(mode="json") if body is not None else None
        fingerprint = replays.request_fingerprint(request.method, request.url.path, sent)
        held = replays.claim(self.ctx, organization_id, route, key, fingerprint)
        if held.replay is not None:
            stored = held.replay
            replayed = {"Idempotent-Replayed": "true"}
            return Response(stored.body, status_code=stored.status_code, media_type=stored.media_type, headers=replayed)
        try:
            response = change()
        except BaseException:
            replays.release(self.ctx, held)
            raise
        if 200 <= response.status_code < 300:
            answer = replays.Answer(response.status_code, response.media_type, bytes(response.body).decode("utf-8"))
            replays.complete(self.ctx, held, answer)
        else:
            replays.release(self.ctx, held)
        return response


def admin_write(
    request: Request,
    ctx: Ctx,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", description=HEADER_DESCRIPTION)] = None,
) -> AdminWrite:
    return AdminWrite(request, ctx, idempotency_key)


IdempotentWrite = Annotated[AdminWrite, Depends(admin_write)]
