"""Content API repositories, grouped under one facade bound to a transaction (``tx.content``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from lessonforge.store.content.items import ItemRepository
from lessonforge.store.content.media import MediaRepository
from lessonforge.store.content.models import ModelRepository
from lessonforge.store.content.projects import ProjectRepository
from lessonforge.store.content.query import QueryRepository


class ContentRepository:
    """Projects and tokens, models, content items and their values, queries, media."""

    def __init__(self, conn: Connection) -> None:
        self.projects = ProjectRepository(conn)
        self.models = ModelRepository(conn)
        self.items = ItemRepository(conn)
        self.query = QueryRepository(conn)
        self.media = MediaRepository(conn)
        # Lookups remembered for the rest of this transaction only (e.g. a job's three outputs share them).
        self.memo: dict[tuple[str, ...], Any] = {}
