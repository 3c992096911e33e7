"""UI exports (SPEC §6): an admin hands a module that already exists to the integration as a completed job.

The job is an ordinary expansion job (``sourceType: "ui_export"``, one ``interactive_module`` output that
points at the module) so the external system sees it like any other: in the job list, through
``/result``, and as a ``content.completed`` webhook emitted in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from lessonforge.domain.jobs import (
    CreateCall,
    Job,
    JobOutput,
    JobStatus,
    OutputStatus,
    request_fingerprint,
    source_hash,
)
from lessonforge.domain.resources import Resource
from lessonforge.errors import NotFoundError, PermissionDeniedError, UniqueViolationError
from lessonforge.services.context import ServiceContext
from lessonforge.services.expansions import CreateOutcome, check_idempotency_key, replayed_job
from lessonforge.services.ids import new_id
from lessonforge.services.manifests import output_manifest
from lessonforge.services.webhooks import emit_job_event
from lessonforge.store.uow import Tx

UI_EXPORT_SOURCE = "ui_export"
_OUTPUT = "interactive_module"


@dataclass(frozen=True)
class UiExportRequest:
    """What the admin asked for: a module (``lessonId``) exported into a classroom, maybe under a key."""

    admin_id: str
    classroom_id: str
    lesson_id: str
    idempotency_key: str | None
    create_call: CreateCall | None = None  # the API call, kept with the job for support handoffs


def export_module(ctx: ServiceContext, request: UiExportRequest) -> CreateOutcome:
    """File the completed job, or replay the one stored under the idempotency key; a concurrent twin under
    the same key loses the unique-index race and is answered like a replay."""
    check_idempotency_key(request.idempotency_key)
    try:
        return _export_once(ctx, request)
    except UniqueViolationError:
        return _export_once(ctx, request)


def _export_once(ctx: ServiceContext, request: UiExportRequest) -> CreateOutcome:
    payload = {"lessonId": request.lesson_id}
    fingerprint = request_fingerprint(payload, UI_EXPORT_SOURCE, (_OUTPUT,), request.classroom_id)
    now = ctx.clock.now()
    with ctx.store.write() as tx:
        organization_id = _managed_classroom_org(tx, request.admin_id, request.classroom_id)
        replay = replayed_job(tx, organization_id, request.idempotency_key, fingerprint, now)
        if replay is not None:
            return CreateOutcome(replay, replayed=True)
        module = tx.resources.get(organization_id, "module", request.lesson_id)
        if module is None:
            raise NotFoundError("Module not found")
        job = _completed_job(ctx, tx, request, module, payload)
        if request.idempotency_key:
            expires = now + timedelta(days=ctx.settings.idempotency_ttl_days)
            tx.jobs.remember_key(organization_id, request.idempotency_key, fingerprint, job.id, now, expires)
    return CreateOutcome(job, replayed=False)


def _managed_classroom_org(tx: Tx, admin_id: str, classroom_id: str) -> str:
    classroom = tx.accounts.classroom_by_id(classroom_id)
    if classroom is None:
        raise NotFoundError("Classroom not found")
    if not tx.accounts.is_member(admin_id, classroom.organization_id):
        raise PermissionDeniedError("This admin cannot manage the classroom's organization")
    return classroom.organization_id


def _completed_job(
    ctx: ServiceContext, tx: Tx, request: UiExportRequest, module: Resource, payload: dict[str, str]
) -> Job:
    """Add the job as the runner would leave it: its output filed, then completed (which frees the source)."""
    now = ctx.clock.now()
    queued = JobOutput(_OUTPUT, OutputStatus.QUEUED, "module", None, None, None)
    job = Job(
        id=new_id(),
        organization_id=module.organization_id,
        classroom_id=request.classroom_id,
        source_type=UI_EXPORT_SOURCE,
        status=JobStatus.QUEUED,
        requested_outputs=(_OUTPUT,),
        idempotency_key=request.idempotency_key,
        source_title=module.title,
        error=None,
        created_at=now,
        updated_at=now,
        completed_at=None,
        outputs=(queued,),
        create_call=request.create_call,
    )
    tx.jobs.add(job, api_key_id=None, source_hash=source_hash(UI_EXPORT_SOURCE, payload), payload=payload)
    manifest = output_manifest(ctx.settings.public_base_url, module)
    tx.jobs.finish_output(job.id, JobOutput(_OUTPUT, OutputStatus.COMPLETED, "module", module.id, manifest, None))
    tx.jobs.set_status(job.id, JobStatus.COMPLETED, now)
    emit_job_event(ctx, tx, job, JobStatus.COMPLETED, now)
    completed = tx.jobs.get(job.id, job.organization_id)
    assert completed is not None
    return completed
