"""PostgreSQL LISTEN/NOTIFY: an enqueue in any process wakes idle workers elsewhere without waiting for a poll."""

from __future__ import annotations

import dataclasses
import queue
import threading
import time
from collections.abc import Callable, Iterator

import psycopg
import pytest
from lf_postgres import empty_postgres

from lessonforge.domain.queue import ClaimedTask, TaskStatus
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id
from lessonforge.settings import Settings
from lessonforge.store.migrate import upgrade
from lessonforge.store.notify import TaskListener
from lessonforge.store.queue import TASK_CHANNEL
from lessonforge.store.uow import Store
from lessonforge.worker.loop import TaskHandler, Worker

LONG_POLL = 30.0  # far longer than any wait below: only a notification can wake the worker in time
PROMPT = 2.0  # generous bound for "at once" on a loaded CI machine; measured figures are ~ms


class ProbeWorker(Worker):
    """Counts idle iterations, so a test knows the worker has gone to sleep on its (long) poll."""

    def __init__(self, ctx: ServiceContext, ran: queue.Queue[tuple[str, float]]) -> None:
        def run(ctx: ServiceContext, task: ClaimedTask) -> None:
            with ctx.store.write() as tx:
                tx.queue.finish(task, TaskStatus.DONE)
            ran.put((task.ref_id, time.monotonic()))

        super().__init__(ctx, handlers={"probe": TaskHandler(run, _never)})
        self.idle = threading.Event()
        self.idle_rounds = 0

    def run_once(self, kinds: tuple[str, ...] | None = None) -> bool:
        worked = super().run_once(kinds)
        if not worked:
            self.idle_rounds += 1
            self.idle.set()
        return worked


def _never(_ctx: ServiceContext, _task: ClaimedTask) -> None:
    raise AssertionError("probe tasks do not fail")


@pytest.fixture
def pg_settings(settings: Settings, postgres_url: str) -> Settings:
    empty_postgres(postgres_url)
    upgrade(postgres_url)
    return dataclasses.replace(settings, database_url=postgres_url, worker_poll_seconds=LONG_POLL)


@pytest.fixture
def producer(pg_settings: Settings) -> Iterator[ServiceContext]:
    """Another process's view: its own engine and connections."""
    store = Store.from_url(pg_settings.database_url)
    yield ServiceContext(store=store, settings=pg_settings)
    store.dispose()


@pytest.fixture
def worker(pg_settings: Settings) -> Iterator[tuple[ProbeWorker, queue.Queue[tuple[str, float]]]]:
    store = Store.from_url(pg_settings.database_url)
    ran: queue.Queue[tuple[str, float]] = queue.Queue()
    runner = ProbeWorker(ServiceContext(store=store, settings=pg_settings), ran)
    runner.start()
    assert runner.listener is not None
    assert runner.listener.listening.wait(5), "the listener never connected"
    assert runner.idle.wait(5), "the worker never went idle"
    yield runner, ran
    runner.stop(5)
    store.dispose()


def _enqueue(ctx: ServiceContext, kind: str = "probe") -> str:
    ref = new_id()
    with ctx.store.write() as tx:
        tx.queue.enqueue(new_id(), kind, ref, run_after=ctx.clock.time(), max_attempts=1, at=ctx.clock.now())
    return ref


def _enqueue_then_fail(ctx: ServiceContext) -> None:
    with ctx.store.write() as tx:
        tx.queue.enqueue(new_id(), "probe", new_id(), run_after=0.0, max_attempts=1, at=ctx.clock.now())
        raise RuntimeError("roll back")


def _wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_an_enqueue_elsewhere_wakes_an_idle_worker_at_once(
    worker: tuple[ProbeWorker, queue.Queue[tuple[str, float]]], producer: ServiceContext
) -> None:
    runner, ran = worker
    for _ in range(3):  # every enqueue, not only the first, wakes it
        runner.idle.clear()
        started = time.monotonic()
        ref = _enqueue(producer)
        got, finished = ran.get(timeout=PROMPT)
        assert got == ref
        assert finished - started < PROMPT
        assert runner.idle.wait(PROMPT)  # asleep on its 30 s poll again before the next enqueue


