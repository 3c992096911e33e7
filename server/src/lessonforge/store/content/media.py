"""Repository for uploaded media records (the bytes live in a :mod:`~lessonforge.store.content.files` store)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection

from lessonforge.store.content_schema import content_media


@dataclass(frozen=True)
class MediaRecord:
    id: str
    project_id: str
    name: str
    content_type: str
    size: int
    storage_key: str
    created_at: datetime


class MediaRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, record: MediaRecord) -> None:
        self.conn.execute(content_media.insert().values(**record.__dict__))

    def get(self, media_id: str) -> MediaRecord | None:
        row = self.conn.execute(select(content_media).where(content_media.c.id == media_id)).mappings().first()
        return MediaRecord(**dict(row)) if row else None
