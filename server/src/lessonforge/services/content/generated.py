"""Publishing generated resources (modules, videos, tests) as content of the organization's project."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from lessonforge.domain.content.keys import index_keys
from lessonforge.domain.content.model import PUBLISHED, ContentModel, ContentProject, ContentRow, FieldDef
from lessonforge.domain.content.tokens import DEFAULT_RATE_LIMIT, value_id
from lessonforge.domain.resources import Resource
from lessonforge.services.content.builtin import BUILTIN_TYPES, ensure_builtin_models
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id
from lessonforge.services.manifests import resource_urls
from lessonforge.store.content.items import ValueWrite
from lessonforge.store.uow import Tx

GENERATED_PROJECT_NAME = "Generated resources"


def publish_generated_resource(ctx: ServiceContext, tx: Tx, resource: Resource) -> str:
    """Write ``resource`` as published content inside ``tx`` (the runner's transaction); returns the content id
    (``resource.content_id`` when set, so the resource row can name its copy without a second write)."""
    memo = tx.content.memo
    target = ("generated-target", resource.organization_id, resource.classroom_id)
    project = memo[target] if target in memo else _target_project(ctx, tx, resource)
    language = _language(tx, project, resource.language)
    memo[target] = replace(project, languages=tuple(dict.fromkeys((*project.languages, language))))
    models = ("builtin-models", project.id)
    if models not in memo:
        memo[models] = ensure_builtin_models(ctx, tx, project.id)
    model = memo[models][resource.resource_type]
    now = ctx.clock.now()
    row = ContentRow(resource.content_id or new_id(), project.id, model.id, resource.title, PUBLISHED, now, now)
    values = _values(ctx, resource)
    tx.content.items.add(row, _writes(row.id, model, language, values))
    return row.id


def follow_resource(ctx: ServiceContext, tx: Tx, before: Resource, after: Resource | None) -> None:
    """Carry a change of a resource (``after`` None: deleted) into its published copy, inside ``tx``.

    The copy is found by id, wherever it lives. A deleted resource deletes it; otherwise only the values the
    change altered are written (per field, the last write wins), the name follows the title and ``lastUpdate``
    moves. A copy that is gone is not recreated; built-in fields missing from its model are skipped.
    """
    copy = tx.content.items.row(before.content_id) if before.content_id else None
    if copy is None:
        return
    if after is None:
        tx.content.items.delete(copy.id)
        return
    project = tx.content.projects.get(copy.project_id)
    model = next((m for m in tx.content.models.for_project(copy.project_id) if m.id == copy.model_id), None)
    if project is None or model is None:
        return
    language = _language(tx, project, after.language)
    old, new = _values(ctx, before), _values(ctx, after)
    written = 0
    for name, value in new.items():
        field = _builtin_field(model, name)
        if field is None or old.get(name) == value:
            continue
        if value is None:
            tx.content.items.clear_value(copy.id, field.id, language)
        else:
            tx.content.items.put_value(copy.id, _write(copy.id, field, language, value), None)
        written += 1
    renamed = after.title if after.title != before.title else None
    if written or renamed is not None:
        tx.content.items.touch(copy.id, ctx.clock.now(), renamed)


def _target_project(ctx: ServiceContext, tx: Tx, resource: Resource) -> ContentProject:
    """The classroom's chosen project, else the organization's generated project (created on first use)."""
    existing = tx.content.projects.generated_target(resource.organization_id, resource.classroom_id)
    if existing is not None:
        return existing
    project = ContentProject(
        id=new_id(),
        organization_id=resource.organization_id,
        name=GENERATED_PROJECT_NAME,
        languages=(resource.language or "en",),
        rate_limit_per_minute=DEFAULT_RATE_LIMIT,
        generated=True,
        created_at=ctx.clock.now(),
    )
    tx.content.projects.add(project)
    return project


def _language(tx: Tx, project: ContentProject, language: str | None) -> str:
    """The project's code for ``language``; a new language is added to the project."""
    if language is None:
        return project.default_language
    for code in project.languages:
        if code.lower() == language.lower():
            return code
    tx.content.projects.set_languages(project.id, (*project.languages, language))
    return language


def _values(ctx: ServiceContext, resource: Resource) -> dict[str, Any]:
    body = resource.body
    urls = resource_urls(ctx.settings.public_base_url, resource)
    values: dict[str, Any] = {
        "title": resource.title,
        "resourceId": resource.id,
        "jobId": resource.job_id,
        "classroomId": resource.classroom_id,
        "apiUrl": urls.get("apiUrl"),
    }
    if resource.resource_type == "module":
        sections = list(body.get("sections", []))
        values |= {"publicUrl": urls.get("publicUrl"), "sectionCount": len(sections), "sections": _json(sections)}
    elif resource.resource_type == "video":
        scenes = list(body.get("scenes", []))
        values |= {
            "renderStatus": resource.render_status,
            "mp4Url": urls.get("mp4Url"),
            "sceneCount": len(scenes),
            "totalDurationSeconds": body.get("totalDurationSeconds"),
            "scenes": _json(scenes),
            "subtitlesVtt": body.get("subtitlesVtt"),
        }
    else:
        items = list(body.get("items", []))
        values |= {"itemCount": len(items), "items": _json(items)}
    return values


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _writes(content_id: str, model: ContentModel, language: str, values: dict[str, Any]) -> list[ValueWrite]:
    writes = []
    for name, value in values.items():
        field = _builtin_field(model, name)
        if field is not None and value is not None:
            writes.append(_write(content_id, field, language, value))
    return writes


def _builtin_field(model: ContentModel, name: str) -> FieldDef | None:
    """The model's field named ``name`` when it still has the built-in type (an admin may have replaced it)."""
    field = model.field_named(name)
    return field if field is not None and not field.is_array and field.type == BUILTIN_TYPES[name] else None


def _write(content_id: str, field: FieldDef, language: str, value: Any) -> ValueWrite:
    return ValueWrite(value_id(content_id, field.id, language), field.id, language, value, index_keys(field, value))
