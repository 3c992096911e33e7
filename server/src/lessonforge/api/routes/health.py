"""Liveness, readiness (the database answers) and Prometheus metrics."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.concurrency import run_in_threadpool

from lessonforge.api.deps import Ctx
from lessonforge.api.responses import Json
from lessonforge.store.availability import database_unavailable, reason

router = APIRouter(tags=["operations"])
log = logging.getLogger("lessonforge.api")


@router.get("/healthz", summary="Liveness")
async def healthz() -> Response:
    """The process is up."""
    return Json({"status": "ok"})


@router.get(
    "/readyz",
    summary="Readiness",
    responses={503: {"description": "Still starting (waiting for the database), or the database does not answer"}},
)
async def readyz(ctx: Ctx, request: Request) -> Response:
    """Start-up has finished (the database was reached and migrated) and the database answers a trivial query."""
    if not request.app.state.ready.is_set():
        return Json({"status": "starting", "checks": {"database": "waiting"}}, status_code=503)
    try:
        await run_in_threadpool(ctx.store.ping)
    except Exception as exc:
        if not database_unavailable(exc):
            log.exception("readiness check failed")
        else:
            log.warning("readiness: database unavailable (%s)", reason(exc))
        return Json({"status": "unavailable", "checks": {"database": "down"}}, status_code=503)
    return Json({"status": "ok", "checks": {"database": "ok"}})


_PROMETHEUS: dict[int | str, dict[str, Any]] = {
    200: {"description": "Prometheus text format", "content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}}
}


@router.get("/metrics", summary="Prometheus metrics", response_class=Response, responses=_PROMETHEUS)
async def metrics(request: Request) -> Response:
    """Request counts and latencies in the Prometheus text format."""
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
