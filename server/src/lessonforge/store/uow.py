"""The unit of work: one transaction with the repositories bound to it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import cached_property

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import PoolProxiedConnection

from lessonforge.errors import UniqueViolationError
from lessonforge.store.accounts import AccountRepository
from lessonforge.store.constraints import violated_unique_rule
from lessonforge.store.content import ContentRepository
from lessonforge.store.engine import WRITE_OPTION, build_engine
from lessonforge.store.events import EventRepository
from lessonforge.store.fast import DriverConnection
from lessonforge.store.hot import HotPathRepository
from lessonforge.store.instance import InstanceRepository
from lessonforge.store.jobs import JobRepository
from lessonforge.store.keys import KeyRepository
from lessonforge.store.queue import QueueRepository
from lessonforge.store.renders import RenderRepository
from lessonforge.store.replays import ReplayRepository
from lessonforge.store.resources import ResourceRepository
from lessonforge.store.sessions import SessionRepository
from lessonforge.store.webhooks import WebhookRepository


class Tx:
    """Repositories sharing one connection and transaction (each built on first use)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    @cached_property
    def accounts(self) -> AccountRepository:
        return AccountRepository(self.conn)

    @cached_property
    def instance(self) -> InstanceRepository:
        return InstanceRepository(self.conn)

    @cached_property
    def replays(self) -> ReplayRepository:
        return ReplayRepository(self.conn)

    @cached_property
    def sessions(self) -> SessionRepository:
        return SessionRepository(self.conn)

    @cached_property
    def hot(self) -> HotPathRepository:
        return HotPathRepository(self.conn)

    @cached_property
    def keys(self) -> KeyRepository:
        return KeyRepository(self.conn)

    @cached_property
    def jobs(self) -> JobRepository:
        return JobRepository(self.conn)

    @cached_property
    def resources(self) -> ResourceRepository:
        return ResourceRepository(self.conn)

    @cached_property
    def queue(self) -> QueueRepository:
        return QueueRepository(self.conn)

    @cached_property
    def content(self) -> ContentRepository:
        return ContentRepository(self.conn)

    @cached_property
    def webhooks(self) -> WebhookRepository:
        return WebhookRepository(self.conn)

    @cached_property
    def events(self) -> EventRepository:
        return EventRepository(self.conn)

    @cached_property
    def renders(self) -> RenderRepository:
        return RenderRepository(self.conn)


class HotTx:
    """A write transaction that only runs the per-request statements (``store.hot``), on a bare connection."""

    def __init__(self, conn: DriverConnection) -> None:
        self.hot = HotPathRepository(conn)


class Store:
    """Opens units of work on one engine. ``write()`` takes the write lock up front on SQLite."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite allows one writer: queue this process's writers on a lock instead of in SQLite's busy
        # handler, which sleeps in coarse steps. Other processes still meet the busy timeout.
        self._hot_connection: PoolProxiedConnection | None = None
        self._write_lock: AbstractContextManager[object] = (
            threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()
        )

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(build_engine(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_embedded(self) -> bool:
        """True for SQLite: calls are local and short, so they may run without a thread hop."""
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Tx]:
        """A read-write transaction, committed when the block ends without an exception.

        A write refused by one of the known unique rules raises ``UniqueViolationError`` naming it; any other
        integrity failure propagates as the driver's error (a 500 at the API).
        """
        try:
            with (
                self._write_lock,
                self.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn,
                conn.begin(),
            ):
                yield Tx(conn)
        except IntegrityError as exc:
            rule = violated_unique_rule(exc)
            if rule is None:
                raise  # not a rule a concurrent twin can break: a defect, answered as a generic 500
            raise UniqueViolationError("The write conflicts with existing data", rule=rule) from exc

    @contextmanager
    def hot_write(self) -> Iterator[HotTx]:
        """``write()`` for the per-request bearer path, on a bare DBAPI connection: SQLAlchemy's ``Connection``
        and transaction objects cost more than the statements themselves there.

        On SQLite every write holds the process's write lock, so one connection kept for this path serves
        all of them without a pool checkout; elsewhere the connection comes from the pool.
        """
        with self._write_lock:
            pooled = self._kept_sqlite_connection() if self.is_embedded else self.engine.raw_connection()
            try:
                if self.is_embedded:  # autocommit driver mode: take the database write lock up front
                    pooled.dbapi_connection.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
                yield HotTx(DriverConnection(self.engine.dialect, pooled.dbapi_connection))
                pooled.commit()
            except BaseException:
                pooled.rollback()
                raise
            finally:
                if not self.is_embedded:
                    pooled.close()

    def _kept_sqlite_connection(self) -> PoolProxiedConnection:
        if self._hot_connection is None:
            self._hot_connection = self.engine.raw_connection()
        return self._hot_connection

    @contextmanager
    def read(self) -> Iterator[Tx]:
        """A read-only transaction (a consistent snapshot)."""
        with self.engine.connect() as conn, conn.begin():
            yield Tx(conn)

    def ping(self) -> None:
        """Raise when the database cannot answer a trivial query."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        with self._write_lock:
            if self._hot_connection is not None:
                self._hot_connection.close()
                self._hot_connection = None
        self.engine.dispose()
