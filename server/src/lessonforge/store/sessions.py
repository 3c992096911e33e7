"""Repository for admin sessions: one row per issued session token (its ``jti``), ended on sign-out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from lessonforge.domain.accounts import Admin
from lessonforge.store.schema import admin_sessions, admins


class SessionRepository:
    """Server-side session records: a token is honoured only while its record is live."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, session_id: str, admin_id: str, created_at: datetime, expires_at: datetime) -> None:
        self.conn.execute(
            admin_sessions.insert().values(
                id=session_id, admin_id=admin_id, created_at=created_at, expires_at=expires_at, ended_at=None
            )
        )

    def live_admin(self, session_id: str, now: datetime) -> Admin | None:
        """The admin of a session that exists, has not ended and has not expired."""
        query = (
            select(admins.c.id, admins.c.email, admins.c.password_hash)
            .join(admin_sessions, admin_sessions.c.admin_id == admins.c.id)
            .where(
                admin_sessions.c.id == session_id,
                admin_sessions.c.ended_at.is_(None),
                admin_sessions.c.expires_at > now,
            )
        )
        row = self.conn.execute(query).first()
        return Admin(row.id, row.email, row.password_hash) if row else None

    def end(self, session_id: str, now: datetime) -> None:
        self.conn.execute(
            update(admin_sessions)
            .where(admin_sessions.c.id == session_id, admin_sessions.c.ended_at.is_(None))
            .values(ended_at=now)
        )

    def end_all_of(self, admin_id: str, now: datetime) -> None:
        self.conn.execute(
            update(admin_sessions)
            .where(admin_sessions.c.admin_id == admin_id, admin_sessions.c.ended_at.is_(None))
            .values(ended_at=now)
        )

    def purge_expired(self, now: datetime) -> None:
        """Drop records past their expiry (their tokens are refused by their own ``exp`` anyway)."""
        self.conn.execute(delete(admin_sessions).where(admin_sessions.c.expires_at <= now))
