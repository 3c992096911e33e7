"""``GET /api/1.0/project``, ``/contents``, ``/contents/size``, ``/content`` and ``/project/export``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from lessonforge.api.content.deps import Token
from lessonforge.api.content.http import is_head
from lessonforge.api.content.schemas import READ_ERRORS, content_error_responses
from lessonforge.api.content.streams import export_document, gzipped, json_array, streamed_json
from lessonforge.api.deps import Ctx
from lessonforge.api.responses import Json
from lessonforge.services.content import reads

router = APIRouter(prefix="/api/1.0", tags=["content-api"], responses=content_error_responses(*READ_ERRORS))
_ARRAY: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A bare array of contents (streamed)",
        "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}},
    }
}
_EXPORT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "`{meta, project, contents}` as JSON, sent with `Content-Encoding: gzip` (streamed)",
        "content": {"application/json": {"schema": {"type": "object"}}},
        "headers": {"Content-Encoding": {"schema": {"type": "string", "enum": ["gzip"]}}},
    }
}


@router.get("/project")
async def get_project(principal: Token, ctx: Ctx) -> Response:
    """The project with its languages and content types (entities with fields, enums with values)."""
    return Json(await run_in_threadpool(reads.get_project, ctx, principal))


@router.get("/contents", response_class=Response, responses=_ARRAY)
async def list_contents(request: Request, principal: Token, ctx: Ctx) -> Response:
    """A bare array of contents: filters, ``language``, ``sort``, ``take``/``skip``, ``includeRelatedContent``.

    Without ``take`` every matching content is answered, streamed in batches.
    """
    params = request.query_params.multi_items()
    batches = await run_in_threadpool(reads.list_contents, ctx, principal, params)
    return streamed_json(iter(()) if is_head(request) else json_array(batches))


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


@router.get("/project/export", response_class=Response, responses=_EXPORT)
async def export_project(request: Request, principal: Token, ctx: Ctx) -> Response:
    """``{meta, project, contents}``: ``Content-Type: application/json`` with ``Content-Encoding: gzip``."""
    headers = {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
    if is_head(request):
        return streamed_json(iter(()), headers)
    head, batches = await run_in_threadpool(reads.export_project, ctx, principal)
    return streamed_json(gzipped(export_document(head, batches)), headers)
