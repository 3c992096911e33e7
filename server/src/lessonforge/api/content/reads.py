"""``GET /api/1.0/project``, ``/contents``, ``/contents/size``, ``/content`` and ``/project/export``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from lessonforge.api.content.deps import Token
from lessonforge.api.content.schemas import READ_ERRORS, content_error_responses
from lessonforge.api.deps import Ctx
from lessonforge.api.responses import Json
from lessonforge.services.content import reads

router = APIRouter(prefix="/api/1.0", tags=["content-api"], responses=content_error_responses(*READ_ERRORS))
_GZIP: dict[int | str, dict[str, Any]] = {
    200: {"description": "gzip-compressed JSON", "content": {"application/gzip": {"schema": {"type": "string"}}}}
}


@router.get("/project")
async def get_project(principal: Token, ctx: Ctx) -> Response:
    """The project with its languages and content types (entities with fields, enums with values)."""
    return Json(await run_in_threadpool(reads.get_project, ctx, principal))


@router.get("/contents")
async def list_contents(request: Request, principal: Token, ctx: Ctx) -> Response:
    """A bare array of contents: filters, ``language``, ``sort``, ``take``/``skip``, ``includeRelatedContent``."""
    params = request.query_params.multi_items()
    return Json(await run_in_threadpool(reads.list_contents, ctx, principal, params))


@router.get("/contents/size")
async def count_contents(request: Request, principal: Token, ctx: Ctx) -> Response:
    """A bare number: how many contents match the filters."""
    params = request.query_params.multi_items()
    return Json(await run_in_threadpool(reads.count_contents, ctx, principal, params))


@router.get("/content")
async def get_content(request: Request, principal: Token, ctx: Ctx) -> Response:
    """The first content matching the filters (404 when none does)."""
    params = request.query_params.multi_items()
    return Json(await run_in_threadpool(reads.get_content, ctx, principal, params))


@router.get("/project/export", response_class=Response, responses=_GZIP)
async def export_project(principal: Token, ctx: Ctx) -> Response:
    """``{meta, project, contents}`` as gzip-compressed JSON (``application/gzip``)."""
    data = await run_in_threadpool(reads.export_project, ctx, principal)
    filename = f"content-export-{principal.project.id}.json.gz"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(data, media_type="application/gzip", headers=headers)
