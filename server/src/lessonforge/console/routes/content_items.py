"""The CMS's contents per model and language: the list (the Content API's filters and sort), create, edit every
field type, publish — each value judged by the Content API's own write rules, problems shown at their field."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from lessonforge.console.content_forms import field_value, shown_value
from lessonforge.console.routes.content_schema import model_of, project_view
from lessonforge.console.web import PREFIX, Form, InOrg, Posted, page, see_other, status_of
from lessonforge.domain.content.model import ContentProject
from lessonforge.domain.content.writes import Block
from lessonforge.errors import FieldProblem, LessonforgeError, ValidationError
from lessonforge.services.content import media, projects, reads, writes
from lessonforge.services.content.access import ContentPrincipal, admin_principal

router = APIRouter(prefix=PREFIX + "/orgs/{org_id}/content/{project_id}", include_in_schema=False)
PAGE_SIZE = 20
PICKER_LIMIT = "200"


def _contents(session: InOrg, principal: ContentPrincipal, params: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [item for batch in reads.list_contents(session.ctx, principal, params) for item in batch]


@router.get("/models/{model_id}/contents")
def list_contents(session: InOrg, project_id: str, model_id: str, request: Request) -> Response:
    """``filter`` is Content API query text (``fields.title[in]=a,b&…``), passed on as the API would get it."""
    project, view = project_view(session, project_id)
    model = model_of(view, model_id)
    q = {k: request.query_params.get(k, "").strip() for k in ("language", "sort", "filter", "skip")}
    skip = int(q["skip"]) if q["skip"].isdigit() else 0
    params = [("contentType", model["name"]), ("take", str(PAGE_SIZE + 1)), ("skip", str(skip))]
    params += [(k, q[k]) for k in ("language", "sort") if q[k]]
    params += [tuple(part.split("=", 1)) for part in q["filter"].split("&") if "=" in part]  # type: ignore[misc]
    try:
        found, error = _contents(session, admin_principal(project), params), None
    except LessonforgeError as exc:
        found, error = [], exc.message
    kept = {k: v for k, v in q.items() if v and k != "skip"}
    more = len(found) > PAGE_SIZE
    links = {
        "next_url": f"?{urlencode({**kept, 'skip': skip + PAGE_SIZE})}" if more else None,
        "prev_url": f"?{urlencode({**kept, 'skip': max(0, skip - PAGE_SIZE)})}" if skip else None,
    }
    values = session.view(
        title=f"{model['name']} contents",
        project=project,
        model=model,
        contents=found[:PAGE_SIZE],
        q=q,
        error=error,
        **links,
    )
    return page(request, "content_list.html", status=400 if error else 200, **values)


def _form_view(
    session: InOrg, project: ContentProject, view: dict[str, Any], model: dict[str, Any], **values: Any
) -> dict[str, Any]:
    """The content form: each field with its input's current value and, for pickers, the choices."""
    principal = admin_principal(project)
    current: dict[str, Any] = values.pop("current", {})
    rows = []
    for field in model["fields"]:
        choices: list[tuple[str, str]] = []
        if field["type"] == "relation":
            related = [("contentType", field.get("relatedModelName") or ""), ("take", PICKER_LIMIT)]
            choices = [(c["id"], c["name"]) for c in _contents(session, principal, related)]
        elif field["type"] == "enum":
            enum = model_of(view, field["relatedModelId"])
            choices = [(v["value"], v["value"]) for v in enum["values"]]
        rows.append({"field": field, "value": shown_value(field, current.get(field["name"])), "choices": choices})
    return session.view(project=project, model=model, rows=rows, languages=project.languages, **values)


@router.get("/models/{model_id}/contents/new")
def new_content(session: InOrg, project_id: str, model_id: str) -> Response:
    project, view = project_view(session, project_id)
    model = model_of(view, model_id)
    form_view = _form_view(session, project, view, model, title=f"New {model['name']}", language=project.languages[0])
    return page(session.request, "content_form.html", **form_view)


