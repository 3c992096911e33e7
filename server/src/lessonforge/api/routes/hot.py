"""Lean Starlette endpoints for the hottest bearer reads (job polling).

Integrators poll ``GET /v1/content/integrations/expansions/{jobId}``; FastAPI's per-request dependency
solving costs more than the read itself, so this path is served by a plain Starlette route placed ahead of
its FastAPI twin, which stays in the router for the OpenAPI document and delegates here.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from starlette.routing import Route

from lessonforge.api.deps import admitted, bearer_token, call_store
from lessonforge.api.presenters import job_json
from lessonforge.api.responses import Json
from lessonforge.errors import NotFoundError
from lessonforge.services.bearer import admit_and_read_job
from lessonforge.services.context import ServiceContext

JOB_PATH = "/v1/content/integrations/expansions/{job_id}"


async def get_job(request: Request) -> Response:
    """Admission and the read share one transaction here (one connection, one commit per poll)."""
    ctx: ServiceContext = request.app.state.ctx
    job_id = request.path_params["job_id"]
    admission, job = await call_store(ctx, admit_and_read_job, ctx, bearer_token(request), job_id)
    admitted(request, ctx, admission)
    if job is None:
        raise NotFoundError("Expansion job not found")
    return Json(job_json(job))


def install_hot_routes(app: FastAPI) -> None:
    """Put the lean routes first, so they answer before their documented FastAPI twins."""
    app.router.routes.insert(0, Route(JOB_PATH, get_job, methods=["GET"], name="get_expansion_hot"))
