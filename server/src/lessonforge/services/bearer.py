"""Admission of a bearer request: authenticate the key, then spend one request of its rate limit."""

from __future__ import annotations

from dataclasses import dataclass

from lessonforge.domain.gcra import RateDecision
from lessonforge.domain.jobs import Job
from lessonforge.services.context import ServiceContext
from lessonforge.services.keys import KeyPrincipal, authenticate
from lessonforge.services.rate_limit import consume
from lessonforge.store.uow import Tx


@dataclass(frozen=True)
class Admission:
    """An authenticated key and its rate-limit decision (which may be a refusal)."""

    principal: KeyPrincipal
    decision: RateDecision


def admit(ctx: ServiceContext, token: str | None) -> Admission:
    """Authenticate ``token`` and consume from its bucket in one transaction (auth before rate limit)."""
    with ctx.store.write() as tx:
        return _admit(ctx, tx, token)


def admit_and_read_job(ctx: ServiceContext, token: str | None, job_id: str) -> tuple[Admission, Job | None]:
    """The polling hot path: admission and, when allowed, the key's job, in one transaction."""
    with ctx.store.write() as tx:
        admission = _admit(ctx, tx, token)
        if not admission.decision.allowed:
            return admission, None
        return admission, tx.jobs.get(job_id, admission.principal.organization_id)


def _admit(ctx: ServiceContext, tx: Tx, token: str | None) -> Admission:
    principal = authenticate(ctx, tx, token)
    decision = consume(ctx, tx, f"key:{principal.key_id}", principal.rate_limit_per_minute)
    return Admission(principal, decision)
