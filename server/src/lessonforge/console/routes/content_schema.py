"""The CMS's projects (tokens shown once, rotate), models and enums (create, edit fields and validations), and
a preview of what a read token returns — through the Content API's own services and rules."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from lessonforge.console.content_forms import (
    ROWS_EXTRA,
    entered_fields,
    entered_values,
    enum_values,
    field_specs,
    filled_rows,
    row_errors,
)
from lessonforge.console.web import PREFIX, InOrg, Posted, page, paged, see_other, status_of
from lessonforge.domain.content.model import ENTITY, ENUM, FIELD_TYPES, ContentProject
from lessonforge.domain.content.tokens import DEFAULT_RATE_LIMIT
from lessonforge.errors import LessonforgeError, NotFoundError
from lessonforge.services.content import projects, reads, schema
from lessonforge.services.content.access import admin_principal

router = APIRouter(prefix=PREFIX + "/orgs/{org_id}/content", include_in_schema=False)
VALIDATED_TYPES = FIELD_TYPES


def project_view(session: InOrg, project_id: str) -> tuple[ContentProject, dict[str, Any]]:
    """The project (404 for another organization's) and its Content API ``/project`` view."""
    project = projects.project_of(session.ctx, session.org_id, project_id)
    return project, reads.get_project(session.ctx, admin_principal(project))


def model_of(view: dict[str, Any], model_id: str) -> dict[str, Any]:
    found: dict[str, Any] | None = next((m for m in view["contentTypes"] if m["id"] == model_id), None)
    if found is None:
        raise NotFoundError("Model not found")
    return found


def _projects_page(session: InOrg, *, status: int = 200, **values: Any) -> Response:
    listed = projects.list_projects(session.ctx, session.org_id)
    shown = paged(session.request, listed)
    view = session.view(title="Content projects", projects=shown.rows, paging=shown, **values)
    return page(session.request, "content_projects.html", status=status, **view)


@router.get("")
def list_projects(session: InOrg) -> Response:
    return _projects_page(session)


@router.post("")
def create_project(session: InOrg, form: Posted) -> Response:
    name, languages = form.text("name"), [code.strip() for code in form.text("languages").split(",") if code.strip()]
    try:
        issued = projects.create_project(session.ctx, session.org_id, name, languages, DEFAULT_RATE_LIMIT)
    except LessonforgeError as exc:
        errors = {p.field.split(".")[0]: p.message for p in exc.fields} or {"name": exc.message}
        values = {"name": name, "languages": form.text("languages")}
        return _projects_page(session, status=status_of(exc), errors=errors, values=values)
    return _projects_page(session, issued=issued)


@router.post("/{project_id}/rotate")
def rotate(session: InOrg, project_id: str, _form: Posted) -> Response:
    return _projects_page(session, issued=projects.rotate_tokens(session.ctx, session.org_id, project_id))


@router.get("/{project_id}")
def project_page(session: InOrg, project_id: str) -> Response:
    project, view = project_view(session, project_id)
    return page(session.request, "content_project.html", **_schema_view(session, project, view))


def _schema_view(session: InOrg, project: ContentProject, view: dict[str, Any], **values: Any) -> dict[str, Any]:
    return session.view(title=project.name, project=project, schema=view, field_types=VALIDATED_TYPES, **values)


@router.post("/{project_id}/models")
def create_model(session: InOrg, project_id: str, form: Posted) -> Response:
    """A new entity (its fields from the rows) or enum (its values, one per line)."""
    project, view = project_view(session, project_id)
    principal, kind, name = admin_principal(project), form.text("kind"), form.text("name")
    try:
        if kind == ENUM:
            values = [(None, line.strip()) for line in str(form.get("values", "")).splitlines() if line.strip()]
            model_id = schema.create_enum(session.ctx, principal, name, values)
        else:
            model_id = schema.create_entity(session.ctx, principal, name, field_specs(form, ROWS_EXTRA))
    except LessonforgeError as exc:  # the form shown again as typed, each problem on the row it is about
        errors = {p.field: p.message for p in exc.fields} or {"name": exc.message}
        typed: dict[str, Any] = {"entered_name": name, "entered_values": str(form.get("values", ""))}
        if kind != ENUM:
            filled = filled_rows(form, ROWS_EXTRA, "f{}-name")
            typed |= {
                "entered_rows": entered_fields(form, ROWS_EXTRA),
                "rows_refused": row_errors(errors, "fieldList", filled),
            }
        values_view = _schema_view(session, project, view, errors=errors, kind=kind, error=exc.message, **typed)
        return page(session.request, "content_project.html", status=status_of(exc), **values_view)
    return see_other(session.url(f"/content/{project_id}/models/{model_id}"))


@router.get("/{project_id}/models/{model_id}")
def model_page(session: InOrg, project_id: str, model_id: str) -> Response:
    project, view = project_view(session, project_id)
    return page(session.request, "content_model.html", **_model_view(session, project, view, model_id))


def _model_view(
    session: InOrg, project: ContentProject, view: dict[str, Any], model_id: str, **values: Any
) -> dict[str, Any]:
    model = model_of(view, model_id)
    entered = values.get("entered")
    rows = len(entered) if entered else len(model.get("fields", model.get("values", []))) + ROWS_EXTRA
    return session.view(
        title=f"Model {model['name']}",
        project=project,
        schema=view,
        model=model,
        rows=rows,
        field_types=VALIDATED_TYPES,
        **values,
    )


@router.post("/{project_id}/models/{model_id}")
def edit_model(session: InOrg, project_id: str, model_id: str, form: Posted) -> Response:
    """The Content API's PUT: the desired final state (a row cleared of its name removes that field)."""
    project, view = project_view(session, project_id)
    model, principal, rows = model_of(view, model_id), admin_principal(project), int(form.number("rows") or 0)
    try:
        if model["type"] == ENTITY:
            schema.update_entity(session.ctx, principal, model_id, form.text("name"), field_specs(form, rows))
        else:
            schema.update_enum(session.ctx, principal, model_id, form.text("name"), enum_values(form, rows))
    except LessonforgeError as exc:  # shown again as typed, each problem on the row it is about
        problems = {p.field: p.message for p in exc.fields}
        entity = model["type"] == ENTITY
        prefix, box = ("fieldList", "f{}-name") if entity else ("values", "e{}-value")
        values = {
            "error": exc.message,
            "problems": problems,
            "row_errors": row_errors(problems, prefix, filled_rows(form, rows, box)),
            "entered": entered_fields(form, rows) if entity else entered_values(form, rows),
            "entered_name": form.text("name"),
        }
        return page(
            session.request,
            "content_model.html",
            status=status_of(exc),
            **_model_view(session, project, view, model_id, **values),
        )
    return see_other(session.url(f"/content/{project_id}/models/{model_id}?saved=1"))


@router.get("/{project_id}/preview")
def preview(session: InOrg, project_id: str, request: Request) -> Response:
    """What a read token gets for this query: published content only, exactly the Content API's JSON."""
    project, view = project_view(session, project_id)
    params = [(k, v) for k, v in request.query_params.multi_items() if v]
    reader = admin_principal(project, as_reader=True)
    try:
        found = [item for batch in reads.list_contents(session.ctx, reader, params) for item in batch]
        answer, error = json.dumps(found, indent=2, ensure_ascii=False), None
    except LessonforgeError as exc:
        answer, error = None, exc.message
    query = "&".join(f"{k}={v}" for k, v in params)
    values = {"answer": answer, "error": error, "query": query, "models": view["contentTypes"]}
    return page(request, "content_preview.html", **session.view(title="Read-token preview", project=project, **values))
