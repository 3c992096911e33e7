"""The baseline: a bare Starlette JSON endpoint, served exactly like lessonforge (one uvicorn process)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

JOB = {"id": "00000000-0000-0000-0000-000000000000", "status": "completed", "outputs": []}


async def job(_request: Request) -> JSONResponse:
    return JSONResponse(JOB)


async def healthz(_request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def create() -> Starlette:
    return Starlette(routes=[Route("/job", job), Route("/healthz", healthz)])
