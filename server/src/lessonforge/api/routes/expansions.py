"""``/v1/content/integrations/expansions``: create, read, list expansion jobs and their results."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response, Security

from lessonforge.api.deps import BEARER_SCHEME, Ctx, Principal, call_store
from lessonforge.api.presenters import job_json, result_json
from lessonforge.api.responses import Json
from lessonforge.api.routes import hot
from lessonforge.api.routes._common import body_schema, checked_idempotency_key, create_call, json_body
from lessonforge.api.schemas import CreateExpansionRequest, JobOut, JobPageOut, ResultOut, error_responses
from lessonforge.services import expansions

router = APIRouter(prefix="/v1/content/integrations/expansions", tags=["integration"])


@router.post(
    "",
    response_model=JobOut,
    responses=error_responses(401, 409, 429),
    openapi_extra=body_schema(CreateExpansionRequest),
    summary="Create an expansion job",
)
async def create_expansion(
    request: Request,
    principal: Principal,
    ctx: Ctx,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    """Accept the source JSON; the job, its outputs and its queue entry are committed together.

    Order: auth, rate limit, then body validation and idempotency.
    """
    body = await json_body(request, CreateExpansionRequest)
    key = checked_idempotency_key(idempotency_key) or body.idempotencyKey
    create = expansions.ExpansionRequest(
        organization_id=principal.organization_id,
        api_key_id=principal.key_id,
        payload=body.payload,
        requested_outputs=body.requestedOutputs,
        source_type=body.sourceType,
        idempotency_key=key,
        classroom_id=str(body.classroomId) if body.classroomId else None,
        create_call=create_call(request),
    )
    outcome = await call_store(ctx, expansions.create_expansion, ctx, create)
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else {}
    return Json(job_json(outcome.job), headers=headers)


@router.get("", response_model=JobPageOut, responses=error_responses(401, 429))
def list_expansions(
    principal: Principal,
    ctx: Ctx,
    status: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query()] = None,
) -> Response:
    """The organization's jobs, newest first; follow ``nextCursor`` for more."""
    page = expansions.list_expansions(ctx, principal.organization_id, status=status, limit=limit, cursor=cursor)
    return Json({"items": [job_json(job) for job in page.items], "nextCursor": page.next_cursor})


@router.get(
    "/{job_id}",
    response_model=JobOut,
    responses=error_responses(401, 429),
    dependencies=[Security(BEARER_SCHEME)],  # documents the key; the hot route checks it
)
async def get_expansion(job_id: str, request: Request) -> Response:
    """One job with its outputs (bearer key; served by the lean route in ``routes/hot.py``, documented here)."""
    return await hot.get_job(request)


@router.get("/{job_id}/result", response_model=ResultOut, responses=error_responses(401, 429))
async def get_result(job_id: str, principal: Principal, ctx: Ctx) -> Response:
    """The job, its outputs and (once terminal) the result manifest."""
    job = await call_store(ctx, expansions.get_expansion, ctx, principal.organization_id, job_id)
    return Json(result_json(job))
