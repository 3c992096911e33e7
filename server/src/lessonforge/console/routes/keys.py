"""API keys: create (the key shown once), list, rotate, revoke after a confirmation."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from lessonforge.console.web import PREFIX, InOrg, Posted, page, paged, see_other, status_of
from lessonforge.domain.accounts import IssuedKey
from lessonforge.errors import LessonforgeError, NotFoundError
from lessonforge.services import keys

router = APIRouter(prefix=PREFIX + "/orgs/{org_id}/keys", include_in_schema=False)


def _keys_page(session: InOrg, *, status: int = 200, **values: object) -> Response:
    listed = keys.list_keys(session.ctx, session.org_id)
    shown = paged(session.request, listed)
    view = session.view(title="API keys", keys=shown.rows, paging=shown, **values)
    return page(session.request, "keys.html", status=status, **view)


@router.get("")
def list_keys(session: InOrg) -> Response:
    return _keys_page(session)


@router.post("")
def create_key(session: InOrg, form: Posted) -> Response:
    """The same service and rules as ``POST …/api-keys``; the answer is the only place the key is shown."""
    name, limit = form.text("name"), form.number("rateLimitPerMinute")
    if form.text("rateLimitPerMinute") and limit is None:
        limit = 0  # not a number: let the service's range rule say so
    try:
        issued = keys.create_key(session.ctx, session.org_id, name, limit)
    except LessonforgeError as exc:
        errors = {p.field: p.message for p in exc.fields} or {"name": exc.message}
        values = {"name": name, "rateLimitPerMinute": form.text("rateLimitPerMinute")}
        return _keys_page(session, status=status_of(exc), errors=errors, values=values)
    return _issued(session, issued, "created")


def _issued(session: InOrg, issued: IssuedKey, verb: str) -> Response:
    return _keys_page(session, issued=issued, verb=verb)


@router.post("/{key_id}/rotate")
def rotate_key(session: InOrg, key_id: str, _form: Posted) -> Response:
    return _issued(session, keys.rotate_key(session.ctx, session.org_id, key_id), "rotated")


@router.get("/{key_id}/revoke")
def confirm_revoke(session: InOrg, key_id: str) -> Response:
    """Ask before revoking: every integration using the key stops at once."""
    key = next((k for k in keys.list_keys(session.ctx, session.org_id) if k.id == key_id), None)
    if key is None:
        raise NotFoundError("API key not found")
    return page(session.request, "key_revoke.html", **session.view(title=f"Revoke the key {key.name}?", key=key))


@router.post("/{key_id}/revoke")
def revoke_key(session: InOrg, key_id: str, _form: Posted) -> Response:
    keys.revoke_key(session.ctx, session.org_id, key_id)
    return see_other(session.url("/keys?revoked=1"))
