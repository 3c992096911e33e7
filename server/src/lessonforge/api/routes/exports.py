"""``GET /v1/content/tests/{id}/export?format=qti|gift|csv[&form=<id>]``: one form of a test as a file (bearer key)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from lessonforge.api.deps import Ctx, Principal
from lessonforge.api.schemas import error_responses
from lessonforge.services import quiz_exports

router = APIRouter(prefix="/v1/content", tags=["resources"])

_FILES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file: a QTI 2.1 package (`qti`), Moodle GIFT text (`gift`) or CSV (`csv`), "
        'with `Content-Disposition: attachment; filename="<title>.<ext>"`.',
        "content": {
            "application/zip": {"schema": {"type": "string", "format": "binary"}},
            "text/plain; charset=utf-8": {"schema": {"type": "string"}},
            "text/csv; charset=utf-8": {"schema": {"type": "string"}},
        },
    }
}


@router.get(
    "/tests/{resource_id}/export",
    response_class=Response,
    responses={**_FILES, **error_responses(401, 409, 429)},
    summary="Export one form of a test as QTI 2.1 (zip), Moodle GIFT or CSV",
)
def export_test(
    resource_id: str,
    principal: Principal,
    ctx: Ctx,
    export_format: Annotated[str | None, Query(alias="format", description="`qti`, `gift` or `csv`")] = None,
    form: Annotated[
        str | None,
        Query(
            description="The form to export (an id from `body.forms`, e.g. `form-2`); default the first form. "
            "A test whose body has no `forms` exports every item; an unknown id is a 400 naming `form`."
        ),
    ] = None,
) -> Response:
    exported = quiz_exports.export_test(ctx, principal.organization_id, resource_id, export_format, form)
    disposition = f'attachment; filename="{exported.filename}"'
    return Response(exported.content, media_type=exported.media_type, headers={"Content-Disposition": disposition})
