"""Typed values of the Content API (SPEC §7, Content Island's wire shapes), and the model mapper."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._models import WireModel


class ContentTypeRef(WireModel):
    id: str
    name: str


class ContentField(WireModel):
    """One field value in one language."""

    id: str | None = None
    name: str
    value: Any = None
    type: str | None = None
    is_array: bool = False
    language: str | None = None


class Content(WireModel):
    id: str
    name: str | None = None
    content_type: ContentTypeRef | None = None
    last_update: str | None = None
    status: str | None = None
    fields: list[ContentField] = []


class ModelField(WireModel):
    id: str | None = None
    name: str
    type: str
    is_array: bool = False
    is_required: bool = False
    validations: list[Any] = []


class EnumValue(WireModel):
    id: str | None = None
    value: str


class ContentTypeInfo(WireModel):
    """An entity model (`fields`) or an enum (`values`) of the project."""

    id: str
    name: str
    type: str
    fields: list[ModelField] = []
    values: list[EnumValue] = []


class Project(WireModel):
    id: str
    name: str
    languages: list[str] = []
    content_types: list[ContentTypeInfo] = []


class MediaFile(WireModel):
    name: str
    url: str


class CreatedId(WireModel):
    id: str


class ExportSnapshot(WireModel):
    """`GET /project/export`: `{meta, project, contents}`."""

    meta: dict[str, Any] = {}
    project: Project
    contents: list[Content] = []


def map_content_to_model(
    content: Content | Mapping[str, Any], language: str | None = None
) -> dict[str, Any]:
    """Flatten one language's fields into `{id, language, lastUpdate, <field name>: value, ...}`.

    Without `language`, the language of the first field is used (the project's default comes
    first). Fields stored without a language apply to every language.
    """
    item = content if isinstance(content, Content) else Content.model_validate(content)
    chosen = language or next((f.language for f in item.fields if f.language), None)
    model: dict[str, Any] = {"id": item.id, "language": chosen, "lastUpdate": item.last_update}
    for field in item.fields:
        if field.language in (None, "", chosen):
            model[field.name] = field.value
    model["id"] = item.id
    return model
