"""Repository for expansion jobs, their outputs and idempotency records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.engine import Connection

from lessonforge.domain.jobs import CreateCall, Job, JobFilter, JobOutput, JobStatus, OutputStatus
from lessonforge.store.fast import FastStatement, Runner
from lessonforge.store.schema import idempotency_records, job_outputs, jobs

_JOB_COLUMNS = [c for c in jobs.c if c.name != "payload"]
# Built once: job reads are the API's hottest path.
_JOB_SELECT = select(*_JOB_COLUMNS).where(jobs.c.id == bindparam("job_id"))
_JOB_BY_ID = FastStatement(_JOB_SELECT)
_JOB_BY_ID_IN_ORG = FastStatement(_JOB_SELECT.where(jobs.c.organization_id == bindparam("organization_id")))
_OUTPUTS_OF_JOB = FastStatement(
    select(job_outputs).where(job_outputs.c.job_id == bindparam("job_id")).order_by(job_outputs.c.position)
)

_PAYLOAD = select(jobs.c.payload).where(jobs.c.id == bindparam("job_id"))
_JOB_ROW = update(jobs).where(jobs.c.id == bindparam("b_id"))
_NEXT_REVISION = jobs.c.revision + 1
_BUMP_REVISION = _JOB_ROW.values(revision=_NEXT_REVISION)
_SET_STATUS = _JOB_ROW.values(status=bindparam("b_status"), updated_at=bindparam("b_at"), revision=_NEXT_REVISION)
_SET_TERMINAL = _JOB_ROW.values(
    revision=_NEXT_REVISION,
    status=bindparam("b_status"),
    updated_at=bindparam("b_at"),
    completed_at=bindparam("b_at"),
    active_source_hash=None,
    error=bindparam("b_error"),
)
_SET_OUTPUTS_STATUS = (
    update(job_outputs).where(job_outputs.c.job_id == bindparam("b_job")).values(status=bindparam("b_status"))
)
_FINISH_OUTPUT = (
    update(job_outputs)
    .where(job_outputs.c.job_id == bindparam("b_job"), job_outputs.c.output_type == bindparam("b_type"))
    .values(
        status=bindparam("b_status"),
        resource_id=bindparam("b_resource"),
        manifest=bindparam("b_manifest"),
        error=bindparam("b_error"),
    )
)

_DESCRIBE_RESOURCE = (
    update(job_outputs)
    .where(job_outputs.c.resource_id == bindparam("b_resource"))
    .values(manifest=bindparam("b_manifest"))
)
_BUMP_JOBS_OF_RESOURCE = (
    update(jobs)
    .where(jobs.c.id.in_(select(job_outputs.c.job_id).where(job_outputs.c.resource_id == bindparam("b_resource"))))
    .values(revision=_NEXT_REVISION)
)


class JobRepository:
    """Jobs and outputs; only ``get_payload`` reads the (possibly large) source payload."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, job: Job, *, api_key_id: str | None, source_hash: str, payload: Mapping[str, Any]) -> None:
        self.conn.execute(
            jobs.insert(),
            {
                "id": job.id,
                "organization_id": job.organization_id,
                "classroom_id": job.classroom_id,
                "api_key_id": api_key_id,
                "source_type": job.source_type,
                "status": job.status.value,
                "requested_outputs": list(job.requested_outputs),
                "idempotency_key": job.idempotency_key,
                "source_hash": source_hash,
                "active_source_hash": source_hash,
                "source_title": job.source_title,
                "payload": dict(payload),
                "created_at": job.created_at,
                "updated_at": job.updated_at,
                "create_endpoint": job.create_call.endpoint if job.create_call else None,
                "create_request_id": job.create_call.request_id if job.create_call else None,
            },
        )
        rows = [_output_row(job.id, position, output) for position, output in enumerate(job.outputs)]
        self.conn.execute(job_outputs.insert(), rows)

    def get(self, job_id: str, organization_id: str | None = None) -> Job | None:
        return read_job(self.conn, job_id, organization_id)

    def get_payload(self, job_id: str) -> Mapping[str, Any]:
        payload: Mapping[str, Any] = self.conn.execute(_PAYLOAD, {"job_id": job_id}).scalar_one()
        return payload

    def active_with_source(self, organization_id: str, source_hash: str) -> str | None:
        query = select(jobs.c.id).where(
            jobs.c.organization_id == organization_id, jobs.c.active_source_hash == source_hash
        )
        found: str | None = self.conn.execute(query).scalar()
        return found

    def page(
        self, organization_id: str, *, where: JobFilter, limit: int, after: tuple[datetime, str] | None
    ) -> list[Job]:
        """Newest first; ``after`` is the (created_at, id) of the last job of the previous page."""
        query = select(*_JOB_COLUMNS).where(jobs.c.organization_id == organization_id, *_conditions(where))
        if after is not None:
            created, job_id = after
            query = query.where(
                or_(jobs.c.created_at < created, and_(jobs.c.created_at == created, jobs.c.id < job_id))
            )
        rows = (
            self.conn.execute(query.order_by(jobs.c.created_at.desc(), jobs.c.id.desc()).limit(limit)).mappings().all()
        )
        outputs = self._outputs([r["id"] for r in rows])
        return [_job(r, outputs.get(r["id"], [])) for r in rows]

    def set_status(self, job_id: str, status: JobStatus, at: datetime, error: Mapping[str, Any] | None = None) -> None:
        """Move the job; a terminal status also stamps ``completed_at`` and frees the source for new jobs."""
        params: dict[str, Any] = {"b_id": job_id, "b_status": status.value, "b_at": at}
        if status.is_terminal:
            self.conn.execute(_SET_TERMINAL, {**params, "b_error": dict(error) if error else None})
        else:
            self.conn.execute(_SET_STATUS, params)

    def describe_resource(self, resource_id: str, manifest: Mapping[str, Any]) -> None:
        """Store ``manifest`` on every output that points at the resource; those jobs' revisions move."""
        params = {"b_resource": resource_id}
        if self.conn.execute(_DESCRIBE_RESOURCE, {**params, "b_manifest": dict(manifest)}).rowcount:
            self.conn.execute(_BUMP_JOBS_OF_RESOURCE, params)

    def set_output_status(self, job_id: str, status: OutputStatus) -> None:
        self.conn.execute(_SET_OUTPUTS_STATUS, {"b_job": job_id, "b_status": status.value})
        self.conn.execute(_BUMP_REVISION, {"b_id": job_id})

    def finish_output(self, job_id: str, output: JobOutput) -> None:
        params = {
            "b_job": job_id,
            "b_type": output.output_type,
            "b_status": output.status.value,
            "b_resource": output.resource_id,
            "b_manifest": dict(output.manifest) if output.manifest else None,
            "b_error": dict(output.error) if output.error else None,
        }
        self.conn.execute(_FINISH_OUTPUT, params)
        self.conn.execute(_BUMP_REVISION, {"b_id": job_id})

    def idempotent_job(self, organization_id: str, key: str, now: datetime) -> tuple[str, str] | None:
        """(request fingerprint, job id) stored under a live key, or None."""
        query = select(idempotency_records.c.request_fingerprint, idempotency_records.c.job_id).where(
            idempotency_records.c.organization_id == organization_id,
            idempotency_records.c.idempotency_key == key,
            idempotency_records.c.expires_at > now,
        )
        row = self.conn.execute(query).first()
        return (row[0], row[1]) if row else None

    def remember_key(
        self, organization_id: str, key: str, fingerprint: str, job_id: str, now: datetime, expires: datetime
    ) -> None:
        """Store the key for ``job_id``. Only an expired record of the key is replaced: a live one (a concurrent
        twin's, committed or not) makes the insert break the primary key, which the database enforces on every
        dialect and isolation level, so one key never holds two jobs."""
        self.conn.execute(
            delete(idempotency_records).where(
                idempotency_records.c.organization_id == organization_id,
                idempotency_records.c.idempotency_key == key,
                idempotency_records.c.expires_at <= now,
            )
        )
        self.conn.execute(
            idempotency_records.insert().values(
                organization_id=organization_id,
                idempotency_key=key,
                request_fingerprint=fingerprint,
                job_id=job_id,
                created_at=now,
                expires_at=expires,
            )
        )

    def _outputs(self, job_ids: Sequence[str]) -> dict[str, list[JobOutput]]:
        if not job_ids:
            return {}
        query = select(job_outputs).where(job_outputs.c.job_id.in_(job_ids)).order_by(job_outputs.c.position)
        grouped: dict[str, list[JobOutput]] = {}
        for row in self.conn.execute(query).mappings():
            grouped.setdefault(row["job_id"], []).append(_output(row))
        return grouped


