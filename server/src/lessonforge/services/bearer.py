"""Admission of a bearer request: authenticate the key, then spend one request of its rate limit."""

from __future__ import annotations

from dataclasses import dataclass

from lessonforge.domain.gcra import RateDecision
from lessonforge.services.context import ServiceContext
from lessonforge.services.keys import KeyPrincipal, authenticate
from lessonforge.services.rate_limit import consume


@dataclass(frozen=True)
class Admission:
    """An authenticated key and its rate-limit decision (which may be a refusal)."""

    principal: KeyPrincipal
    decision: RateDecision


def admit(ctx: ServiceContext, token: str | None) -> Admission:
    """Authenticate ``token`` and consume from its bucket in one transaction (auth before rate limit)."""
    with ctx.store.write() as tx:
        principal = authenticate(ctx, tx, token)
        decision = consume(ctx, tx, f"key:{principal.key_id}", principal.rate_limit_per_minute)
    return Admission(principal, decision)
