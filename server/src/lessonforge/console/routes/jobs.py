"""Jobs: the filtered, paginated list; submitting a level from a JSON file; a job's detail, live until it ends."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from lessonforge.console.diagnosis import handoff_json, plain_words
from lessonforge.console.web import PREFIX, Form, InOrg, Posted, local_path, page, see_other, status_of
from lessonforge.domain.jobs import Job, JobFilter, JobStatus
from lessonforge.domain.outputs import OUTPUT_TYPES
from lessonforge.errors import FieldProblem, LessonforgeError, ValidationError
from lessonforge.services import expansions

router = APIRouter(prefix=PREFIX + "/orgs/{org_id}/jobs", include_in_schema=False)
PAGE_SIZE = 20
FILTERS = ("status", "from", "to", "idempotencyKey", "title")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _day(value: str, field: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError as exc:
        raise ValidationError(f"{field}: not a date", fields=[FieldProblem(field, "Use a date (YYYY-MM-DD)")]) from exc


def _filter(query: dict[str, str]) -> JobFilter:
    until = _day(query.get("to", ""), "to")
    return JobFilter(
        created_from=_day(query.get("from", ""), "from"),
        created_before=until + timedelta(days=1) if until else None,  # the whole "to" day
        idempotency_key=query.get("idempotencyKey") or None,
        title_contains=query.get("title") or None,
    )


@router.get("")
def list_jobs(session: InOrg, request: Request, cursor: str | None = None) -> Response:
    query = {name: request.query_params.get(name, "").strip() for name in FILTERS}
    values: dict[str, Any] = {"query": query, "statuses": [s.value for s in JobStatus], "outputs": OUTPUT_TYPES}
    try:
        found = expansions.list_expansions(
            session.ctx,
            session.org_id,
            status=query["status"] or None,
            limit=PAGE_SIZE,
            cursor=cursor,
            where=_filter(query),
        )
    except LessonforgeError as exc:
        view = session.view(title="Jobs", jobs=[], errors={p.field: p.message for p in exc.fields}, **values)
        return page(request, "jobs.html", status=status_of(exc), **view)
    kept = urlencode({k: v for k, v in query.items() if v})
    next_url = f"?{kept}&cursor={found.next_cursor}" if found.next_cursor else None
    view = session.view(title="Jobs", jobs=found.items, next_url=next_url, first_url=f"?{kept}" if cursor else None)
    return page(request, "jobs.html", **view, **values)


def _submitted(form: Form) -> dict[str, Any]:
    """The uploaded file's JSON: a bare payload, or a request body ``{payload, requestedOutputs?, ...}``."""
    upload = form.upload("file")
    if upload is None or not upload.filename:
        raise ValidationError("file: choose a JSON file", fields=[FieldProblem("file", "Choose a JSON file")])
    raw = upload.file.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ValidationError("file: too large", fields=[FieldProblem("file", "The file is over 5 MiB")])
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        problem = FieldProblem("file", f"Not valid JSON: {exc}")
        raise ValidationError(f"file: {problem.message}", fields=[problem]) from exc
    if not isinstance(data, dict):
        raise ValidationError("file: not an object", fields=[FieldProblem("file", "The JSON must be an object")])
    return data if isinstance(data.get("payload"), dict) else {"payload": data}


@router.post("")
def submit_level(session: InOrg, form: Posted) -> Response:
    """The same create-expansion service as ``POST /v1/content/integrations/expansions`` (idempotency included)."""
    chosen = [name for name in OUTPUT_TYPES if form.get(f"output-{name}")]
    try:
        body = _submitted(form)
        created = expansions.create_expansion(
            session.ctx,
            expansions.ExpansionRequest(
                organization_id=session.org_id,
                api_key_id=None,
                payload=body["payload"],
                requested_outputs=chosen or body.get("requestedOutputs"),
                source_type=body.get("sourceType"),
                idempotency_key=form.text("idempotencyKey") or body.get("idempotencyKey"),
                classroom_id=None,
            ),
        )
    except LessonforgeError as exc:
        errors = {p.field: p.message for p in exc.fields} or {"file": exc.message}
        view = session.view(title="Jobs", jobs=[], errors=errors, query={}, statuses=[], outputs=OUTPUT_TYPES)
        return page(session.request, "jobs.html", status=status_of(exc), submit_error=exc.message, **view)
    return see_other(session.url(f"/jobs/{created.job.id}"))


def _outputs(session: InOrg, job: Job) -> list[dict[str, Any]]:
    return [
        {
            "output": output,
            "problem": plain_words(output.error),
            "urls": {k: local_path(v) for k, v in (output.manifest or {}).get("urls", {}).items()},
        }
        for output in job.outputs
    ]


@router.get("/{job_id}")
def job_detail(session: InOrg, job_id: str, request: Request) -> Response:
    job = expansions.get_expansion(session.ctx, session.org_id, job_id)
    view = session.view(
        title=job.source_title or "Untitled job",
        job=job,
        outputs=_outputs(session, job),
        problem=plain_words(job.error),
        handoff=handoff_json(job, None),
        terminal=job.status.is_terminal,
    )
    template = "_job_live.html" if request.headers.get("x-console-fragment") else "job.html"
    return page(request, template, **view)