def read_job(conn: Runner, job_id: str, organization_id: str | None = None) -> Job | None:
    """One job with its outputs (not its payload), through prebuilt statements; None when not found."""
    if organization_id is None:
        rows = _JOB_BY_ID.mappings(conn, job_id=job_id)
    else:
        rows = _JOB_BY_ID_IN_ORG.mappings(conn, job_id=job_id, organization_id=organization_id)
    if not rows:
        return None
    outputs = [_output(r) for r in _OUTPUTS_OF_JOB.mappings(conn, job_id=job_id)]
    return _job(rows[0], outputs)


def _output_row(job_id: str, position: int, output: JobOutput) -> dict[str, Any]:
    return {
        "job_id": job_id,
        "output_type": output.output_type,
        "position": position,
        "status": output.status.value,
        "resource_type": output.resource_type,
        "resource_id": None,
        "manifest": None,
        "error": None,
    }


def _output(row: Mapping[Any, Any]) -> JobOutput:
    return JobOutput(
        output_type=row["output_type"],
        status=OutputStatus(row["status"]),
        resource_type=row["resource_type"],
        resource_id=row["resource_id"],
        manifest=row["manifest"],
        error=row["error"],
    )


def _job(row: Mapping[Any, Any], outputs: list[JobOutput]) -> Job:
    return Job(
        id=row["id"],
        organization_id=row["organization_id"],
        classroom_id=row["classroom_id"],
        source_type=row["source_type"],
        status=JobStatus(row["status"]),
        requested_outputs=tuple(row["requested_outputs"]),
        idempotency_key=row["idempotency_key"],
        source_title=row["source_title"],
        error=row["error"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        completed_at=row["completed_at"],
        outputs=tuple(outputs),
        revision=row["revision"],
        create_call=CreateCall(row["create_endpoint"], row["create_request_id"]) if row["create_endpoint"] else None,
    )


def _conditions(where: JobFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if where.status:
        found.append(jobs.c.status == where.status)
    if where.created_from is not None:
        found.append(jobs.c.created_at >= where.created_from)
    if where.created_before is not None:
        found.append(jobs.c.created_at < where.created_before)
    if where.idempotency_key:
        found.append(jobs.c.idempotency_key == where.idempotency_key)
    if where.title_contains:
        pattern = "%" + where.title_contains.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found.append(func.lower(jobs.c.source_title).like(pattern, escape="\\"))
    return found
