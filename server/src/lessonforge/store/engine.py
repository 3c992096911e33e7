"""Engine construction: SQLite pragmas (WAL, busy timeout, foreign keys) and write transactions that lock early."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

WRITE_OPTION = "lessonforge_write"


def normalise_url(url: str) -> str:
    """Map plain ``postgresql://`` URLs onto the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def compact_json(value: Any) -> str:
    """JSON columns are stored compact and as UTF-8 text (no ``\\uXXXX`` escapes): smaller rows, faster."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def build_engine(url: str, *, pool_size: int = 8) -> Engine:
    """Create the engine for ``url``; SQLite files get their parent folder created."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(
        url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True, json_serializer=compact_json
    )


def _sqlite_engine(url: str) -> Engine:
    path = url.split(":///", 1)[-1].split("?", 1)[0]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        pool_size=16,
        max_overflow=16,
        json_serializer=compact_json,
    )
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event own BEGIN so write transactions can take the lock up front.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _on_sqlite_begin(conn: Connection) -> None:
    # BEGIN IMMEDIATE: a writer waits for the lock (busy timeout) instead of failing on upgrade.
    write = conn.get_execution_options().get(WRITE_OPTION, False)
    # Straight on the driver connection: this runs once per transaction, on the per-request path.
    conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")  # type: ignore[union-attr]
