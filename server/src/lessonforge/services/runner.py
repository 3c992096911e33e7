"""Running one expansion task: generate every requested output and file the results exactly once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from lessonforge.domain.jobs import ErrorInfo, Job, JobOutput, JobStatus, OutputStatus, resource_type_of
from lessonforge.domain.payload import parse_payload
from lessonforge.domain.queue import ClaimedTask, TaskStatus
from lessonforge.domain.resources import Resource
from lessonforge.errors import SourceInvalidError, StaleLeaseError
from lessonforge.generation import GeneratedResource
from lessonforge.services.content.generated import publish_generated_resource
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id, share_token
from lessonforge.services.manifests import output_manifest
from lessonforge.services.video_checks import generate_within_limits
from lessonforge.services.webhooks import emit_job_event
from lessonforge.store.uow import Tx

log = logging.getLogger("lessonforge.worker")
GENERATION_FAILED = ErrorInfo("output_generation_failed", "The output could not be generated")


@dataclass(frozen=True)
class OutputResult:
    """What generating one output gave: a resource or an error."""

    output_type: str
    resource: GeneratedResource | None
    error: ErrorInfo | None


def run_expansion(ctx: ServiceContext, task: ClaimedTask) -> None:
    """Process a claimed expansion task. An unexpected exception propagates: the worker retries the task."""
    started = _start(ctx, task)
    if started is None:
        return
    job, payload = started
    output_types = [output.output_type for output in job.outputs]
    generated = generate_within_limits(output_types, parse_payload(payload), ctx.settings.video_limits)
    results = [_result(output_type, outcome) for output_type, outcome in zip(output_types, generated, strict=True)]
    _finish(ctx, task, job, results)


def give_up_expansion(ctx: ServiceContext, task: ClaimedTask) -> None:
    """After the last failed attempt: fail the job's unfinished outputs with ``output_generation_failed``."""
    with ctx.store.write() as tx:
        job = tx.jobs.get(task.ref_id)
        if job is not None and not job.status.is_terminal:
            _fail_everything(ctx, tx, task, job)


def _start(ctx: ServiceContext, task: ClaimedTask) -> tuple[Job, dict[str, Any]] | None:
    """Mark the job processing (fenced); None when there is nothing (left) to do."""
    now = ctx.clock.now()
    with ctx.store.write() as tx:
        job = tx.jobs.get(task.ref_id)
        if job is None or job.status.is_terminal:
            tx.queue.finish(task, TaskStatus.DONE)
            return None
        if task.attempt > task.max_attempts:  # crashed on every attempt (lease expiries count too)
            _fail_everything(ctx, tx, task, job)
            return None
        if not tx.queue.heartbeat(task, ctx.clock.time() + ctx.settings.job_lease_seconds):
            return None
        tx.jobs.set_status(job.id, JobStatus.PROCESSING, now)
        tx.jobs.set_output_status(job.id, OutputStatus.PROCESSING)
        payload = dict(tx.jobs.get_payload(job.id))
    return job, payload


def _result(output_type: str, outcome: GeneratedResource | SourceInvalidError) -> OutputResult:
    if isinstance(outcome, SourceInvalidError):
        return OutputResult(output_type, None, ErrorInfo("source_invalid", outcome.message))
    return OutputResult(output_type, outcome, None)


def _finish(ctx: ServiceContext, task: ClaimedTask, job: Job, results: list[OutputResult]) -> None:
    now = ctx.clock.now()
    with ctx.store.write() as tx:
        if not tx.queue.finish(task, TaskStatus.DONE):
            raise StaleLeaseError(f"lease on job {job.id} lost before completion")
        outputs = [_file_output(ctx, tx, job, result) for result in results]
        for output in outputs:
            tx.jobs.finish_output(job.id, output)
        failed = [o for o in outputs if o.status is OutputStatus.FAILED]
        error = _job_error(failed)
        status = JobStatus.FAILED if failed else JobStatus.COMPLETED
        tx.jobs.set_status(job.id, status, now, error)
        emit_job_event(ctx, tx, job, status, now)
    log.info("expansion finished", extra={"jobId": job.id, "failedOutputs": len(failed)})


def _file_output(ctx: ServiceContext, tx: Tx, job: Job, result: OutputResult) -> JobOutput:
    resource_type = resource_type_of(result.output_type)
    if result.resource is None:
        error = (result.error or GENERATION_FAILED).as_dict()
        return JobOutput(result.output_type, OutputStatus.FAILED, resource_type, None, None, error)
    now = ctx.clock.now()
    generated = result.resource
    resource = Resource(
        id=new_id(),
        organization_id=job.organization_id,
        classroom_id=job.classroom_id,
        job_id=job.id,
        output_type=result.output_type,
        resource_type=generated.resource_type,
        title=generated.title,
        language=generated.language,
        body=generated.body,
        version=1,
        share_token=share_token(),
        render_status="not_rendered" if generated.resource_type == "video" else None,
        created_at=now,
        updated_at=now,
        content_id=new_id(),  # the id publishing gives its copy, so edits can follow it
    )
    tx.resources.add(resource)
    tx.resources.add_version(resource)  # version 1 starts its history
    publish_generated_resource(ctx, tx, resource)
    manifest = output_manifest(ctx.settings.public_base_url, resource)
    return JobOutput(result.output_type, OutputStatus.COMPLETED, resource_type, resource.id, manifest, None)


def _job_error(failed: list[JobOutput]) -> dict[str, str] | None:
    if not failed:
        return None
    first = failed[0].error or {}
    if len(failed) == 1:
        return {"code": str(first.get("code")), "message": f"{failed[0].output_type}: {first.get('message')}"}
    names = ", ".join(o.output_type for o in failed)
    return {"code": str(first.get("code")), "message": f"{len(failed)} outputs failed ({names})"}


def _fail_everything(ctx: ServiceContext, tx: Tx, task: ClaimedTask, job: Job) -> None:
    """Give up on a job after its last attempt: every unfinished output fails without internals."""
    tx.queue.finish(task, TaskStatus.FAILED, "gave up after the last attempt")
    for output in job.outputs:
        failed = JobOutput(
            output.output_type, OutputStatus.FAILED, output.resource_type, None, None, GENERATION_FAILED.as_dict()
        )
        tx.jobs.finish_output(job.id, failed)
    now = ctx.clock.now()
    tx.jobs.set_status(job.id, JobStatus.FAILED, now, GENERATION_FAILED.as_dict())
    emit_job_event(ctx, tx, job, JobStatus.FAILED, now)
