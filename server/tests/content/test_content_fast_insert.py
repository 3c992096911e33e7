"""FastInsert: rows land as SQLAlchemy would store them, and a conflict is the store's UniqueViolationError."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from lessonforge.services.context import ServiceContext
from lessonforge.store.content.fast_insert import FastInsert
from lessonforge.store.schema import queue_entries

AT = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)


def _row(task_id: str) -> dict[str, object]:
    return {
        "id": task_id,
        "kind": "probe",
        "ref_id": "r1",
        "status": "ready",
        "attempt": 0,
        "max_attempts": 3,
        "run_after": 1.5,
        "locked_by": None,
        "lease_expires_at": None,
        "last_error": None,
        "created_at": AT,
        "updated_at": AT,
    }


def test_rows_read_back_like_any_other(ctx: ServiceContext) -> None:
    with ctx.store.write() as tx:
        FastInsert(queue_entries).run(tx.conn, [_row("t1"), _row("t2")])
        tx.conn.execute(queue_entries.insert(), _row("t3"))
    with ctx.store.read() as tx:
        rows = tx.conn.execute(queue_entries.select().order_by(queue_entries.c.id)).mappings().all()
    assert [r["id"] for r in rows] == ["t1", "t2", "t3"]
    assert {(r["created_at"], r["run_after"], r["last_error"]) for r in rows} == {(AT, 1.5, None)}


def test_a_duplicate_row_surfaces_as_sqlalchemys_integrity_error(ctx: ServiceContext) -> None:
    # As through a ``Connection``: the store then tells a known unique rule from any other failure (this
    # primary key is none of them, so it stays an IntegrityError, answered as a 500 at the API).
    with ctx.store.write() as tx:
        FastInsert(queue_entries).run(tx.conn, [_row("t1")])
    with pytest.raises(IntegrityError), ctx.store.write() as tx:
        FastInsert(queue_entries).run(tx.conn, [_row("t2"), _row("t1")])
    with ctx.store.read() as tx:
        assert tx.conn.execute(queue_entries.select()).all()[0].id == "t1"
        assert len(tx.conn.execute(queue_entries.select()).all()) == 1
