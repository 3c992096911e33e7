"""Generated resources: view and edit a module's, video's or test's title and body (versioned, with the history of
past versions readable), render and play
a video, download a test's exports, export a module as a completed job (the UI export)."""

from __future__ import annotations

import json
import secrets
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lessonforge.console.web import PREFIX, InOrg, Posted, local_path, page, see_other, status_of
from lessonforge.domain.resources import Resource
from lessonforge.errors import ConflictError, FieldProblem, LessonforgeError, NotFoundError, ValidationError
from lessonforge.generation.exports import EXPORT_FORMATS
from lessonforge.services import quiz_exports, renders, resources, ui_exports
from lessonforge.services.manifests import resource_urls

router = APIRouter(prefix=PREFIX + "/orgs/{org_id}", include_in_schema=False)
KINDS = {"modules": "module", "videos": "video", "tests": "test"}


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise NotFoundError("No such kind of resource")
    return KINDS[kind]


def _view(session: InOrg, kind: str, found: Resource, **values: Any) -> dict[str, Any]:
    urls = {k: local_path(v) for k, v in resource_urls(session.ctx.settings.public_base_url, found).items()}
    busy = found.resource_type == "video" and found.render_status in ("queued", "rendering")
    return session.view(
        title=found.title,
        kind=kind,
        resource=found,
        urls=urls,
        busy=busy,
        formats=list(EXPORT_FORMATS),
        export_key=f"console-export-{secrets.token_urlsafe(18)}" if found.resource_type == "module" else None,
        body_text=values.pop("body_text", json.dumps(found.body, indent=2, ensure_ascii=False)),
        versions=resources.list_versions(session.ctx, session.org_id, found.resource_type, found.id),
        **values,
    )


@router.get("/{kind}/{resource_id}")
def resource_page(session: InOrg, kind: str, resource_id: str, request: Request) -> Response:
    found = resources.get_resource(session.ctx, session.org_id, _kind(kind), resource_id)
    template = "_render_live.html" if request.headers.get("x-console-fragment") else "resource.html"
    return page(request, template, **_view(session, kind, found))


@router.get("/{kind}/{resource_id}/versions/{version}")
def version_page(session: InOrg, kind: str, resource_id: str, version: str, request: Request) -> Response:
    """One kept version, read-only: its title and its body as pretty JSON."""
    resource_type = _kind(kind)
    if not version.isdigit():
        raise NotFoundError("No such version")
    kept = resources.get_version(session.ctx, session.org_id, resource_type, resource_id, int(version))
    current = resources.get_resource(session.ctx, session.org_id, resource_type, resource_id)
    return page(
        request,
        "resource_version.html",
        **session.view(
            title=f"{current.title} — version {kept.version}",
            kind=kind,
            resource=current,
            kept=kept,
            body_text=json.dumps(kept.body, indent=2, ensure_ascii=False),
        ),
    )


@router.post("/{kind}/{resource_id}")
def edit(session: InOrg, kind: str, resource_id: str, form: Posted) -> Response:
    """The API's edit (same rules, same version check as ``If-Match``); errors shown next to their input.

    A stale version (edited meanwhile) is refused and the form then holds the stored version, with the
    admin's draft beside it to copy from: saving again cannot put the draft over an edit not yet seen."""
    resource_type = _kind(kind)
    body_text = str(form.get("body", ""))
    try:
        body = _parsed_body(body_text)
        resources.edit_resource(
            session.ctx,
            session.org_id,
            resource_type,
            resource_id,
            {"title": form.text("title"), "body": body},
            form.number("version"),
        )
    except ConflictError as exc:  # edited meanwhile: show what is stored now; the draft only to copy from
        found = resources.get_resource(session.ctx, session.org_id, resource_type, resource_id)
        draft = {"title": form.text("title"), "body": body_text}
        view = _view(session, kind, found, draft=draft)
        return page(session.request, "resource.html", status=status_of(exc), error=exc.message, **view)
    except LessonforgeError as exc:
        found = resources.get_resource(session.ctx, session.org_id, resource_type, resource_id)
        errors = {p.field: p.message for p in exc.fields} or {"body": exc.message}
        view = _view(session, kind, found, errors=errors, body_text=body_text, draft_title=form.text("title"))
        return page(session.request, "resource.html", status=status_of(exc), error=exc.message, **view)
    return see_other(session.url(f"/{kind}/{resource_id}?saved=1"))


def _parsed_body(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        problem = FieldProblem("body", f"Not valid JSON: {exc}")
        raise ValidationError(f"body: {problem.message}", fields=[problem]) from exc


@router.post("/videos/{video_id}/render")
def render(session: InOrg, video_id: str, _form: Posted) -> Response:
    renders.request_render(session.ctx, session.org_id, video_id)
    return see_other(session.url(f"/videos/{video_id}"))


@router.get("/tests/{test_id}/export")
def export_test(session: InOrg, test_id: str, export_format: str = Query("qti", alias="format")) -> Response:
    exported = quiz_exports.export_test(session.ctx, session.org_id, test_id, export_format)
    disposition = f'attachment; filename="{exported.filename}"'
    return Response(exported.content, media_type=exported.media_type, headers={"Content-Disposition": disposition})


@router.post("/modules/{module_id}/export")
def ui_export(session: InOrg, module_id: str, form: Posted) -> Response:
    """The UI export (SPEC §6): a completed job for this module, emitting ``content.completed``.

    The form carries an idempotency key made when the page was shown, so submitting it twice (a double click,
    a resent form) replays the first export (SPEC §4.3) instead of filing a second job; opening the page again
    gives a new key, hence a new export."""
    found = resources.get_resource(session.ctx, session.org_id, "module", module_id)
    request = ui_exports.UiExportRequest(
        admin_id=session.admin.id,
        classroom_id=found.classroom_id,
        lesson_id=module_id,
        idempotency_key=form.text("idempotencyKey") or None,
    )
    outcome = ui_exports.export_module(session.ctx, request)
    return see_other(session.url(f"/jobs/{outcome.job.id}" + ("?replayed=1" if outcome.replayed else "")))
