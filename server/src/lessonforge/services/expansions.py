"""Expansion jobs: create (idempotent, duplicate-safe, enqueued in the same transaction), read, list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from lessonforge.domain.jobs import (
    DEFAULT_SOURCE_TYPE,
    CreateCall,
    Job,
    JobFilter,
    JobOutput,
    JobStatus,
    OutputStatus,
    normalise_outputs,
    request_fingerprint,
    resource_type_of,
    source_hash,
)
from lessonforge.domain.outputs import OUTPUT_TYPES
from lessonforge.domain.payload import source_title
from lessonforge.errors import ConflictError, FieldProblem, NotFoundError, UniqueViolationError, ValidationError
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id
from lessonforge.services.pagination import decode_cursor, encode_cursor
from lessonforge.store.uow import Tx

EXPANSION_TASK = "expansion"


@dataclass(frozen=True)
class ExpansionRequest:
    """A validated create request, as the API received it."""

    organization_id: str
    api_key_id: str | None
    payload: Mapping[str, Any]
    requested_outputs: Sequence[str] | None
    source_type: str | None
    idempotency_key: str | None
    classroom_id: str | None
    create_call: CreateCall | None = None  # the API call, kept with the job for support handoffs


@dataclass(frozen=True)
class CreateOutcome:
    job: Job
    replayed: bool


_CREATE_ATTEMPTS = 3
IDEMPOTENCY_KEY_MAX_LENGTH = 255


def check_idempotency_key(key: object) -> None:
    """An idempotency key is a string of 1 to 255 characters (the API's ``idempotencyKey``; its header is
    also held to printable ASCII there); the console's forms reach this rule only here."""
    if key is not None and not (isinstance(key, str) and 1 <= len(key) <= IDEMPOTENCY_KEY_MAX_LENGTH):
        problem = FieldProblem("idempotencyKey", f"Use 1 to {IDEMPOTENCY_KEY_MAX_LENGTH} characters")
        raise ValidationError(f"idempotencyKey: {problem.message}", fields=[problem])


def create_expansion(ctx: ServiceContext, request: ExpansionRequest) -> CreateOutcome:
    """Accept a job once. A concurrent twin that wins a unique rule (one job per key, one active job per
    source) makes this attempt roll back; the next one sees the twin's job and answers a replay or 409."""
    check_idempotency_key(request.idempotency_key)
    outputs = _validated_outputs(request.requested_outputs)
    for attempt in range(1, _CREATE_ATTEMPTS + 1):
        try:
            outcome = _create_once(ctx, request, outputs)
            break
        except UniqueViolationError:
            if attempt == _CREATE_ATTEMPTS:
                raise
    if not outcome.replayed:
        ctx.wake_workers()
    return outcome


def _create_once(ctx: ServiceContext, request: ExpansionRequest, outputs: tuple[str, ...]) -> CreateOutcome:
    source_type = request.source_type or DEFAULT_SOURCE_TYPE
    fingerprint = request_fingerprint(request.payload, source_type, outputs, request.classroom_id)
    digest = source_hash(source_type, request.payload)
    now = ctx.clock.now()
    with ctx.store.write() as tx:
        # Active source first, then the key: under READ COMMITTED a twin committed between the two reads is
        # then always seen through its key (job and key record commit together), so a replay wins.
        active = tx.jobs.active_with_source(request.organization_id, digest)
        replay = replayed_job(tx, request.organization_id, request.idempotency_key, fingerprint, now)
        if replay is not None:
            return CreateOutcome(replay, replayed=True)
        if active is not None:
            raise ConflictError(
                f"A job for the same source content is still in progress: {active}", details={"existingJobId": active}
            )
        classroom_id = _classroom(tx, request.organization_id, request.classroom_id)
        job = _new_job(ctx, request, source_type, outputs, classroom_id)
        tx.jobs.add(job, api_key_id=request.api_key_id, source_hash=digest, payload=request.payload)
        tx.queue.enqueue(
            new_id(),
            EXPANSION_TASK,
            job.id,
            run_after=ctx.clock.time(),
            max_attempts=ctx.settings.job_max_attempts,
            at=now,
        )
        if request.idempotency_key:
            expires = now + timedelta(days=ctx.settings.idempotency_ttl_days)
            tx.jobs.remember_key(request.organization_id, request.idempotency_key, fingerprint, job.id, now, expires)
    return CreateOutcome(job, replayed=False)


