"""The job's exact JSON of the contract, shared by the API (answers) and the console (support handoff)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lessonforge.domain.jobs import Job, JobOutput


def iso(value: datetime | None) -> str | None:
    """ISO-8601 UTC with a ``Z`` and millisecond precision."""
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def output_json(output: JobOutput) -> dict[str, Any]:
    return {
        "outputType": output.output_type,
        "status": output.status.value,
        "resourceType": output.resource_type,
        "resourceId": output.resource_id,
        "manifest": output.manifest,
        "error": output.error,
    }


def job_json(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "organizationId": job.organization_id,
        "classroomId": job.classroom_id,
        "sourceType": job.source_type,
        "status": job.status.value,
        "requestedOutputs": list(job.requested_outputs),
        "idempotencyKey": job.idempotency_key,
        "sourceTitle": job.source_title,
        "error": job.error,
        "createdAt": iso(job.created_at),
        "updatedAt": iso(job.updated_at),
        "completedAt": iso(job.completed_at),
        "outputs": [output_json(o) for o in job.outputs],
        "createRequest": create_request_json(job),
    }


def create_request_json(job: Job) -> dict[str, Any] | None:
    """The call that created the job (support handoffs describe it), or None for jobs older than that record."""
    call = job.create_call
    if call is None:
        return None
    return {"endpoint": call.endpoint, "requestId": call.request_id, "at": iso(job.created_at)}
