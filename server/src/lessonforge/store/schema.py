"""Table definitions shared by every dialect; Alembic migrations are written against this metadata."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)


def _id() -> Column[str]:
    return Column("id", String(36), primary_key=True)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every dialect (SQLite stores it naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def _ts(name: str, nullable: bool = False) -> Column[datetime]:
    return Column(name, UTCDateTime(), nullable=nullable)


organizations = Table(
    "organizations",
    metadata,
    _id(),
    Column("name", String(200), nullable=False),
    _ts("created_at"),
)

admins = Table(
    "admins",
    metadata,
    _id(),
    Column("email", String(320), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    _ts("created_at"),
)

memberships = Table(
    "memberships",
    metadata,
    Column("admin_id", String(36), ForeignKey("admins.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", String(36), ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(20), nullable=False, server_default="owner"),
    _ts("created_at"),
)

classrooms = Table(
    "classrooms",
    metadata,
    _id(),
    Column(
        "organization_id", String(36), ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("name", String(200), nullable=False),
    Column("is_default", Boolean, nullable=False, server_default="0"),
    _ts("created_at"),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("throttle_key", String(400), primary_key=True),
    Column("failures", Integer, nullable=False),
    _ts("window_started_at"),
)

admin_sessions = Table(
    "admin_sessions",
    metadata,
    _id(),  # the session token's ``jti``
    Column("admin_id", String(36), ForeignKey("admins.id", ondelete="CASCADE"), nullable=False, index=True),
    _ts("created_at"),
    _ts("expires_at"),
    _ts("ended_at", nullable=True),
    Index("ix_admin_sessions_expires_at", "expires_at"),
)

api_keys = Table(
    "api_keys",
    metadata,
    _id(),
    Column(
        "organization_id", String(36), ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("name", String(200), nullable=False),
    Column("key_prefix", String(32), nullable=False),
    Column("key_digest", String(64), nullable=False, unique=True),
    Column("rate_limit_per_minute", Integer, nullable=False),
    Column("status", String(10), nullable=False),
    _ts("created_at"),
    _ts("last_used_at", nullable=True),
    _ts("revoked_at", nullable=True),
    _ts("expires_at", nullable=True),  # NULL: the key never expires
)

rate_limit_state = Table(
    "rate_limit_state",
    metadata,
    Column("bucket", String(80), primary_key=True),
    Column("tat", Float, nullable=False),
)

jobs = Table(
    "jobs",
    metadata,
    _id(),
    Column("organization_id", String(36), ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False),
    Column("classroom_id", String(36), ForeignKey("classrooms.id"), nullable=False),
    Column("api_key_id", String(36), ForeignKey("api_keys.id", ondelete="SET NULL"), nullable=True),
    Column("source_type", String(200), nullable=False),
    Column("status", String(12), nullable=False),
    Column("requested_outputs", JSON, nullable=False),
    Column("idempotency_key", String(255), nullable=True),
    Column("source_hash", String(64), nullable=False),
    # Set only while the job is queued or processing: the unique index makes duplicate detection exact.
    Column("active_source_hash", String(64), nullable=True),
    Column("source_title", Text, nullable=True),
    Column("payload", JSON, nullable=False),
    Column("error", JSON, nullable=True),
    # Bumped by every write to the job or its outputs: the key of the API's rendered-job cache.
    Column("revision", Integer, nullable=False, server_default="1"),
    # The create call, for support handoffs: "POST /v1/…" and its X-Request-Id (NULL for older jobs).
    Column("create_endpoint", String(300), nullable=True),
    Column("create_request_id", String(36), nullable=True),
    _ts("created_at"),
    _ts("updated_at"),
    _ts("completed_at", nullable=True),
    UniqueConstraint("organization_id", "active_source_hash"),
    Index("ix_jobs_org_created", "organization_id", "created_at", "id"),
)

job_outputs = Table(
    "job_outputs",
    metadata,
    Column("job_id", String(36), ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True),
    Column("output_type", String(40), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("status", String(12), nullable=False),
    Column("resource_type", String(10), nullable=False),
    Column("resource_id", String(36), nullable=True),
    Column("manifest", JSON, nullable=True),
    Column("error", JSON, nullable=True),
    Index("ix_job_outputs_resource", "resource_id"),
)

resources = Table(
    "resources",
    metadata,
    _id(),
    Column("organization_id", String(36), ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False),
    Column("classroom_id", String(36), ForeignKey("classrooms.id"), nullable=False),
    Column("job_id", String(36), ForeignKey("jobs.id", ondelete="SET NULL"), nullable=True),
    Column("output_type", String(40), nullable=False),
    Column("resource_type", String(10), nullable=False),
    Column("title", Text, nullable=False),
    Column("language", String(35), nullable=True),
    Column("body", JSON, nullable=False),
    Column("version", Integer, nullable=False),
    Column("share_token", String(64), nullable=False, unique=True),
    Column("render_status", String(12), nullable=True),
    Column("render_error", JSON, nullable=True),
    Column("render_timeline", JSON, nullable=True),  # captions and chapters of the filed render
    # The Content API content it was published as (no foreign key: a copy deleted there just stops following).
    Column("content_id", String(36), nullable=True),
    _ts("created_at"),
    _ts("updated_at"),
    # One resource per job output: a retried run can never file a second one.
    UniqueConstraint("job_id", "output_type"),
    Index("ix_resources_org_type_created", "organization_id", "resource_type", "created_at", "id"),
)

# Every version a resource has had (title and body), written with the version: its history.
resource_versions = Table(
    "resource_versions",
    metadata,
    Column("resource_id", String(36), ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("body", JSON, nullable=False),
    _ts("created_at"),
)

idempotency_records = Table(
    "idempotency_records",
    metadata,
    Column("organization_id", String(36), ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("idempotency_key", String(255), primary_key=True),
    Column("request_fingerprint", String(64), nullable=False),
    Column("job_id", String(36), ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False),
    _ts("created_at"),
    _ts("expires_at"),
)

stored_responses = Table(
    "stored_responses",
    metadata,
    Column("organization_id", String(36), ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("route", String(200), primary_key=True),  # method and path template: the key's scope
    Column("idempotency_key", String(255), primary_key=True),
    Column("request_fingerprint", String(64), nullable=False),
    Column("status_code", Integer, nullable=True),  # null while the first request is running
    Column("media_type", String(100), nullable=True),
    Column("body_sealed", Text, nullable=True),  # the answer, encrypted: it may hold a secret shown once
    _ts("created_at"),
    _ts("expires_at"),
    Index("ix_stored_responses_expires_at", "expires_at"),
)

instance_settings = Table(
    "instance_settings",
    metadata,
    Column("name", String(100), primary_key=True),  # e.g. public_base_url, as the API processes announce it
    Column("value", Text, nullable=False),
    _ts("updated_at"),
)

queue_entries = Table(
    "queue_entries",
    metadata,
    _id(),
    Column("kind", String(30), nullable=False),
    Column("ref_id", String(36), nullable=False),
    Column("status", String(10), nullable=False),
    Column("attempt", Integer, nullable=False, server_default="0"),
    Column("max_attempts", Integer, nullable=False),
    Column("run_after", Float, nullable=False),
    Column("locked_by", String(100), nullable=True),
    Column("lease_expires_at", Float, nullable=True),
    Column("last_error", Text, nullable=True),
    _ts("created_at"),
    _ts("updated_at"),
    Index("ix_queue_ready", "status", "run_after"),
    Index("ix_queue_ref", "kind", "ref_id"),
)
