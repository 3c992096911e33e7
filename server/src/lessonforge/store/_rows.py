"""Small helpers shared by repositories: dialect-aware upsert and row-count checks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection


def insert_ignore(conn: Connection, table: Table, values: dict[str, Any]) -> bool:
    """Insert unless the primary key exists; True when a row was added."""
    module = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = module.insert(table).values(**values).on_conflict_do_nothing()
    return conn.execute(statement).rowcount == 1
