"""The worker loop: claim, run under a heartbeat, rescue expired leases, stop gracefully.

Threads work in two lanes: the general lane (expansions, webhook deliveries, any other kind) and the render
lane (``video_render`` only), so minutes of rendering never hold up expansions.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lessonforge.domain.queue import ClaimedTask, TaskStatus, retry_delay
from lessonforge.services import public_url
from lessonforge.services.context import ServiceContext
from lessonforge.services.expansions import EXPANSION_TASK
from lessonforge.services.renders import RENDER_TASK, give_up_render, run_render
from lessonforge.services.runner import give_up_expansion, run_expansion
from lessonforge.services.webhook_delivery import give_up_delivery, run_delivery
from lessonforge.services.webhooks import WEBHOOK_TASK
from lessonforge.store.availability import FIRST_DELAY_SECONDS, MAX_DELAY_SECONDS, database_unavailable, reason
from lessonforge.store.notify import TaskListener
from lessonforge.worker.heartbeat import Heartbeat

log = logging.getLogger("lessonforge.worker")


@dataclass(frozen=True)
class TaskHandler:
    """How to run one kind of task, and what to do when its last attempt failed."""

    run: Callable[[ServiceContext, ClaimedTask], None]
    give_up: Callable[[ServiceContext, ClaimedTask], None]


DEFAULT_HANDLERS: Mapping[str, TaskHandler] = {
    EXPANSION_TASK: TaskHandler(run_expansion, give_up_expansion),
    WEBHOOK_TASK: TaskHandler(run_delivery, give_up_delivery),
    RENDER_TASK: TaskHandler(run_render, give_up_render),
}
RENDER_LANE = frozenset({RENDER_TASK})
RESCUE_EVERY_SECONDS = 5.0


class Worker:
    """Runs ``concurrency`` general threads and ``render_concurrency`` render threads (default: the setting
    ``render_concurrency``); each claims and runs one task of its lane at a time."""

    def __init__(
        self,
        ctx: ServiceContext,
        *,
        concurrency: int = 1,
        render_concurrency: int | None = None,
        handlers: Mapping[str, TaskHandler] | None = None,
        wake_event: threading.Event | None = None,
    ) -> None:
        self.ctx = ctx
        self.concurrency = max(1, concurrency)
        renders = ctx.settings.render_concurrency if render_concurrency is None else render_concurrency
        self.render_concurrency = max(0, renders)
        self.handlers = dict(handlers or DEFAULT_HANDLERS)
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._stopping = threading.Event()
        self._wake = wake_event or threading.Event()
        self._threads: list[threading.Thread] = []
        self.listener: TaskListener | None = None
        self._local = threading.local()
        self._last_rescue = 0.0

    def wake(self) -> None:
        """Tell idle threads that work may be waiting (called after an enqueue in this process)."""
        self._wake.set()

    def start(self) -> None:
        """Start the worker threads and, on PostgreSQL, the LISTEN thread that wakes them on any enqueue."""
        engine = self.ctx.store.engine
        if self.ctx.settings.worker_listen and TaskListener.supported(engine):
            self.listener = TaskListener(engine, self._wake.set)
            self.listener.start()
        general = tuple(kind for kind in self.handlers if kind not in RENDER_LANE)
        rendering = tuple(kind for kind in self.handlers if kind in RENDER_LANE)
        lanes = [("worker", general, self.concurrency), ("render", rendering, self.render_concurrency)]
        for name, kinds, threads in lanes:
            for index in range(threads if kinds else 0):
                thread = threading.Thread(target=self.run_forever, args=(kinds,), name=f"{name}-{index}", daemon=True)
                thread.start()
                self._threads.append(thread)

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the tasks in hand, then return."""
        self._stopping.set()
        self._wake.set()
        if self.listener is not None:
            self.listener.stop(timeout)
        for thread in self._threads:
            thread.join(timeout)

    def run_forever(self, kinds: tuple[str, ...] | None = None) -> None:
        """Claim and run tasks of ``kinds`` (default: every kind) until stopped."""
        outage = 0.0  # seconds to wait after the database was found unavailable (doubling, 0: it answers)
        while not self._stopping.is_set():
            try:
                worked = self.run_once(kinds)
                outage = 0.0
            except Exception as exc:
                if not database_unavailable(exc):
                    log.exception("worker iteration failed")
                    worked = False
                else:
                    outage = min(outage * 2 or FIRST_DELAY_SECONDS, MAX_DELAY_SECONDS)
                    log.warning("worker: database unavailable (%s); retrying in %gs", reason(exc), outage)
                    self._stopping.wait(outage)
                    continue
            if not worked:
                self._wake.wait(self.ctx.settings.worker_poll_seconds)
                self._wake.clear()

    def run_once(self, kinds: tuple[str, ...] | None = None) -> bool:
        """Rescue if due, claim one task of ``kinds`` (default: every kind) and run it; False when idle."""
        self._rescue_if_due()
        claimable = list(self.handlers) if kinds is None else list(kinds)
        with self.ctx.store.write() as tx:
            task = tx.queue.claim(claimable, self.worker_id, self.ctx.clock.time(), self.ctx.settings.job_lease_seconds)
        if task is None:
            return False
        handler = self.handlers[task.kind]
        try:
            with self._heartbeat().holding(task):
                handler.run(public_url.for_links(self.ctx), task)
        except Exception as exc:
            log.exception("task attempt failed", extra={"taskId": task.id, "kind": task.kind, "attempt": task.attempt})
            self._after_failure(handler, task, type(exc).__name__)
        return True

    def _after_failure(self, handler: TaskHandler, task: ClaimedTask, reason: str) -> None:
        """Retry with exponential backoff (fenced), or give up after the last attempt."""
        if task.attempt < task.max_attempts:
            run_after = self.ctx.clock.time() + retry_delay(task.attempt, self.ctx.settings.job_retry_base_seconds)
            with self.ctx.store.write() as tx:
                tx.queue.retry_later(task, run_after, reason)
            return
        handler.give_up(public_url.for_links(self.ctx), task)
        with self.ctx.store.write() as tx:
            tx.queue.finish(task, TaskStatus.FAILED, reason)

    def _heartbeat(self) -> Heartbeat:
        """This thread's heartbeat (one per worker thread, reused across tasks)."""
        beat: Heartbeat | None = getattr(self._local, "heartbeat", None)
        if beat is None:
            beat = self._local.heartbeat = Heartbeat(self.ctx)
        return beat

    def drain(self, max_tasks: int = 10_000) -> int:
        """Run tasks until none is ready (tests and benchmarks); returns how many ran."""
        count = 0
        while count < max_tasks and self.run_once():
            count += 1
        return count

    def _rescue_if_due(self) -> None:
        now = self.ctx.clock.time()
        if now - self._last_rescue < min(RESCUE_EVERY_SECONDS, self.ctx.settings.job_lease_seconds / 2):
            return
        self._last_rescue = now
        with self.ctx.store.write() as tx:
            rescued = tx.queue.rescue_expired(now)
        if rescued:
            log.warning("re-queued tasks with expired leases", extra={"count": rescued})