def _values(session: InOrg, principal: ContentPrincipal, model: dict[str, Any], form: Form) -> list[tuple[str, Any]]:
    """The fields as the Content API would receive them; media files are uploaded first (the upload service)."""
    found: list[tuple[str, Any]] = []
    for field in model["fields"]:
        if field["type"] == "media":
            upload = form.upload(f"v-{field['name']}")
            if upload is not None and upload.filename:
                data = upload.file.read()
                stored = media.upload(session.ctx, principal, upload.filename, upload.content_type or "", data)
                found.append((field["name"], [stored] if field["isArray"] else stored))
            continue
        given, value = field_value(field, form)
        if given:
            found.append((field["name"], value))
    return found


@router.post("/models/{model_id}/contents")
def create_content(session: InOrg, project_id: str, model_id: str, form: Posted) -> Response:
    project, view = project_view(session, project_id)
    model, principal = model_of(view, model_id), admin_principal(project)
    language = form.text("language") or project.languages[0]
    try:
        values = [(name, value) for name, value in _values(session, principal, model, form) if value not in (None, [])]
        content_id = writes.create_content(
            session.ctx, principal, model["id"], form.text("name"), [Block(language, values)]
        )
    except LessonforgeError as exc:
        return _refused(session, project, view, model, form, exc, title=f"New {model['name']}", language=language)
    return see_other(session.url(f"/content/{project_id}/contents/{content_id}?language={language}&saved=1"))


def _refused(
    session: InOrg,
    project: ContentProject,
    view: dict[str, Any],
    model: dict[str, Any],
    form: Form,
    exc: LessonforgeError,
    **values: Any,
) -> Response:
    errors: dict[str, str] = {}
    for problem in exc.fields or [FieldProblem("name", exc.message)]:
        errors[problem.field] = "; ".join(filter(None, [errors.get(problem.field), problem.message]))
    current = {f["name"]: form.get(f"v-{f['name']}") for f in model["fields"]}
    form_view = _form_view(session, project, view, model, current=current, errors=errors, error=exc.message, **values)
    return page(session.request, "content_form.html", status=status_of(exc), name=form.text("name"), **form_view)


def _stored(session: InOrg, project: ContentProject, content_id: str) -> dict[str, Any]:
    return reads.get_content(session.ctx, admin_principal(project), [("id", content_id)])


@router.get("/contents/{content_id}")
def content_page(session: InOrg, project_id: str, content_id: str, language: str = "") -> Response:
    project, view = project_view(session, project_id)
    content = _stored(session, project, content_id)
    model = model_of(view, content["contentType"]["id"])
    language = language if language in project.languages else project.languages[0]
    current = {e["name"]: e["value"] for e in content["fields"] if e["language"] == language}
    values = _form_view(session, project, view, model, current=current, content=content, language=language)
    return page(session.request, "content_form.html", title=content["name"], name=content["name"], **values)


@router.post("/contents/{content_id}")
def edit_content(session: InOrg, project_id: str, content_id: str, form: Posted) -> Response:
    """Each changed field set through the Content API's update (its rules per value); every problem is shown."""
    project, view = project_view(session, project_id)
    content = _stored(session, project, content_id)
    model, principal = model_of(view, content["contentType"]["id"]), admin_principal(project)
    language = form.text("language") or project.languages[0]
    current = {e["name"]: e["value"] for e in content["fields"] if e["language"] == language}
    problems: list[FieldProblem] = []
    try:
        changed = [(n, v) for n, v in _values(session, principal, model, form) if v != current.get(n)]
    except LessonforgeError as exc:
        changed, problems = [], list(exc.fields) or [FieldProblem("name", exc.message)]
    for name, value in changed:
        try:
            writes.update_field_value(session.ctx, principal, content_id, (name, language), value)
        except LessonforgeError as exc:
            problems += list(exc.fields) or [FieldProblem(name, exc.message)]
    if problems:
        refusal = ValidationError("Some values were not saved", fields=problems)
        return _refused(
            session, project, view, model, form, refusal, title=content["name"], content=content, language=language
        )
    return see_other(session.url(f"/content/{project_id}/contents/{content_id}?language={language}&saved=1"))


@router.post("/contents/{content_id}/publish")
def publish(session: InOrg, project_id: str, content_id: str, form: Posted) -> Response:
    project = projects.project_of(session.ctx, session.org_id, project_id)
    writes.publish_content(session.ctx, admin_principal(project), content_id)
    language = form.text("language")
    return see_other(session.url(f"/content/{project_id}/contents/{content_id}?language={language}&published=1"))