def test_a_rolled_back_enqueue_notifies_nobody(
    worker: tuple[ProbeWorker, queue.Queue[tuple[str, float]]], producer: ServiceContext, postgres_url: str
) -> None:
    runner, ran = worker
    conninfo = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as watcher:
        watcher.execute(f"LISTEN {TASK_CHANNEL}")
        rounds = runner.idle_rounds
        with pytest.raises(RuntimeError):
            _enqueue_then_fail(producer)
        _enqueue(producer, kind="marker")  # committed after the rollback: notifications arrive in commit order
        payloads = [n.payload for n in watcher.notifies(timeout=PROMPT, stop_after=1)]
    assert payloads == ["marker"]
    assert ran.empty()
    # The marker (a kind this worker does not run) woke it once; nothing was claimed.
    assert _wait_until(lambda: runner.idle_rounds == rounds + 1, PROMPT)
    assert ran.empty()


def test_the_listener_reconnects_after_its_backend_is_terminated(
    worker: tuple[ProbeWorker, queue.Queue[tuple[str, float]]], producer: ServiceContext
) -> None:
    runner, ran = worker
    listener = runner.listener
    assert listener is not None and listener.backend_pid is not None
    old_pid, rounds = listener.backend_pid, runner.idle_rounds
    with producer.store.write() as tx:
        assert tx.conn.exec_driver_sql(f"SELECT pg_terminate_backend({old_pid})").scalar() is True
    assert _wait_until(lambda: listener.reconnects == 1 and listener.listening.is_set())
    assert listener.backend_pid not in (None, old_pid)
    # Reconnecting wakes the worker once (it may have missed notifications meanwhile).
    assert _wait_until(lambda: runner.idle_rounds > rounds, PROMPT)
    started = time.monotonic()
    ref = _enqueue(producer)
    got, finished = ran.get(timeout=PROMPT)
    assert got == ref and finished - started < PROMPT


def test_stop_ends_the_listener_thread_and_closes_its_connection(
    worker: tuple[ProbeWorker, queue.Queue[tuple[str, float]]], producer: ServiceContext
) -> None:
    runner, _ran = worker
    listener = runner.listener
    assert listener is not None
    pid = listener.backend_pid
    started = time.monotonic()
    runner.stop(5)
    assert time.monotonic() - started < 1.0
    assert not listener.alive
    assert not listener.listening.is_set()

    def backend_gone() -> bool:
        with producer.store.read() as tx:
            query = f"SELECT count(*) FROM pg_stat_activity WHERE pid = {pid}"
            return tx.conn.exec_driver_sql(query).scalar() == 0

    assert _wait_until(backend_gone, PROMPT)


def test_the_listener_can_be_turned_off_and_sqlite_has_none(settings: Settings, pg_settings: Settings) -> None:
    upgrade(settings.database_url)
    for current in (settings, dataclasses.replace(pg_settings, worker_listen=False)):
        store = Store.from_url(current.database_url)
        runner = Worker(ServiceContext(store=store, settings=current))
        runner.start()
        try:
            assert runner.listener is None
            assert TaskListener.supported(store.engine) is current.database_url.startswith("postgresql")
        finally:
            runner.stop(5)
            store.dispose()


def test_the_setting_reads_lessonforge_worker_listen() -> None:
    assert Settings.from_env({}).worker_listen is True
    assert Settings.from_env({"LESSONFORGE_WORKER_LISTEN": "0"}).worker_listen is False


def test_an_idle_listener_pings_its_connection_and_keeps_listening(
    pg_settings: Settings, producer: ServiceContext
) -> None:
    store = Store.from_url(pg_settings.database_url)
    woken = threading.Event()
    listener = TaskListener(store.engine, woken.set, ping_seconds=0.02)
    listener.start()
    try:
        assert listener.listening.wait(5)
        pid = listener.backend_pid
        time.sleep(0.1)  # several idle pings
        assert not woken.is_set() and listener.backend_pid == pid and listener.reconnects == 0
        _enqueue(producer)
        assert woken.wait(PROMPT)
    finally:
        listener.stop()
        store.dispose()
    assert not listener.alive


def test_a_notification_read_by_a_ping_still_wakes_the_worker(pg_settings: Settings, producer: ServiceContext) -> None:
    """Pinging without pause: most notifications arrive while a ``SELECT 1`` runs, which reads them into
    psycopg's backlog and leaves the socket quiet; each must still wake the worker at once."""
    store = Store.from_url(pg_settings.database_url)
    woken = threading.Event()
    listener = TaskListener(store.engine, woken.set, ping_seconds=0)
    listener.start()
    try:
        assert listener.listening.wait(5)
        for _ in range(20):
            woken.clear()
            _enqueue(producer)
            assert woken.wait(PROMPT)
    finally:
        listener.stop()
        store.dispose()
