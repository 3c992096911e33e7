"""Repository for content projects, their tokens (digests only) and classroom assignments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.engine import Connection, RowMapping

from lessonforge.domain.content.model import ContentProject
from lessonforge.store.content_schema import content_classroom_projects, content_projects, content_tokens

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
        chosen = content_classroom_projects
        on = and_(chosen.c.project_id == content_projects.c.id, chosen.c.classroom_id == classroom_id)
        query = (
            select(content_projects)
            .outerjoin(chosen, on)
            .where(
                or_(
                    chosen.c.classroom_id.is_not(None),
                    and_(
                        content_projects.c.organization_id == organization_id,
                        content_projects.c.generated_slot == GENERATED_SLOT,
                    ),
                )
            )
            .order_by(chosen.c.classroom_id.is_(None))
            .limit(1)
        )
        row = self.conn.execute(query).mappings().first()
        return _project(row) if row else None

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


def _project(row: RowMapping) -> ContentProject:
    return ContentProject(
        id=row["id"],
        organization_id=row["organization_id"],
        name=row["name"],
        languages=tuple(row["languages"]),
        rate_limit_per_minute=row["rate_limit_per_minute"],
        generated=row["generated_slot"] == GENERATED_SLOT,
        created_at=row["created_at"],
    )
