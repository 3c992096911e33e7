"""PostgreSQL wake-up for idle workers: enqueues ``NOTIFY``, each worker process ``LISTEN``s on one connection.

The enqueue transaction runs ``pg_notify`` (``store.queue``), which PostgreSQL delivers on commit only: a
rolled-back enqueue wakes nobody. :class:`TaskListener` keeps one autocommit psycopg connection (built from
the engine's URL, outside its pool) listening on :data:`TASK_CHANNEL` in a daemon thread, and calls
``on_notify`` for every batch of notifications. A dropped connection is re-opened with backoff; once it is
back ``on_notify`` is called too, since notifications sent meanwhile were lost. Polling stays the fallback:
claims always scan the table, so a missed notification only delays a task until the next poll.
"""

from __future__ import annotations

import contextlib
import logging
import selectors
import socket
import threading
from collections.abc import Callable
from typing import Any

import psycopg
from sqlalchemy import Engine

from lessonforge.store.queue import TASK_CHANNEL

log = logging.getLogger("lessonforge.store.notify")

PING_SECONDS = 30.0  # an idle LISTEN connection runs SELECT 1 this often, to notice a silently dead link
FIRST_RETRY_SECONDS = 0.1
MAX_RETRY_SECONDS = 30.0


class TaskListener:
    """One ``LISTEN`` connection and the thread that waits on it; ``start()`` once, ``stop()`` once."""

    def __init__(
        self,
        engine: Engine,
        on_notify: Callable[[], None],
        *,
        channel: str = TASK_CHANNEL,
        ping_seconds: float = PING_SECONDS,
    ) -> None:
        self.engine = engine
        self.on_notify = on_notify
        self.channel = channel
        self.ping_seconds = ping_seconds
        self.listening = threading.Event()  # set while LISTEN is in effect (tests wait on it)
        self.reconnects = 0
        self._backend_pid: int | None = None
        self._stopping = threading.Event()
        self._stop_reader, self._stop_writer = socket.socketpair()
        self._thread = threading.Thread(target=self._run, name="task-listener", daemon=True)

    @classmethod
    def supported(cls, engine: Engine) -> bool:
        """True when the engine's database has LISTEN/NOTIFY (PostgreSQL through psycopg 3)."""
        return engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg"

    @property
    def backend_pid(self) -> int | None:
        """The server process of the current LISTEN connection (None while disconnected)."""
        return self._backend_pid

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Wake the thread through its stop socket, wait for it to close the connection and end."""
        self._stopping.set()
        with contextlib.suppress(OSError):  # already stopped
            self._stop_writer.send(b"x")
        if self._thread.is_alive():
            self._thread.join(timeout)
        if not self._thread.is_alive():
            self._stop_reader.close()
            self._stop_writer.close()

    def _run(self) -> None:
        delay = FIRST_RETRY_SECONDS
        connected_before = False
        while not self._stopping.is_set():
            try:
                conn = self._connect()
            except Exception as exc:
                log.warning(
                    "task listener cannot connect; retrying",
                    extra={"retryInSeconds": delay, "error": f"{type(exc).__name__}: {exc}".strip()},
                )
                self._stopping.wait(delay)
                delay = min(delay * 2, MAX_RETRY_SECONDS)
                continue
            delay = FIRST_RETRY_SECONDS
            try:
                if connected_before:
                    self.reconnects += 1
                    log.info("task listener reconnected", extra={"channel": self.channel})
                    self._notify()  # whatever was enqueued while we were away
                connected_before = True
                self._listen(conn)
            except Exception as exc:
                if not self._stopping.is_set():
                    log.warning(
                        "task listener lost its connection; reconnecting",
                        extra={"error": f"{type(exc).__name__}: {exc}".strip()},
                    )
                    self._stopping.wait(delay)
            finally:
                self.listening.clear()
                self._backend_pid = None
                _close_quietly(conn)

    def _connect(self) -> psycopg.Connection[Any]:
        args, kwargs = self.engine.dialect.create_connect_args(self.engine.url)
        kwargs.setdefault("connect_timeout", 10)
        kwargs.setdefault("application_name", "lessonforge-listener")
        conn = psycopg.connect(*args, autocommit=True, **kwargs)
        try:
            conn.execute(f"LISTEN {self.channel}")
        except BaseException:
            _close_quietly(conn)
            raise
        self._backend_pid = conn.info.backend_pid
        self.listening.set()
        return conn

    def _listen(self, conn: psycopg.Connection[Any]) -> None:
        """Wait on the connection and the stop socket; returns on stop, raises when the connection fails."""
        with selectors.DefaultSelector() as selector:  # not select.select: it fails on descriptors >= 1024
            selector.register(conn.fileno(), selectors.EVENT_READ, "conn")
            selector.register(self._stop_reader, selectors.EVENT_READ, "stop")
            while not self._stopping.is_set():
                ready = {key.data for key, _ in selector.select(self.ping_seconds)}
                if "stop" in ready or self._stopping.is_set():
                    return
                if not ready:
                    conn.execute("SELECT 1")  # raises when the link died without a word
                # Drain the batch (one wake-up covers it) after a ping too: a notification that arrived
                # during the ping was read by it into psycopg's backlog and leaves the socket quiet.
                if list(conn.notifies(timeout=0)):
                    self._notify()

    def _notify(self) -> None:
        try:
            self.on_notify()
        except Exception:
            log.exception("task listener callback failed")


def _close_quietly(conn: psycopg.Connection[Any]) -> None:
    try:
        conn.close()
    except Exception:  # the connection is already broken
        log.debug("closing the listener connection failed", exc_info=True)
