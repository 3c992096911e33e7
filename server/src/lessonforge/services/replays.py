"""Idempotency-Key on admin writes: the first answer is stored (sealed) and replayed to every retry.

The rules are the expansions' (SPEC §4.3), for any state-changing admin route: the same key with the same
request (method, path and canonical JSON body) gets the stored answer again, marked replayed; the same key
with another request is a conflict. Keys are scoped per organization and route (method + path template).
Only successful (2xx) answers are stored; a refusal is released so that a corrected retry may run.

The record is claimed before the change runs and completed after it commits. A concurrent twin meets the
claim and gets a conflict ("in progress"); a claim left behind by a process that died is taken over after
:data:`PENDING_LEASE`. Answers that show a secret once (a new API key, a webhook's signing secret) are
replayed whole, since the caller who lost the first answer has no other way to learn it: they are sealed
with the server's secret and kept for ``admin_idempotency_ttl_seconds`` (24 h by default) only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from lessonforge.domain.payload import canonical_json
from lessonforge.domain.sealing import SealError, seal, unseal
from lessonforge.errors import ConflictError, UniqueViolationError
from lessonforge.services.context import ServiceContext

SEAL_PURPOSE = "stored-response"
PENDING_LEASE = timedelta(seconds=60)


@dataclass(frozen=True)
class Answer:
    """An HTTP answer as stored: status, media type and body text."""

    status_code: int
    media_type: str | None
    body: str


@dataclass(frozen=True)
class Claim:
    """The record a request holds (``replay`` is None) or the stored answer it must replay."""

    organization_id: str
    route: str
    key: str
    replay: Answer | None = None


def request_fingerprint(method: str, path: str, body: Mapping[str, Any] | None) -> str:
    """sha256 of the request as the key guards it: method, concrete path, canonical JSON body."""
    text = canonical_json({"method": method.upper(), "path": path, "body": body})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def claim(ctx: ServiceContext, organization_id: str, route: str, key: str, fingerprint: str) -> Claim:
    """Claim ``key`` for this request, or find the answer to replay; ConflictError when it cannot be either."""
    try:
        return _claim(ctx, organization_id, route, key, fingerprint)
    except UniqueViolationError as exc:  # a concurrent twin inserted the record first
        if exc.rule != "admin_idempotency_key":
            raise
        return _claim(ctx, organization_id, route, key, fingerprint)


def _claim(ctx: ServiceContext, organization_id: str, route: str, key: str, fingerprint: str) -> Claim:
    now = ctx.clock.now()
    with ctx.store.write() as tx:
        tx.replays.purge_expired(now)
        found = tx.replays.get(organization_id, route, key)
        if found is None:
            expires = now + timedelta(seconds=ctx.settings.admin_idempotency_ttl_seconds)
            tx.replays.add_pending(organization_id, route, key, fingerprint, now, expires)
            return Claim(organization_id, route, key)
        if found.fingerprint != fingerprint:
            raise ConflictError("Idempotency-Key reused with a different request")
        if found.status_code is not None and found.body_sealed is not None:
            body = _unsealed(ctx, found.body_sealed)
            return Claim(organization_id, route, key, Answer(found.status_code, found.media_type, body))
        if now - found.created_at < PENDING_LEASE:
            raise ConflictError("A request with this Idempotency-Key is still in progress; retry shortly")
        tx.replays.restart_pending(organization_id, route, key, now)
        return Claim(organization_id, route, key)


def complete(ctx: ServiceContext, held: Claim, answer: Answer) -> None:
    """Store the answer of a successful request under its key (sealed)."""
    sealed = seal(answer.body, ctx.settings.secret_key, SEAL_PURPOSE)
    with ctx.store.write() as tx:
        tx.replays.complete(held.organization_id, held.route, held.key, answer.status_code, answer.media_type, sealed)


def release(ctx: ServiceContext, held: Claim) -> None:
    """Drop the claim of a request that did not succeed, so a retry runs again."""
    with ctx.store.write() as tx:
        tx.replays.remove(held.organization_id, held.route, held.key)


def _unsealed(ctx: ServiceContext, sealed: str) -> str:
    try:
        return unseal(sealed, ctx.settings.secret_key, SEAL_PURPOSE)
    except SealError as exc:  # sealed under a previous server secret: the answer cannot be given again
        raise ConflictError("Idempotency-Key was used before a server secret change; use a new key") from exc
