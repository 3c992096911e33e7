"""``/v1/content/organizations/{organizationId}/content-projects``: projects and their tokens (admin session)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response

from lessonforge.api.content.schemas import ContentProjectOut, CreateContentProjectIn, IssuedContentProjectOut
from lessonforge.api.deps import Ctx, OrgAdmin
from lessonforge.api.idempotent import IdempotentWrite
from lessonforge.api.responses import Json
from lessonforge.api.routes._common import require_json
from lessonforge.api.schemas import error_responses
from lessonforge.domain.content.render import iso
from lessonforge.domain.content.tokens import DEFAULT_RATE_LIMIT, READ, WRITE
from lessonforge.services.content import projects

router = APIRouter(prefix="/v1/content/organizations/{organization_id}/content-projects", tags=["admin"])


def _issued(issued: projects.IssuedProject) -> dict[str, Any]:
    project = issued.project
    return {
        "id": project.id,
        "name": project.name,
        "languages": list(project.languages),
        "readToken": issued.read_token,
        "writeToken": issued.write_token,
        "rateLimitPerMinute": project.rate_limit_per_minute,
        "generated": project.generated,
        "createdAt": iso(project.created_at),
    }


def _summary(summary: projects.ProjectSummary) -> dict[str, Any]:
    project = summary.project
    return {
        "id": project.id,
        "name": project.name,
        "languages": list(project.languages),
        "rateLimitPerMinute": project.rate_limit_per_minute,
        "generated": project.generated,
        "createdAt": iso(project.created_at),
        "readTokenPrefix": summary.token_prefixes.get(READ),
        "writeTokenPrefix": summary.token_prefixes.get(WRITE),
    }


@router.post(
    "",
    status_code=201,
    response_model=IssuedContentProjectOut,
    responses=error_responses(401, 403, session_write=True),
    dependencies=[Depends(require_json)],
)
def create_project(
    organization_id: str, body: CreateContentProjectIn, _admin: OrgAdmin, ctx: Ctx, write: IdempotentWrite
) -> Response:
    """Create a project; its read and write tokens are shown only in this answer (and on rotate)."""

    def change() -> Response:
        limit = body.rateLimitPerMinute or DEFAULT_RATE_LIMIT
        issued = projects.create_project(ctx, organization_id, body.name, body.languages, limit)
        return Json(_issued(issued), status_code=201)

    return write.run(organization_id, body, change)


@router.get("", response_model=list[ContentProjectOut], responses=error_responses(401, 403))
def list_projects(organization_id: str, _admin: OrgAdmin, ctx: Ctx) -> Response:
    """The organization's projects (token prefixes only), including the generated-resources project."""
    return Json([_summary(s) for s in projects.list_projects(ctx, organization_id)])


@router.post(
    "/{project_id}/tokens/rotate",
    response_model=IssuedContentProjectOut,
    responses=error_responses(401, 403, session_write=True),
)
def rotate_tokens(
    organization_id: str, project_id: str, _admin: OrgAdmin, ctx: Ctx, write: IdempotentWrite
) -> Response:
    """New read and write tokens; the old ones stop working at once."""
    return write.run(
        organization_id, None, lambda: Json(_issued(projects.rotate_tokens(ctx, organization_id, project_id)))
    )


@router.put("/{project_id}/classrooms/{classroom_id}", responses=error_responses(401, 403, session_write=True))
def assign_classroom(
    organization_id: str, project_id: str, classroom_id: str, _admin: OrgAdmin, ctx: Ctx, write: IdempotentWrite
) -> Response:
    """Generated resources of this classroom are published into this project from now on."""

    def change() -> Response:
        projects.assign_classroom(ctx, organization_id, project_id, classroom_id)
        return Json({"projectId": project_id, "classroomId": classroom_id})

    return write.run(organization_id, None, change)