def replayed_job(tx: Tx, organization_id: str, key: str | None, fingerprint: str, now: datetime) -> Job | None:
    """The job stored under a live idempotency ``key`` for the same request, None when there is none;
    the same key with another request's ``fingerprint`` is a conflict (SPEC §4.3)."""
    if not key:
        return None
    stored = tx.jobs.idempotent_job(organization_id, key, now)
    if stored is None:
        return None
    if stored[0] != fingerprint:
        raise ConflictError("Idempotency-Key reused with a different request")
    return tx.jobs.get(stored[1], organization_id)


def _validated_outputs(requested: Sequence[str] | None) -> tuple[str, ...]:
    if requested is None:
        return OUTPUT_TYPES
    unknown = [value for value in requested if value not in OUTPUT_TYPES]
    if unknown or not requested:
        message = (
            f"requestedOutputs: unknown value {unknown[0]!r}" if unknown else "requestedOutputs: must not be empty"
        )
        allowed = ", ".join(OUTPUT_TYPES)
        raise ValidationError(
            message, fields=[FieldProblem("requestedOutputs", f"Each value must be one of {allowed}")]
        )
    return normalise_outputs(requested)


def _classroom(tx: Tx, organization_id: str, classroom_id: str | None) -> str:
    if classroom_id is None:
        default = tx.accounts.default_classroom(organization_id)
        if default is None:
            raise NotFoundError("The organization has no classroom")
        return default.id
    if tx.accounts.classroom(organization_id, classroom_id) is None:
        raise NotFoundError("Classroom not found")
    return classroom_id


def _new_job(
    ctx: ServiceContext, request: ExpansionRequest, source_type: str, outputs: tuple[str, ...], classroom_id: str
) -> Job:
    now = ctx.clock.now()
    return Job(
        id=new_id(),
        organization_id=request.organization_id,
        classroom_id=classroom_id,
        source_type=source_type,
        status=JobStatus.QUEUED,
        requested_outputs=outputs,
        idempotency_key=request.idempotency_key,
        source_title=source_title(request.payload),
        error=None,
        created_at=now,
        updated_at=now,
        completed_at=None,
        outputs=tuple(JobOutput(o, OutputStatus.QUEUED, resource_type_of(o), None, None, None) for o in outputs),
        create_call=request.create_call,
    )


def get_expansion(ctx: ServiceContext, organization_id: str, job_id: str) -> Job:
    """The job, or NotFoundError (also for another organization's job)."""
    with ctx.store.read() as tx:
        job = tx.jobs.get(job_id, organization_id)
    if job is None:
        raise NotFoundError("Expansion job not found")
    return job


@dataclass(frozen=True)
class JobPage:
    items: list[Job]
    next_cursor: str | None


def list_expansions(
    ctx: ServiceContext,
    organization_id: str,
    *,
    status: str | None,
    limit: int,
    cursor: str | None,
    where: JobFilter | None = None,
) -> JobPage:
    """The organization's jobs, newest first, ``limit`` at a time (``where`` narrows them further)."""
    if status is not None and status not in {s.value for s in JobStatus}:
        raise ValidationError(f"status: unknown value {status!r}", fields=[FieldProblem("status", "Unknown status")])
    where = replace(where or JobFilter(), status=status)
    after = decode_cursor(cursor) if cursor else None
    with ctx.store.read() as tx:
        items = tx.jobs.page(organization_id, where=where, limit=limit + 1, after=after)
    more = len(items) > limit
    items = items[:limit]
    next_cursor = encode_cursor(items[-1].created_at, items[-1].id) if more and items else None
    return JobPage(items, next_cursor)


def result_manifest(job: Job) -> dict[str, Any] | None:
    """The job's result manifest once it is terminal (SPEC §4.2), else None."""
    if not job.status.is_terminal:
        return None
    outputs = [
        {
            "outputType": o.output_type,
            "resourceType": o.resource_type,
            "resourceId": o.resource_id,
            "title": (o.manifest or {}).get("title"),
            "urls": (o.manifest or {}).get("urls", {}),
        }
        for o in job.outputs
    ]
    return {
        "jobId": job.id,
        "sourceType": job.source_type,
        "title": job.source_title,
        "status": job.status.value,
        "outputs": outputs,
    }
