"""The built-in models ``module``, ``video`` and ``test`` that generated resources are published as."""

from __future__ import annotations

from dataclasses import replace

from lessonforge.domain.content.model import ENTITY, ContentModel, FieldDef, Validation
from lessonforge.errors import ConflictError
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id
from lessonforge.store.uow import Tx

# No ``language`` field: a content's language is its own (values are stored under the resource's language),
# and the Content API reserves the name.
_COMMON = (
    ("title", "short-text"),
    ("resourceId", "short-text"),
    ("jobId", "short-text"),
    ("classroomId", "short-text"),
    ("apiUrl", "short-text"),
)
BUILTIN_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "module": (*_COMMON, ("publicUrl", "short-text"), ("sectionCount", "number"), ("sections", "long-text")),
    "video": (
        *_COMMON,
        ("renderStatus", "short-text"),
        ("mp4Url", "short-text"),
        ("sceneCount", "number"),
        ("totalDurationSeconds", "number"),
        ("scenes", "long-text"),
        ("subtitlesVtt", "long-text"),
    ),
    "test": (*_COMMON, ("itemCount", "number"), ("items", "long-text")),
}
BUILTIN_TYPES = {name: kind for fields in BUILTIN_FIELDS.values() for name, kind in fields}
REQUIRED = frozenset({"title"})


def ensure_builtin_models(ctx: ServiceContext, tx: Tx, project_id: str) -> dict[str, ContentModel]:
    """The three models of the project, created (or completed with missing fields) when needed."""
    models = tx.content.models.named(project_id, list(BUILTIN_FIELDS))
    result: dict[str, ContentModel] = {}
    for name, wanted in BUILTIN_FIELDS.items():
        current = models.get(name)
        if current is not None and current.kind != ENTITY:
            raise ConflictError(f"The project has an enum named '{name}'; generated resources need that name")
        model = current or ContentModel(new_id(), project_id, name, ENTITY)
        missing = [_field(n, t, len(model.fields) + i) for i, (n, t) in enumerate(_missing(model, wanted))]
        if current is None:
            model = replace(model, fields=tuple(missing))
            tx.content.models.add(model, ctx.clock.now())
        elif missing:
            model = replace(model, fields=(*model.fields, *missing))
            tx.content.models.replace(model, ctx.clock.now())
        result[name] = model
    return result


def _missing(model: ContentModel, wanted: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    return [(name, kind) for name, kind in wanted if model.field_named(name) is None]


def _field(name: str, field_type: str, position: int) -> FieldDef:
    rules = (Validation("required"),) if name in REQUIRED else ()
    return FieldDef(new_id(), name, field_type, validations=rules, position=position)
