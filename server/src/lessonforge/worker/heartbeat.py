"""A background thread that renews the lease of the task its worker thread is running."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from lessonforge.domain.queue import ClaimedTask
from lessonforge.services.context import ServiceContext

log = logging.getLogger("lessonforge.worker")


class Heartbeat:
    """One per worker thread, started lazily and kept for the thread's life (no thread per task)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._current: ClaimedTask | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @contextmanager
    def holding(self, task: ClaimedTask) -> Iterator[None]:
        """Renew ``task``'s lease every ``job_heartbeat_seconds`` until the block ends."""
        with self._lock:
            self._current = task
        self._ensure_running()
        try:
            yield
        finally:
            with self._lock:
                self._current = None

    def _ensure_running(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        """Beat while there is work; exit after an idle interval (restarted by the next task)."""
        while True:
            time.sleep(self.ctx.settings.job_heartbeat_seconds)
            with self._lock:
                task = self._current
                if task is None:
                    self._thread = None
                    return
            self._renew(task)

    def _renew(self, task: ClaimedTask) -> None:
        settings = self.ctx.settings
        try:
            with self.ctx.store.write() as tx:
                alive = tx.queue.heartbeat(task, self.ctx.clock.time() + settings.job_lease_seconds)
        except Exception:
            log.exception("heartbeat failed", extra={"taskId": task.id})
            return
        if not alive:
            log.warning("lease lost", extra={"taskId": task.id})
