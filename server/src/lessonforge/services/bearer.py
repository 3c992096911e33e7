"""Admission of a bearer request: authenticate the key, then spend one request of its rate limit."""

from __future__ import annotations

from dataclasses import dataclass

from lessonforge.domain.gcra import RateDecision
from lessonforge.services.context import ServiceContext
from lessonforge.services.keys import KeyPrincipal, authenticate
from lessonforge.services.rate_limit import consume
from lessonforge.store.uow import HotTx


@dataclass(frozen=True)
class Admission:
    """An authenticated key and its rate-limit decision (which may be a refusal)."""

    principal: KeyPrincipal
    decision: RateDecision


def admit(ctx: ServiceContext, token: str | None) -> Admission:
    """Authenticate ``token`` and consume from its bucket in one transaction (auth before rate limit)."""
    with ctx.store.hot_write() as tx:
        return _admit(ctx, tx, token)


def admit_and_peek_job(ctx: ServiceContext, token: str | None, job_id: str) -> tuple[Admission, int | None]:
    """The polling hot path, one transaction: admission and, when allowed, the revision of the key's job.

    The revision (None when the organization has no such job) tells the caller whether a job it has already
    rendered is still current; the full job is read only when it changed.
    """
    with ctx.store.hot_write() as tx:
        admission = _admit(ctx, tx, token)
        if not admission.decision.allowed:
            return admission, None
        return admission, tx.hot.job_revision(job_id, admission.principal.organization_id)


def _admit(ctx: ServiceContext, tx: HotTx, token: str | None) -> Admission:
    principal = authenticate(ctx, tx, token)
    decision = consume(ctx, tx, f"key:{principal.key_id}", principal.rate_limit_per_minute)
    return Admission(principal, decision)
