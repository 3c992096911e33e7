"""The durable queue: a table of tasks claimed with leases; every state change is fenced by attempt.

PostgreSQL claims with ``FOR UPDATE SKIP LOCKED``; SQLite serialises writers (``BEGIN IMMEDIATE``), so
the same ``UPDATE … RETURNING`` is exact on both. On PostgreSQL an enqueue also runs ``pg_notify`` on
:data:`TASK_CHANNEL` in its transaction (delivered on commit), which wakes idle workers of every process
(``store.notify``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, func, literal_column, select, update
from sqlalchemy.engine import Connection

from lessonforge.domain.queue import ClaimedTask, TaskStatus
from lessonforge.store.content.fast_insert import FastInsert
from lessonforge.store.fast import FastStatement
from lessonforge.store.schema import queue_entries as q

# Built once: the worker runs these for every task.
_CANDIDATE = (
    select(q.c.id)
    .where(
        q.c.status == TaskStatus.READY.value,
        q.c.run_after <= bindparam("b_now"),
        q.c.kind.in_(bindparam("b_kinds", expanding=True)),
    )
    .order_by(q.c.run_after, q.c.id)
    .limit(1)
    .with_for_update(skip_locked=True)
    .scalar_subquery()
)
_CLAIM = (
    update(q)
    .where(q.c.id == _CANDIDATE, q.c.status == TaskStatus.READY.value)
    .values(
        status=TaskStatus.RUNNING.value,
        attempt=q.c.attempt + 1,
        locked_by=bindparam("b_worker"),
        lease_expires_at=bindparam("b_lease"),
        updated_at=func.now(),
    )
    .returning(q.c.id, q.c.kind, q.c.ref_id, q.c.attempt, q.c.max_attempts)
)
_OWNED = update(q).where(
    q.c.id == bindparam("b_id"), q.c.attempt == bindparam("b_attempt"), q.c.status == bindparam("b_running")
)
# Run through the driver cursor (see ``store.fast``): every task takes a heartbeat and a finish.
_HEARTBEAT = FastStatement(_OWNED.values(lease_expires_at=bindparam("b_lease"), updated_at=func.now()))
_FINISH = FastStatement(
    _OWNED.values(
        status=bindparam("b_status"),
        lease_expires_at=bindparam("b_no_lease"),
        last_error=bindparam("b_error"),
        updated_at=func.now(),
    )
)
_RETRY = FastStatement(
    _OWNED.values(
        status=bindparam("b_ready"),
        run_after=bindparam("b_run_after"),
        lease_expires_at=bindparam("b_no_lease"),
        last_error=bindparam("b_error"),
        updated_at=func.now(),
    )
)
_INSERT = FastInsert(q)
TASK_CHANNEL = "lessonforge_tasks"
# PostgreSQL only: queued with the transaction, sent on commit (identical payloads are sent once).
_NOTIFY = FastStatement(select(func.pg_notify(literal_column(f"'{TASK_CHANNEL}'"), bindparam("b_kind"))))


class QueueRepository:
    """Enqueue, claim, heartbeat, finish, retry and rescue tasks."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def enqueue(
        self, task_id: str, kind: str, ref_id: str, *, run_after: float, max_attempts: int, at: datetime
    ) -> None:
        _INSERT.run(
            self.conn,
            [
                {
                    "id": task_id,
                    "kind": kind,
                    "ref_id": ref_id,
                    "status": TaskStatus.READY.value,
                    "attempt": 0,
                    "max_attempts": max_attempts,
                    "run_after": run_after,
                    "created_at": at,
                    "updated_at": at,
                }
            ],
        )
        if self.conn.dialect.name == "postgresql":
            _NOTIFY.rows(self.conn, b_kind=kind)

    def claim(self, kinds: Sequence[str], worker_id: str, now: float, lease_seconds: float) -> ClaimedTask | None:
        """Take the oldest ready task of ``kinds`` and lease it to ``worker_id``."""
        params = {"b_kinds": list(kinds), "b_now": now, "b_worker": worker_id, "b_lease": now + lease_seconds}
        row = self.conn.execute(_CLAIM, params).first()
        return ClaimedTask(row.id, row.kind, row.ref_id, row.attempt, row.max_attempts) if row else None

    def heartbeat(self, task: ClaimedTask, lease_until: float) -> bool:
        """Extend the lease; False when the task is no longer ours (rescued and re-claimed)."""
        return self._fenced(_HEARTBEAT, task, b_lease=lease_until)

    def finish(self, task: ClaimedTask, status: TaskStatus, error: str | None = None) -> bool:
        """Mark the task done or failed; False when the fence refuses the write."""
        return self._fenced(_FINISH, task, b_status=status.value, b_error=error, b_no_lease=None)

    def retry_later(self, task: ClaimedTask, run_after: float, error: str) -> bool:
        """Give the task back to the queue for another attempt at ``run_after``."""
        return self._fenced(
            _RETRY, task, b_ready=TaskStatus.READY.value, b_run_after=run_after, b_error=error, b_no_lease=None
        )

    def rescue_expired(self, now: float) -> int:
        """Re-queue running tasks whose lease ran out (their worker died or hung)."""
        statement = (
            update(q)
            .where(q.c.status == TaskStatus.RUNNING.value, q.c.lease_expires_at < now)
            .values(status=TaskStatus.READY.value, locked_by=None, lease_expires_at=None, run_after=now)
        )
        return int(self.conn.execute(statement).rowcount)

    def status_of(self, kind: str, ref_id: str) -> list[tuple[str, int]]:
        query = select(q.c.status, q.c.attempt).where(q.c.kind == kind, q.c.ref_id == ref_id)
        return [(r[0], r[1]) for r in self.conn.execute(query)]

    def _fenced(self, statement: FastStatement, task: ClaimedTask, **values: object) -> bool:
        fence = {"b_id": task.id, "b_attempt": task.attempt, "b_running": TaskStatus.RUNNING.value}
        return statement.run(self.conn, **fence, **values) == 1
