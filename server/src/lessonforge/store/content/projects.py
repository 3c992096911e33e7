"""Repository for content projects, their tokens (digests only) and classroom assignments."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, or_, select, update
from sqlalchemy.engine import Connection

from lessonforge.domain.content.model import ContentProject
from lessonforge.store.content_schema import content_classroom_projects, content_projects, content_tokens
from lessonforge.store.fast import FastStatement

GENERATED_SLOT = "generated"


class ProjectRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, project: ContentProject) -> None:
        self.conn.execute(
            content_projects.insert().values(
                id=project.id,
                organization_id=project.organization_id,
                name=project.name,
                languages=list(project.languages),
                rate_limit_per_minute=project.rate_limit_per_minute,
                generated_slot=GENERATED_SLOT if project.generated else None,
                created_at=project.created_at,
            )
        )

    def get(self, project_id: str) -> ContentProject | None:
        row = self.conn.execute(select(content_projects).where(content_projects.c.id == project_id)).mappings().first()
        return _project(row) if row else None

    def list(self, organization_id: str) -> list[ContentProject]:
        query = (
            select(content_projects)
            .where(content_projects.c.organization_id == organization_id)
            .order_by(content_projects.c.created_at, content_projects.c.id)
        )
        return [_project(r) for r in self.conn.execute(query).mappings()]

    def generated_for(self, organization_id: str) -> ContentProject | None:
        query = select(content_projects).where(
            content_projects.c.organization_id == organization_id, content_projects.c.generated_slot == GENERATED_SLOT
        )
        row = self.conn.execute(query).mappings().first()
        return _project(row) if row else None

    def set_languages(self, project_id: str, languages: tuple[str, ...]) -> None:
        statement = update(content_projects).where(content_projects.c.id == project_id)
        self.conn.execute(statement.values(languages=list(languages)))

    def for_classroom(self, classroom_id: str) -> ContentProject | None:
        query = (
            select(content_projects)
            .join(content_classroom_projects, content_classroom_projects.c.project_id == content_projects.c.id)
            .where(content_classroom_projects.c.classroom_id == classroom_id)
        )
        row = self.conn.execute(query).mappings().first()
        return _project(row) if row else None

    def generated_target(self, organization_id: str, classroom_id: str) -> ContentProject | None:
        """The classroom's chosen project, else the organization's generated project (one query)."""
        rows = _GENERATED_TARGET.mappings(
            self.conn, b_org=organization_id, b_classroom=classroom_id, b_slot=GENERATED_SLOT
        )
        return _project(rows[0]) if rows else None

    def assign_classroom(self, classroom_id: str, project_id: str, at: datetime) -> None:
        table = content_classroom_projects
        self.conn.execute(table.delete().where(table.c.classroom_id == classroom_id))
        self.conn.execute(table.insert().values(classroom_id=classroom_id, project_id=project_id, updated_at=at))

    def add_token(self, token_id: str, project_id: str, kind: str, digest: str, prefix: str, at: datetime) -> None:
        self.conn.execute(
            content_tokens.insert().values(
                id=token_id, project_id=project_id, kind=kind, digest=digest, token_prefix=prefix, created_at=at
            )
        )

    def token_by_digest(self, digest: str) -> tuple[str, str, str] | None:
        """``(token_id, project_id, kind)`` of an active token."""
        query = select(content_tokens.c.id, content_tokens.c.project_id, content_tokens.c.kind).where(
            content_tokens.c.digest == digest, content_tokens.c.revoked_at.is_(None)
        )
        row = self.conn.execute(query).first()
        return (row[0], row[1], row[2]) if row else None

    def token_prefixes(self, project_id: str) -> dict[str, str]:
        query = select(content_tokens.c.kind, content_tokens.c.token_prefix).where(
            content_tokens.c.project_id == project_id, content_tokens.c.revoked_at.is_(None)
        )
        return {row[0]: row[1] for row in self.conn.execute(query)}

    def revoke_tokens(self, project_id: str, at: datetime) -> None:
        statement = update(content_tokens).where(
            content_tokens.c.project_id == project_id, content_tokens.c.revoked_at.is_(None)
        )
        self.conn.execute(statement.values(revoked_at=at))


_CHOSEN = content_classroom_projects
# Run for every job the worker publishes: built once, executed on the driver cursor (at most two rows).
_GENERATED_TARGET = FastStatement(
    select(content_projects)
    .outerjoin(
        _CHOSEN,
        and_(_CHOSEN.c.project_id == content_projects.c.id, _CHOSEN.c.classroom_id == bindparam("b_classroom")),
    )
    .where(
        or_(
            _CHOSEN.c.classroom_id.is_not(None),
            and_(
                content_projects.c.organization_id == bindparam("b_org"),
                content_projects.c.generated_slot == bindparam("b_slot"),
            ),
        )
    )
    .order_by(_CHOSEN.c.classroom_id.is_(None))
)


def _project(row: Mapping[Any, Any]) -> ContentProject:
    return ContentProject(
        id=row["id"],
        organization_id=row["organization_id"],
        name=row["name"],
        languages=tuple(row["languages"]),
        rate_limit_per_minute=row["rate_limit_per_minute"],
        generated=row["generated_slot"] == GENERATED_SLOT,
        created_at=row["created_at"],
    )
