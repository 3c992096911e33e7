"""Admission of a bearer request: authenticate the key, then spend one request of its rate limit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lessonforge.domain.gcra import RateDecision
from lessonforge.domain.jobs import Job
from lessonforge.services.context import ServiceContext
from lessonforge.services.keys import Authenticated, KeyPrincipal, authenticate, key_bucket
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


@dataclass(frozen=True)
class JobPoll:
    """One poll of a job: the admission, the job's revision (None: no such job) and, when needed, the job."""

    admission: Admission
    revision: int | None = None
    job: Job | None = None


def poll_job(ctx: ServiceContext, token: str | None, job_id: str, rendered: Callable[[str, int], bool]) -> JobPoll:
    """The polling hot path, in one transaction: admission, the job's revision, and the job itself only when
    ``rendered(job_id, revision)`` says the caller has not rendered that revision yet.
    """
    with ctx.store.hot_write() as tx:
        found = authenticate(ctx, tx, token, job_id=job_id)  # the job's revision comes with the key
        admission = _spend(ctx, tx, found)
        if not admission.decision.allowed:
            return JobPoll(admission)
        revision = found.job_revision
        if revision is None or rendered(job_id, revision):
            return JobPoll(admission, revision)
        return JobPoll(admission, revision, tx.hot.job(job_id, admission.principal.organization_id))


def _admit(ctx: ServiceContext, tx: HotTx, token: str | None) -> Admission:
    return _spend(ctx, tx, authenticate(ctx, tx, token))


def _spend(ctx: ServiceContext, tx: HotTx, found: Authenticated) -> Admission:
    principal = found.principal
    bucket = key_bucket(principal.key_id)
    decision = consume(ctx, tx, bucket, principal.rate_limit_per_minute, stored=found.bucket_tat)
    return Admission(principal, decision)
