"""Repository for settings one process announces to the others through the database (name → value)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection

from lessonforge.store.schema import instance_settings


class InstanceRepository:
    """Deployment-wide values, e.g. the public base URL the API processes serve under."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, name: str) -> str | None:
        value = self.conn.execute(select(instance_settings.c.value).where(instance_settings.c.name == name)).scalar()
        return str(value) if value is not None else None

    def put(self, name: str, value: str, now: datetime) -> None:
        self.conn.execute(delete(instance_settings).where(instance_settings.c.name == name))
        self.conn.execute(instance_settings.insert().values(name=name, value=value, updated_at=now))
