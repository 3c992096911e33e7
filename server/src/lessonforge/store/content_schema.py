"""Content API tables (headless CMS), on the shared ``metadata`` so one Alembic history covers both surfaces.

Field values live twice: ``content_values`` holds each content x field x language value as JSON (what reads
return), ``content_index`` one typed row per element (what filters and sorts run on, through its indexes).
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Float, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from lessonforge.store.schema import _ts, metadata


def _fk(name: str, target: str, *, nullable: bool = False, primary_key: bool = False) -> Column[str]:
    return Column(name, String(36), ForeignKey(target, ondelete="CASCADE"), nullable=nullable, primary_key=primary_key)


content_projects = Table(
    "content_projects",
    metadata,
    Column("id", String(36), primary_key=True),
    _fk("organization_id", "organizations.id"),
    Column("name", String(200), nullable=False),
    Column("languages", JSON, nullable=False),
    Column("rate_limit_per_minute", Integer, nullable=False),
    # "generated" for the organization's project of generated resources (at most one), else NULL.
    Column("generated_slot", String(12), nullable=True),
    _ts("created_at"),
    UniqueConstraint("organization_id", "generated_slot"),
    Index("ix_content_projects_org_created", "organization_id", "created_at"),
)

content_tokens = Table(
    "content_tokens",
    metadata,
    Column("id", String(36), primary_key=True),
    _fk("project_id", "content_projects.id"),
    Column("kind", String(8), nullable=False),
    Column("digest", String(64), nullable=False, unique=True),
    Column("token_prefix", String(16), nullable=False),
    _ts("created_at"),
    _ts("revoked_at", nullable=True),
    Index("ix_content_tokens_project", "project_id"),
)

content_classroom_projects = Table(
    "content_classroom_projects",
    metadata,
    _fk("classroom_id", "classrooms.id", primary_key=True),
    _fk("project_id", "content_projects.id"),
    _ts("updated_at"),
)

content_models = Table(
    "content_models",
    metadata,
    Column("id", String(36), primary_key=True),
    _fk("project_id", "content_projects.id"),
    Column("name", String(64), nullable=False),
    Column("name_key", String(64), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("enum_values", JSON, nullable=True),
    _ts("created_at"),
    _ts("updated_at"),
    UniqueConstraint("project_id", "name_key"),
)

content_fields = Table(
    "content_fields",
    metadata,
    Column("id", String(36), primary_key=True),
    _fk("model_id", "content_models.id"),
    Column("project_id", String(36), nullable=False),
    Column("name", String(64), nullable=False),
    Column("name_key", String(64), nullable=False),
    Column("type", String(16), nullable=False),
    Column("is_array", Boolean, nullable=False),
    Column("related_model_id", String(36), nullable=True),
    Column("validations", JSON, nullable=False),
    Column("position", Integer, nullable=False),
    UniqueConstraint("model_id", "name_key"),
    Index("ix_content_fields_related", "related_model_id"),
)

contents = Table(
    "contents",
    metadata,
    Column("id", String(36), primary_key=True),
    _fk("project_id", "content_projects.id"),
    _fk("model_id", "content_models.id"),
    Column("name", Text, nullable=False),
    Column("status", String(10), nullable=False),
    _ts("created_at"),
    _ts("last_update"),
    _ts("published_at", nullable=True),
    Index("ix_contents_project_model_update", "project_id", "model_id", "last_update", "id"),
    Index("ix_contents_project_update", "project_id", "last_update", "id"),
)

content_values = Table(
    "content_values",
    metadata,
    Column("id", String(36), primary_key=True),
    _fk("content_id", "contents.id"),
    _fk("field_id", "content_fields.id"),
    Column("language", String(35), nullable=False),
    Column("value", JSON, nullable=True),
    Index("ix_content_values_content", "content_id"),
    Index("ix_content_values_field", "field_id"),
)

content_index = Table(
    "content_index",
    metadata,
    _fk("content_id", "contents.id", primary_key=True),
    _fk("field_id", "content_fields.id", primary_key=True),
    Column("language", String(35), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text_key", String(191), nullable=True),
    Column("text_full", String(64), nullable=True),
    Column("num_key", Float, nullable=True),
    Index("ix_content_index_field_text", "field_id", "text_key", "content_id"),
    Index("ix_content_index_field_num", "field_id", "num_key", "content_id"),
)

content_media = Table(
    "content_media",
    metadata,
    Column("id", String(36), primary_key=True),
    _fk("project_id", "content_projects.id"),
    Column("name", String(255), nullable=False),
    Column("content_type", String(255), nullable=False),
    Column("size", Integer, nullable=False),
    Column("storage_key", String(500), nullable=False),
    _ts("created_at"),
)
