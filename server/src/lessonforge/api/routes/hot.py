"""Lean Starlette endpoints for the hottest bearer reads (job polling).

Integrators poll ``GET /v1/content/integrations/expansions/{jobId}``; FastAPI's per-request dependency
solving costs more than the read itself, so this path is served by a plain Starlette route placed ahead of
its FastAPI twin, which stays in the router for the OpenAPI document. Both run the same code below.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from starlette.routing import Route

from lessonforge.api.deps import bearer_key, call_store
from lessonforge.api.presenters import job_json
from lessonforge.api.responses import Json
from lessonforge.services import expansions
from lessonforge.services.context import ServiceContext

JOB_PATH = "/v1/content/integrations/expansions/{job_id}"


async def read_job(request: Request, ctx: ServiceContext, organization_id: str, job_id: str) -> Response:
    """The job as JSON (the caller already admitted the key)."""
    job = await call_store(ctx, expansions.get_expansion, ctx, organization_id, job_id)
    return Json(job_json(job))


async def _get_job(request: Request) -> Response:
    ctx: ServiceContext = request.app.state.ctx
    principal = await bearer_key(request, ctx)
    return await read_job(request, ctx, principal.organization_id, request.path_params["job_id"])


def install_hot_routes(app: FastAPI) -> None:
    """Put the lean routes first, so they answer before their documented FastAPI twins."""
    app.router.routes.insert(0, Route(JOB_PATH, _get_job, methods=["GET"], name="get_expansion_hot"))
