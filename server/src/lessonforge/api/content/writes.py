"""Content writes (write token): create, update one field value, publish, upload media; media served back."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse

from lessonforge.api.content.deps import Token
from lessonforge.api.content.schemas import (
    WRITE_ERRORS,
    CreateContentIn,
    CreatedIdOut,
    UpdateFieldIn,
    UploadedMediaOut,
    content_error_responses,
)
from lessonforge.api.content.upload_form import read_upload
from lessonforge.api.deps import Ctx
from lessonforge.api.responses import Json
from lessonforge.api.routes._common import body_schema, json_body
from lessonforge.domain.content.writes import Block
from lessonforge.errors import FieldProblem, ValidationError
from lessonforge.services.content import chunks, media, writes

router = APIRouter(prefix="/api/1.0", tags=["content-api"])
_WRITE = content_error_responses(*WRITE_ERRORS)
# Media is public (the id is the secret) and served with the content type it was uploaded with.
_MEDIA = {
    200: {"description": "The uploaded file", "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}},
    **content_error_responses(),
}
_PROGRESS = {
    "type": "object",
    "properties": {k: {"type": t} for k, t in (("uploadId", "string"), ("chunkIndex", "integer"),
                                                ("receivedChunks", "integer"), ("totalChunks", "integer"))},
}  # fmt: skip
_UPLOAD: dict[int | str, dict[str, Any]] = {
    200: {"description": "A chunk kept (chunked mode); more are expected",
          "content": {"application/json": {"schema": _PROGRESS}}},
    **_WRITE,
}  # fmt: skip
_UPLOAD_BODY = {
    "parameters": [
        {"name": "X-Chunk-Upload", "in": "header", "required": False, "schema": {"type": "string", "enum": ["true"]}}
    ],
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "simple upload"},
                        "chunk": {"type": "string", "format": "binary", "description": "chunked upload: this chunk"},
                        "chunkOptions": {
                            "type": "string",
                            "description": "chunked upload: JSON {chunkIndex, chunkSize, totalChunks, uploadId?, "
                            "fileName?}",
                        },
                    },
                }
            }
        },
    },
}


@router.post(
    "/content",
    status_code=201,
    response_model=CreatedIdOut,
    responses=_WRITE,
    openapi_extra=body_schema(CreateContentIn),
)
async def create_content(request: Request, principal: Token, ctx: Ctx) -> Response:
    """Create a draft content; answers 201 ``{id}``."""
    body = await json_body(request, CreateContentIn)
    blocks = [Block(b.language, [(f.name, f.value) for f in b.fields]) for b in body.content]
    content_id = await run_in_threadpool(writes.create_content, ctx, principal, body.contentType, body.name, blocks)
    return Json({"id": content_id}, status_code=201)


@router.put(
    "/content/{content_id}", response_model=CreatedIdOut, responses=_WRITE, openapi_extra=body_schema(UpdateFieldIn)
)
async def update_field_value(content_id: str, request: Request, principal: Token, ctx: Ctx) -> Response:
    """Set one field value: ``{fieldName, language, value}`` or ``{id, value}``; answers 200 ``{id}``."""
    body = await json_body(request, UpdateFieldIn)
    if "value" not in body.model_fields_set:
        raise ValidationError("value: Required", fields=[FieldProblem("value", "Required")])
    target: tuple[str, str | None] | str
    if body.fieldName is not None:
        target = (body.fieldName, body.language)
    elif body.id is not None:
        target = body.id
    else:
        raise ValidationError("Send fieldName (and language) or id", fields=[FieldProblem("fieldName", "Required")])
    updated = await run_in_threadpool(writes.update_field_value, ctx, principal, content_id, target, body.value)
    return Json({"id": updated})


@router.post("/content/{content_id}/publish", status_code=204, response_class=Response, responses=_WRITE)
async def publish_content(content_id: str, principal: Token, ctx: Ctx) -> Response:
    await run_in_threadpool(writes.publish_content, ctx, principal, content_id)
    return Response(status_code=204)


@router.post(
    "/resource/upload",
    status_code=201,
    response_model=UploadedMediaOut,
    responses=_UPLOAD,
    openapi_extra=_UPLOAD_BODY,
)
async def upload_media(request: Request, principal: Token, ctx: Ctx) -> Response:
    """Multipart ``file`` → 201 ``{name, url}``; the file is streamed to disk (or S3), never held in memory.

    With ``X-Chunk-Upload: true`` the parts are ``chunk`` and ``chunkOptions`` (JSON ``{chunkIndex, chunkSize,
    totalChunks, uploadId?, fileName?}``): 200 ``{uploadId, chunkIndex, receivedChunks, totalChunks}`` until the
    last chunk, then 201 ``{name, url}``.
    """
    principal.require_write()
    chunked = request.headers.get("x-chunk-upload", "").strip().lower() == "true"
    part = "chunk" if chunked else "file"
    form = await read_upload(request, part, media.max_upload_bytes(ctx), media.staging_dir(ctx))
    if form.path is None:
        raise ValidationError(f"{part}: Required", fields=[FieldProblem(part, "Required")])
    staged = media.StagedFile(form.path, form.size, form.filename or "file", form.content_type)
    try:
        if not chunked:
            return Json(await run_in_threadpool(media.upload_file, ctx, principal, staged), status_code=201)
        options = chunks.parse_options(form.fields.get("chunkOptions"))
        answer = await run_in_threadpool(chunks.receive, ctx, principal, options, staged)
    finally:
        form.discard()  # gone already once stored; removes it after a refusal
    return Json(answer.body, status_code=201 if answer.done else 200)


@router.get("/media/{media_id}/{filename}", response_class=Response, responses=_MEDIA)
async def get_media(media_id: str, filename: str, ctx: Ctx) -> Response:
    """An uploaded file (public: the id is unguessable), with its content type; never sniffed or scripted."""
    found = await run_in_threadpool(media.fetch, ctx, media_id)
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Cache-Control": "public, max-age=31536000, immutable",
        "Content-Length": str(found.record.size),
    }
    return StreamingResponse(found.pieces, media_type=found.record.content_type, headers=headers)
