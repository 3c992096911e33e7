"""Content writes (write token): create, update one field value, publish, upload media; media served back."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from lessonforge.api.content.deps import Token
from lessonforge.api.content.schemas import (
    WRITE_ERRORS,
    CreateContentIn,
    CreatedIdOut,
    UpdateFieldIn,
    UploadedMediaOut,
    content_error_responses,
)
from lessonforge.api.deps import Ctx
from lessonforge.api.responses import Json
from lessonforge.api.routes._common import body_schema, json_body
from lessonforge.domain.content.writes import Block
from lessonforge.errors import FieldProblem, ValidationError
from lessonforge.services.content import media, writes

router = APIRouter(prefix="/api/1.0", tags=["content-api"])
_WRITE = content_error_responses(*WRITE_ERRORS)
# Media is public (the id is the secret) and served with the content type it was uploaded with.
_MEDIA = {
    200: {"description": "The uploaded file", "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}},
    **content_error_responses(),
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


@router.post("/resource/upload", status_code=201, response_model=UploadedMediaOut, responses=_WRITE)
async def upload_media(request: Request, principal: Token, ctx: Ctx) -> Response:
    """Multipart ``file`` → 201 ``{name, url}``; the file is served back at ``url``."""
    principal.require_write()
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise ValidationError("Send the file as multipart/form-data", fields=[FieldProblem("file", "Required")])
    form = await request.form(max_files=1, max_fields=10)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise ValidationError("file: Required", fields=[FieldProblem("file", "Required")])
    data = await upload.read()
    stored = await run_in_threadpool(
        media.upload, ctx, principal, upload.filename or "file", upload.content_type or "", data
    )
    return Json(stored, status_code=201)


@router.get("/media/{media_id}/{filename}", response_class=Response, responses=_MEDIA)
async def get_media(media_id: str, filename: str, ctx: Ctx) -> Response:
    """An uploaded file (public: the id is unguessable), with its content type; never sniffed or scripted."""
    found = await run_in_threadpool(media.fetch, ctx, media_id)
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Cache-Control": "public, max-age=31536000, immutable",
    }
    return Response(found.data, media_type=found.record.content_type, headers=headers)
