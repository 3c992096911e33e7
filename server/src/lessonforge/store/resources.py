"""Repository for generated resources."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.engine import Connection, RowMapping

from lessonforge.domain.resources import Resource, ResourceVersion
from lessonforge.store.content.fast_insert import FastInsert
from lessonforge.store.schema import resource_versions, resources

_INSERT = FastInsert(resources)  # the worker files three resources per job


class ResourceRepository:
    """Resources, scoped by organization on every read and write."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, resource: Resource) -> None:
        values = {name: getattr(resource, name) for name in _FIELDS}
        values["body"] = dict(resource.body)
        _INSERT.run(self.conn, [values])

    def get(self, organization_id: str, resource_type: str, resource_id: str) -> Resource | None:
        query = select(resources).where(
            resources.c.id == resource_id,
            resources.c.organization_id == organization_id,
            resources.c.resource_type == resource_type,
        )
        row = self.conn.execute(query).mappings().first()
        return _resource(row) if row else None

    def by_share_token(self, resource_type: str, token: str) -> Resource | None:
        query = select(resources).where(resources.c.share_token == token, resources.c.resource_type == resource_type)
        row = self.conn.execute(query).mappings().first()
        return _resource(row) if row else None

    def of_job(self, job_id: str, output_type: str) -> Resource | None:
        """The resource one job filed for ``output_type`` (a module's level quiz), if it still exists."""
        query = select(resources).where(resources.c.job_id == job_id, resources.c.output_type == output_type)
        row = self.conn.execute(query).mappings().first()
        return _resource(row) if row else None

    def page(
        self, organization_id: str, resource_type: str, *, limit: int, after: tuple[datetime, str] | None
    ) -> list[Resource]:
        query = select(resources).where(
            resources.c.organization_id == organization_id, resources.c.resource_type == resource_type
        )
        if after is not None:
            created, rid = after
            query = query.where(
                or_(resources.c.created_at < created, and_(resources.c.created_at == created, resources.c.id < rid))
            )
        query = query.order_by(resources.c.created_at.desc(), resources.c.id.desc()).limit(limit)
        return [_resource(r) for r in self.conn.execute(query).mappings()]

    def update(self, resource_id: str, expected_version: int, changes: dict[str, Any], at: datetime) -> bool:
        """Apply ``changes`` when the stored version is still ``expected_version``; bumps the version."""
        statement = (
            update(resources)
            .where(resources.c.id == resource_id, resources.c.version == expected_version)
            .values(**changes, version=expected_version + 1, updated_at=at)
        )
        return self.conn.execute(statement).rowcount == 1

    def delete(self, resource_id: str) -> None:
        self.conn.execute(delete(resources).where(resources.c.id == resource_id))

    def add_version(self, resource: Resource) -> None:
        """Keep ``resource``'s title and body as its version ``resource.version`` (its history)."""
        values = {"title": resource.title, "body": dict(resource.body), "created_at": resource.updated_at}
        self.conn.execute(insert(resource_versions).values(resource_id=resource.id, version=resource.version, **values))

    def versions(self, resource_id: str, *, limit: int) -> list[ResourceVersion]:
        """The resource's kept versions, newest first (callers check the resource's organization first)."""
        query = (
            select(resource_versions)
            .where(resource_versions.c.resource_id == resource_id)
            .order_by(resource_versions.c.version.desc())
            .limit(limit)
        )
        return [_version(r) for r in self.conn.execute(query).mappings()]

    def version(self, resource_id: str, version: int) -> ResourceVersion | None:
        query = select(resource_versions).where(
            resource_versions.c.resource_id == resource_id, resource_versions.c.version == version
        )
        row = self.conn.execute(query).mappings().first()
        return _version(row) if row else None


_FIELDS = (
    "id",
    "organization_id",
    "classroom_id",
    "job_id",
    "output_type",
    "resource_type",
    "title",
    "language",
    "version",
    "share_token",
    "render_status",
    "render_error",
    "render_timeline",
    "content_id",
    "created_at",
    "updated_at",
)


def _resource(row: RowMapping) -> Resource:
    return Resource(**{name: row[name] for name in _FIELDS}, body=row["body"])


def _version(row: RowMapping) -> ResourceVersion:
    return ResourceVersion(row["resource_id"], row["version"], row["title"], row["body"], row["created_at"])
