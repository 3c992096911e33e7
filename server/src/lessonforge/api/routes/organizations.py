"""``/v1/content/organizations``: the admin's organizations and their API keys."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from lessonforge.api.deps import Ctx, OrgAdmin, SignedInAdmin
from lessonforge.api.idempotent import IdempotentWrite
from lessonforge.api.presenters import issued_key_json, key_json, organization_json
from lessonforge.api.responses import Json
from lessonforge.api.routes._common import require_json
from lessonforge.api.schemas import CreateKeyRequest, IssuedKeyOut, KeyOut, OrganizationOut, error_responses
from lessonforge.services import accounts, keys

router = APIRouter(prefix="/v1/content/organizations", tags=["admin"])
KEYS = "/{organization_id}/api-keys"


@router.get("", response_model=list[OrganizationOut], responses=error_responses(401))
def list_organizations(admin: SignedInAdmin, ctx: Ctx) -> Response:
    """The organizations this admin can manage."""
    return Json([organization_json(org) for org in accounts.organizations_of(ctx, admin.id)])


@router.post(
    KEYS,
    status_code=201,
    response_model=IssuedKeyOut,
    responses=error_responses(401, 403, session_write=True),
    dependencies=[Depends(require_json)],
)
def create_key(
    organization_id: str, body: CreateKeyRequest, _admin: OrgAdmin, ctx: Ctx, write: IdempotentWrite
) -> Response:
    """Issue a key; the full ``apiKey`` is shown only in this answer (and in its Idempotency-Key replays)."""

    def change() -> Response:
        issued = keys.create_key(ctx, organization_id, body.name, body.rateLimitPerMinute, body.expiresAt)
        return Json(issued_key_json(issued), status_code=201)

    return write.run(organization_id, body, change)


@router.get(KEYS, response_model=list[KeyOut], responses=error_responses(401, 403))
def list_keys(organization_id: str, _admin: OrgAdmin, ctx: Ctx) -> Response:
    """The organization's keys, without secrets."""
    return Json([key_json(key) for key in keys.list_keys(ctx, organization_id)])


@router.post(
    KEYS + "/{key_id}/rotate", response_model=IssuedKeyOut, responses=error_responses(401, 403, 409, session_write=True)
)
def rotate_key(organization_id: str, key_id: str, _admin: OrgAdmin, ctx: Ctx, write: IdempotentWrite) -> Response:
    """Replace the key with a new secret; the old one stops working at once. With an Idempotency-Key, a
    retry answers the same new key instead of rotating again."""
    return write.run(
        organization_id, None, lambda: Json(issued_key_json(keys.rotate_key(ctx, organization_id, key_id)))
    )


@router.post(
    KEYS + "/{key_id}/revoke",
    status_code=200,
    response_class=Response,
    responses=error_responses(401, 403, session_write=True),
)
def revoke_key(organization_id: str, key_id: str, _admin: OrgAdmin, ctx: Ctx, write: IdempotentWrite) -> Response:
    """Revoke the key (idempotent); answers 200 with no body."""

    def change() -> Response:
        keys.revoke_key(ctx, organization_id, key_id)
        return Response(status_code=200)

    return write.run(organization_id, None, change)
