"""``/v1/content/{modules|videos|tests}``: generated resources, read, edited and deleted by key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response

from lessonforge.api.deps import Ctx, Principal
from lessonforge.api.openapi_headers import etag_response
from lessonforge.api.presenters import resource_json, resource_version_json
from lessonforge.api.responses import Json
from lessonforge.api.routes._common import require_json
from lessonforge.api.schemas import (
    ResourceOut,
    ResourcePageOut,
    ResourcePatch,
    ResourceVersionsOut,
    error_responses,
)
from lessonforge.domain.resources import RESOURCE_PATHS
from lessonforge.errors import FieldProblem, ValidationError
from lessonforge.services import resources

router = APIRouter(prefix="/v1/content", tags=["resources"])


def _add_routes(path: str, resource_type: str) -> None:
    """Register list/get/patch/delete for one resource kind (``modules`` → ``module``)."""

    def list_resources(
        principal: Principal,
        ctx: Ctx,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        cursor: Annotated[str | None, Query()] = None,
    ) -> Response:
        page = resources.list_resources(ctx, principal.organization_id, resource_type, limit=limit, cursor=cursor)
        base = ctx.settings.public_base_url
        return Json({"items": [resource_json(r, base) for r in page.items], "nextCursor": page.next_cursor})

    def get_resource(resource_id: str, principal: Principal, ctx: Ctx) -> Response:
        found = resources.get_resource(ctx, principal.organization_id, resource_type, resource_id)
        return Json(resource_json(found, ctx.settings.public_base_url), headers={"ETag": f'"{found.version}"'})

    def patch_resource(
        resource_id: str,
        body: ResourcePatch,
        principal: Principal,
        ctx: Ctx,
        if_match: Annotated[str | None, Header(alias="If-Match")] = None,
    ) -> Response:
        changes = body.model_dump(exclude_none=True)
        updated = resources.edit_resource(
            ctx, principal.organization_id, resource_type, resource_id, changes, _version(if_match)
        )
        return Json(resource_json(updated, ctx.settings.public_base_url), headers={"ETag": f'"{updated.version}"'})

    def list_versions(
        resource_id: str,
        principal: Principal,
        ctx: Ctx,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> Response:
        kept = resources.list_versions(ctx, principal.organization_id, resource_type, resource_id, limit=limit)
        return Json({"items": [resource_version_json(v) for v in kept]})

    def delete_resource(resource_id: str, principal: Principal, ctx: Ctx) -> Response:
        resources.delete_resource(ctx, principal.organization_id, resource_type, resource_id)
        return Response(status_code=200)

    item = f"/{path}/{{resource_id}}"
    router.add_api_route(
        f"/{path}",
        list_resources,
        methods=["GET"],
        response_model=ResourcePageOut,
        responses=error_responses(401, 429),
        summary=f"List {path}",
    )
    router.add_api_route(
        item,
        get_resource,
        methods=["GET"],
        response_model=ResourceOut,
        responses={**error_responses(401, 429), **etag_response()},
        summary=f"Get one of {path} (ETag = version)",
    )
    router.add_api_route(
        item,
        patch_resource,
        methods=["PATCH"],
        response_model=ResourceOut,
        responses={**error_responses(401, 409, 429), **etag_response()},
        dependencies=[Depends(require_json)],
        summary=f"Edit one of {path} (If-Match: version, stale → 409)",
    )
    router.add_api_route(
        f"{item}/versions",
        list_versions,
        methods=["GET"],
        response_model=ResourceVersionsOut,
        responses=error_responses(401, 429),
        summary=f"Version history of one of {path} (newest first: the newest `limit`, title and body of each)",
    )
    router.add_api_route(
        item,
        delete_resource,
        methods=["DELETE"],
        status_code=200,
        response_class=Response,
        responses=error_responses(401, 429),
        summary=f"Delete one of {path}",
    )


for _path, _type in RESOURCE_PATHS.items():
    _add_routes(_path, _type)


def _version(if_match: str | None) -> int | None:
    if if_match is None:
        return None
    try:
        return int(if_match.strip().removeprefix("W/").strip('"'))
    except ValueError as exc:
        raise ValidationError(
            "If-Match must be a version number", fields=[FieldProblem("If-Match", "Not a version")]
        ) from exc
