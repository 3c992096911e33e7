"""Schema routes (write token): ``/api/1.0/model/entity`` and ``/api/1.0/model/enum``."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from lessonforge.api.content.deps import Token
from lessonforge.api.content.schemas import (
    WRITE_ERRORS,
    CreatedIdOut,
    EntityIn,
    EntityUpdatedOut,
    EnumIn,
    FieldIn,
    content_error_responses,
)
from lessonforge.api.deps import Ctx
from lessonforge.api.responses import Json
from lessonforge.api.routes._common import body_schema, json_body
from lessonforge.domain.content.model import ENTITY, ENUM, Validation
from lessonforge.domain.content.schema_rules import FieldSpec
from lessonforge.services.content import schema

router = APIRouter(prefix="/api/1.0/model", tags=["content-api"], responses=content_error_responses(*WRITE_ERRORS))


def _specs(fields: list[FieldIn]) -> list[FieldSpec]:
    return [
        FieldSpec(
            name=f.name,
            type=f.type,
            id=f.id,
            related_model_id=f.relatedModelId,
            is_array=f.isArray,
            validations=tuple(Validation(v.name, v.customArgs) for v in f.validations),
        )
        for f in fields
    ]


@router.post("/entity", status_code=201, response_model=CreatedIdOut, openapi_extra=body_schema(EntityIn))
async def create_entity(request: Request, principal: Token, ctx: Ctx) -> Response:
    body = await json_body(request, EntityIn)
    model_id = await run_in_threadpool(schema.create_entity, ctx, principal, body.name, _specs(body.fieldList))
    return Json({"id": model_id}, status_code=201)


@router.put("/entity/{model_id}", response_model=EntityUpdatedOut, openapi_extra=body_schema(EntityIn))
async def update_entity(model_id: str, request: Request, principal: Token, ctx: Ctx) -> Response:
    """Desired final state: fields matched by id; fields left out are removed with their values.

    A field may change type, ``isArray`` or related model: stored values are converted where nothing is lost,
    else cleared; ``cleared`` (only present then) names the field and the contents that lost their value.
    """
    body = await json_body(request, EntityIn)
    specs = _specs(body.fieldList)
    updated, cleared = await run_in_threadpool(schema.update_entity, ctx, principal, model_id, body.name, specs)
    return Json({"id": updated} | ({"cleared": [report.view() for report in cleared]} if cleared else {}))


@router.delete("/entity/{model_id}", status_code=204, response_class=Response)
async def delete_entity(model_id: str, principal: Token, ctx: Ctx) -> Response:
    await run_in_threadpool(schema.delete_model, ctx, principal, model_id, ENTITY)
    return Response(status_code=204)


@router.post("/enum", status_code=201, response_model=CreatedIdOut, openapi_extra=body_schema(EnumIn))
async def create_enum(request: Request, principal: Token, ctx: Ctx) -> Response:
    body = await json_body(request, EnumIn)
    values = [(v.id, v.value) for v in body.values]
    model_id = await run_in_threadpool(schema.create_enum, ctx, principal, body.name, values)
    return Json({"id": model_id}, status_code=201)


@router.put("/enum/{model_id}", response_model=CreatedIdOut, openapi_extra=body_schema(EnumIn))
async def update_enum(model_id: str, request: Request, principal: Token, ctx: Ctx) -> Response:
    """Desired final state: values matched by id; renames propagate into content."""
    body = await json_body(request, EnumIn)
    values = [(v.id, v.value) for v in body.values]
    updated = await run_in_threadpool(schema.update_enum, ctx, principal, model_id, body.name, values)
    return Json({"id": updated})


@router.delete("/enum/{model_id}", status_code=204, response_class=Response)
async def delete_enum(model_id: str, principal: Token, ctx: Ctx) -> Response:
    await run_in_threadpool(schema.delete_model, ctx, principal, model_id, ENUM)
    return Response(status_code=204)
