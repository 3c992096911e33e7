"""An API process's start-up: get ready in the background (wait for the database, migrate, ...) while it
already listens, answering readiness 503 until then; then start the in-process worker."""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable

from lessonforge.store.availability import retry_while_unavailable
from lessonforge.worker.loop import Worker

log = logging.getLogger("lessonforge.api")


class StartUp:
    """``ready`` is set once ``prepare`` (retried while the database is unavailable) has run and the worker
    started. Without ``prepare`` the process is ready at once (the database was prepared before)."""

    def __init__(self, prepare: Callable[[], None] | None, worker: Worker | None) -> None:
        self.prepare = prepare
        self.worker = worker
        self.ready = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def begin(self) -> None:
        if self.prepare is None:
            self._finish()
            return
        self._thread = threading.Thread(target=self._get_ready, name="start-up", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(30)
        if self.worker is not None:
            self.worker.stop()

    def _get_ready(self) -> None:
        try:
            done = retry_while_unavailable(self._prepared, log=log, what="start-up", stop=self._stopping)
        except Exception:
            log.exception("start-up failed; stopping")
            os.kill(os.getpid(), signal.SIGTERM)
            return
        if done and not self._stopping.is_set():
            self._finish()
            log.info("ready")

    def _prepared(self) -> bool:
        if self.prepare is not None:
            self.prepare()
        return True

    def _finish(self) -> None:
        if self.worker is not None:
            self.worker.start()
        self.ready.set()
