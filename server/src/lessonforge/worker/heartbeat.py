"""A background thread that renews a task's lease while it runs."""

from __future__ import annotations

import logging
import threading
from types import TracebackType

from lessonforge.domain.queue import ClaimedTask
from lessonforge.services.context import ServiceContext

log = logging.getLogger("lessonforge.worker")


class Heartbeat:
    """Renew ``task``'s lease every ``heartbeat_seconds`` until the block ends."""

    def __init__(self, ctx: ServiceContext, task: ClaimedTask) -> None:
        self.ctx = ctx
        self.task = task
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{task.id[:8]}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_: object | TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        settings = self.ctx.settings
        while not self._stop.wait(settings.job_heartbeat_seconds):
            try:
                with self.ctx.store.write() as tx:
                    alive = tx.queue.heartbeat(self.task, self.ctx.clock.time() + settings.job_lease_seconds)
            except Exception:
                log.exception("heartbeat failed", extra={"taskId": self.task.id})
                continue
            if not alive:
                log.warning("lease lost", extra={"taskId": self.task.id})
                return
