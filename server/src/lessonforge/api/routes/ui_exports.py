"""``/v1/content/classrooms/{classroomId}/integrations/exports``: an admin exports an existing module (SPEC §6)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response

from lessonforge.api.deps import Ctx, SignedInAdmin, call_store
from lessonforge.api.presenters import result_json
from lessonforge.api.responses import Json
from lessonforge.api.routes._common import body_schema, checked_idempotency_key, create_call, json_body
from lessonforge.api.schemas import ResultOut, UiExportRequest, error_responses
from lessonforge.services import ui_exports

router = APIRouter(prefix="/v1/content/classrooms/{classroom_id}/integrations/exports", tags=["admin"])


@router.post(
    "",
    response_model=ResultOut,
    responses=error_responses(401, 403, 409, session_write=True),
    openapi_extra=body_schema(UiExportRequest),
    summary="Export an existing module as a completed job",
)
async def export_module(
    classroom_id: str,
    request: Request,
    admin: SignedInAdmin,
    ctx: Ctx,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> Response:
    """A completed job (``sourceType: "ui_export"``) whose one output is the module; emits ``content.completed``.

    The key may come as ``Idempotency-Key`` or as ``idempotencyKey`` in the body (the header wins).
    """
    body = await json_body(request, UiExportRequest)
    export = ui_exports.UiExportRequest(
        admin_id=admin.id,
        classroom_id=classroom_id,
        lesson_id=body.lessonId,
        idempotency_key=checked_idempotency_key(idempotency_key) or body.idempotencyKey,
        create_call=create_call(request),
    )
    outcome = await call_store(ctx, ui_exports.export_module, ctx, export)
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else {}
    return Json(result_json(outcome.job), headers=headers)
