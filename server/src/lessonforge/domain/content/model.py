"""Projects, models (entities and enums), their fields and validations, and content values as stored."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

FIELD_TYPES = (
    "short-text",
    "long-text",
    "number",
    "date",
    "date-time",
    "media",
    "boolean",
    "color",
    "relation",
    "enum",
)
TEXT_TYPES = frozenset({"short-text", "long-text", "color"})
VALIDATION_NAMES = ("required", "unique", "min-length", "max-length", "media-type")
ENTITY, ENUM = "entity", "enum"
DRAFT, PUBLISHED = "draft", "published"


@dataclass(frozen=True)
class Validation:
    """One validation rule of a field, with its argument (a length, a list of media types)."""

    name: str
    args: Any = None

    @property
    def length(self) -> int | None:
        """The limit of ``min-length``/``max-length``: ``{"length": 120}`` (Content Island's documented shape),
        ``120`` or ``"120"``; None when the argument is none of these."""
        raw = self.args.get("length") if isinstance(self.args, dict) and set(self.args) == {"length"} else self.args
        if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 9:
            return int(raw)
        if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= 10**9:
            return raw
        return None


@dataclass(frozen=True)
class FieldDef:
    """One field of an entity model."""

    id: str
    name: str
    type: str
    is_array: bool = False
    related_model_id: str | None = None
    validations: tuple[Validation, ...] = ()
    position: int = 0

    def rule(self, name: str) -> Validation | None:
        return next((v for v in self.validations if v.name == name), None)

    @property
    def required(self) -> bool:
        return self.rule("required") is not None

    @property
    def unique(self) -> bool:
        return self.rule("unique") is not None


@dataclass(frozen=True)
class EnumValue:
    id: str
    value: str


@dataclass(frozen=True)
class ContentModel:
    """An entity (with fields) or an enum (with values) of a project."""

    id: str
    project_id: str
    name: str
    kind: str
    fields: tuple[FieldDef, ...] = ()
    values: tuple[EnumValue, ...] = ()

    def field_named(self, name: str) -> FieldDef | None:
        key = name.casefold()
        return next((f for f in self.fields if f.name.casefold() == key), None)


@dataclass(frozen=True)
class ContentProject:
    """A headless-CMS project of an organization; ``languages[0]`` is the default language."""

    id: str
    organization_id: str
    name: str
    languages: tuple[str, ...]
    rate_limit_per_minute: int
    generated: bool
    created_at: datetime

    @property
    def default_language(self) -> str:
        return self.languages[0]


@dataclass(frozen=True)
class Schema:
    """A project with all its models: what every read and write is checked against."""

    project: ContentProject
    models: tuple[ContentModel, ...]
    _by_id: Mapping[str, ContentModel] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {m.id: m for m in self.models})

    def model(self, model_id: str) -> ContentModel | None:
        return self._by_id.get(model_id)

    def model_named(self, name: str) -> ContentModel | None:
        key = name.casefold()
        return next((m for m in self.models if m.name.casefold() == key), None)

    def entity(self, name_or_id: str) -> ContentModel | None:
        found = self._by_id.get(name_or_id) or self.model_named(name_or_id)
        return found if found is not None and found.kind == ENTITY else None

    def fields_named(self, name: str) -> list[tuple[ContentModel, FieldDef]]:
        """Every (model, field) of the project whose field has this name (case-insensitive)."""
        found = []
        for model in self.models:
            match = model.field_named(name)
            if match is not None:
                found.append((model, match))
        return found


@dataclass(frozen=True)
class ContentRow:
    """A content item without its values."""

    id: str
    project_id: str
    model_id: str
    name: str
    status: str
    created_at: datetime
    last_update: datetime


@dataclass(frozen=True)
class StoredValue:
    """The value of one field in one language of one content (``id`` is the field value id)."""

    id: str
    content_id: str
    field_id: str
    language: str
    value: Any
