"""Render state on the ``resources`` table: the conditional updates the render use case is built on.

Every transition is one ``UPDATE … WHERE`` on the expected status (and version), so two requests or two
workers racing for the same video cannot both win, and a render of an edited version is never filed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from lessonforge.domain.renders import RenderStatus
from lessonforge.domain.resources import Resource
from lessonforge.store.resources import _resource
from lessonforge.store.schema import organizations, resources

_PENDING = (RenderStatus.QUEUED.value, RenderStatus.RENDERING.value)


class RenderRepository:
    """Video render status transitions (videos only)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def video(self, video_id: str) -> Resource | None:
        """The video with ``video_id`` whatever its organization (the worker's view)."""
        query = select(resources).where(resources.c.id == video_id, resources.c.resource_type == "video")
        row = self.conn.execute(query).mappings().first()
        return _resource(row) if row else None

    def in_flight(self, organization_id: str) -> int:
        """How many of the organization's videos are queued or rendering.

        On PostgreSQL the organization's row is locked first (``FOR UPDATE``, until the transaction ends), so
        two render requests of one organization count one after the other and the cap stays exact; SQLite
        writers are serialised already.
        """
        if self.conn.dialect.name == "postgresql":
            lock = select(organizations.c.id).where(organizations.c.id == organization_id).with_for_update()
            self.conn.execute(lock)
        count = select(func.count()).where(
            resources.c.organization_id == organization_id,
            resources.c.resource_type == "video",
            resources.c.render_status.in_(_PENDING),
        )
        return int(self.conn.execute(count).scalar_one())

    def move(
        self,
        video_id: str,
        *,
        from_statuses: Collection[RenderStatus],
        to: RenderStatus,
        version: int | None = None,
        error: Mapping[str, str] | None = None,
        timeline: Mapping[str, Any] | None = None,
    ) -> bool:
        """Set ``to`` (and ``error``) when the status is one of ``from_statuses`` (and the version matches);
        ``timeline`` (a filed render's captions and chapters) is stored when given."""
        statement = update(resources).where(
            resources.c.id == video_id,
            resources.c.resource_type == "video",
            resources.c.render_status.in_([s.value for s in from_statuses]),
        )
        if version is not None:
            statement = statement.where(resources.c.version == version)
        values: dict[str, Any] = {"render_status": to.value, "render_error": dict(error) if error else None}
        if timeline is not None:
            values["render_timeline"] = dict(timeline)
        return self.conn.execute(statement.values(**values)).rowcount == 1
