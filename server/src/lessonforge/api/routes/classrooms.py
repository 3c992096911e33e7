"""``/v1/content/classrooms``: the classrooms a key can file resources into."""

from __future__ import annotations

from fastapi import APIRouter, Response

from lessonforge.api.deps import Ctx, Principal
from lessonforge.api.presenters import classroom_json
from lessonforge.api.responses import Json
from lessonforge.api.schemas import ClassroomOut, error_responses
from lessonforge.services import accounts

router = APIRouter(prefix="/v1/content/classrooms", tags=["integration"])


@router.get("", response_model=list[ClassroomOut], responses=error_responses(401, 429))
def list_classrooms(principal: Principal, ctx: Ctx) -> Response:
    """The key's organization's classrooms, the default first."""
    return Json([classroom_json(c) for c in accounts.classrooms_of(ctx, principal.organization_id)])
