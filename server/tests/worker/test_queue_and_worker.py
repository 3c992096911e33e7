"""The durable queue and worker: fenced writes, retries with backoff, giving up, rescue of expired leases."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from lf_accounts import OrgAccount
from lf_postgres import empty_postgres
from lf_support import sample_payload

from lessonforge.domain.jobs import JobStatus
from lessonforge.domain.queue import ClaimedTask, TaskStatus
from lessonforge.services import expansions
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id
from lessonforge.services.runner import run_expansion
from lessonforge.settings import Settings
from lessonforge.store.migrate import upgrade
from lessonforge.store.uow import Store
from lessonforge.worker.loop import TaskHandler, Worker


class ManualClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.seconds = 1_800_000_000.0

    def now(self):  # type: ignore[no-untyped-def]
        from datetime import UTC, datetime

        return datetime.fromtimestamp(self.seconds, UTC)

    def time(self) -> float:
        return self.seconds


@pytest.fixture(params=["sqlite", "postgresql"])
def queue_ctx(request: pytest.FixtureRequest, settings: Settings) -> Iterator[ServiceContext]:
    url = settings.database_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    if request.param == "postgresql":
        empty_postgres(url)
    upgrade(url)
    store = Store.from_url(url)
    yield ServiceContext(store=store, settings=dataclasses.replace(settings, database_url=url), clock=ManualClock())
    store.dispose()


def _enqueue(ctx: ServiceContext, kind: str = "probe", max_attempts: int = 3) -> str:
    task_id = new_id()
    with ctx.store.write() as tx:
        tx.queue.enqueue(
            task_id, kind, new_id(), run_after=ctx.clock.time(), max_attempts=max_attempts, at=ctx.clock.now()
        )
    return task_id


def _claim(ctx: ServiceContext, worker_id: str = "w1") -> ClaimedTask | None:
    with ctx.store.write() as tx:
        return tx.queue.claim(["probe", "expansion"], worker_id, ctx.clock.time(), 30.0)


def test_a_task_is_claimed_by_one_worker_only(queue_ctx: ServiceContext) -> None:
    _enqueue(queue_ctx)
    first, second = _claim(queue_ctx, "w1"), _claim(queue_ctx, "w2")
    assert first is not None and first.attempt == 1
    assert second is None


def test_a_rescued_task_fences_out_its_old_owner(queue_ctx: ServiceContext) -> None:
    _enqueue(queue_ctx)
    stale = _claim(queue_ctx)
    assert stale is not None
    queue_ctx.clock.seconds += 31  # type: ignore[attr-defined]
    with queue_ctx.store.write() as tx:
        assert tx.queue.rescue_expired(queue_ctx.clock.time()) == 1
    fresh = _claim(queue_ctx, "w2")
    assert fresh is not None and fresh.attempt == 2
    with queue_ctx.store.write() as tx:
        assert tx.queue.heartbeat(stale, 0) is False
        assert tx.queue.finish(stale, TaskStatus.DONE) is False
        assert tx.queue.finish(fresh, TaskStatus.DONE) is True


def test_failures_are_retried_with_growing_backoff_then_given_up(queue_ctx: ServiceContext) -> None:
    calls: list[int] = []
    gave_up: list[str] = []

    def explode(_ctx: ServiceContext, task: ClaimedTask) -> None:
        calls.append(task.attempt)
        raise RuntimeError("boom")

    handler = TaskHandler(explode, lambda _ctx, task: gave_up.append(task.id))
    worker = Worker(queue_ctx, handlers={"probe": handler})
    task_id = _enqueue(queue_ctx, max_attempts=3)
    clock = queue_ctx.clock
    assert worker.run_once() is True
    assert worker.run_once() is False  # backing off: 2 s after the first failure
    clock.seconds += 2.0  # type: ignore[attr-defined]
    assert worker.run_once() is True
    clock.seconds += 2.0  # type: ignore[attr-defined]
    assert worker.run_once() is False  # the second backoff is 4 s
    clock.seconds += 2.0  # type: ignore[attr-defined]
    assert worker.run_once() is True
    assert calls == [1, 2, 3]
    assert gave_up == [task_id]
    with queue_ctx.store.read() as tx:
        assert tx.queue.status_of("probe", _ref_of(queue_ctx, task_id)) == [("failed", 3)]


def _ref_of(ctx: ServiceContext, task_id: str) -> str:
    from lessonforge.store.schema import queue_entries

    with ctx.store.read() as tx:
        ref: str = (
            tx.conn.execute(queue_entries.select().where(queue_entries.c.id == task_id)).mappings().one()["ref_id"]
        )
    return ref


def test_a_job_whose_every_attempt_crashed_fails_without_internals(queue_ctx: ServiceContext) -> None:
    ctx = queue_ctx
    from lessonforge.services import accounts

    created = accounts.create_admin(ctx, "q@x.test", "password-123", "Queue Org")
    request = expansions.ExpansionRequest(created.organization_id, None, sample_payload(), None, None, None, None)
    job = expansions.create_expansion(ctx, request).job
    for _ in range(ctx.settings.job_max_attempts):  # every worker dies mid-job: leases expire
        assert _claim(ctx) is not None
        ctx.clock.seconds += 31  # type: ignore[attr-defined]
        with ctx.store.write() as tx:
            tx.queue.rescue_expired(ctx.clock.time())
    last = _claim(ctx)
    assert last is not None and last.attempt == ctx.settings.job_max_attempts + 1
    run_expansion(ctx, last)
    failed = expansions.get_expansion(ctx, created.organization_id, job.id)
    assert failed.status is JobStatus.FAILED
    assert failed.error == {"code": "output_generation_failed", "message": "The output could not be generated"}
    assert {o.error["code"] for o in failed.outputs if o.error} == {"output_generation_failed"}


def test_the_in_process_worker_runs_a_job_end_to_end_on_each_dialect(queue_ctx: ServiceContext) -> None:
    from lessonforge.services import accounts

    created = accounts.create_admin(queue_ctx, "w@x.test", "password-123", "Worker Org")
    request = expansions.ExpansionRequest(created.organization_id, None, sample_payload(), None, None, None, None)
    job = expansions.create_expansion(queue_ctx, request).job
    assert Worker(queue_ctx).drain() == 1
    done = expansions.get_expansion(queue_ctx, created.organization_id, job.id)
    assert done.status is JobStatus.COMPLETED
    assert [o.status.value for o in done.outputs] == ["completed"] * 3


def test_a_stale_worker_cannot_complete_a_job(ctx: ServiceContext, org: OrgAccount) -> None:
    request = expansions.ExpansionRequest(org.organization_id, None, sample_payload(), None, None, None, None)
    job = expansions.create_expansion(ctx, request).job
    with ctx.store.write() as tx:
        stale = tx.queue.claim(["expansion"], "old", ctx.clock.time(), 30.0)
    assert stale is not None
    with ctx.store.write() as tx:
        tx.conn.exec_driver_sql("UPDATE queue_entries SET status='ready', lease_expires_at=NULL")
    assert Worker(ctx).drain() == 1
    run_expansion(ctx, stale)  # the old owner wakes up: nothing is filed twice
    with ctx.store.read() as tx:
        count = tx.conn.exec_driver_sql("SELECT count(*) FROM resources WHERE job_id = ?", (job.id,)).scalar()
    assert count == 3


@pytest.mark.parametrize("idempotency_key", ["same", None], ids=["same-key", "no-key"])
def test_concurrent_identical_creates_make_one_job_on_each_dialect(
    queue_ctx: ServiceContext, idempotency_key: str | None
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from lessonforge.errors import ConflictError
    from lessonforge.services import accounts

    created = accounts.create_admin(queue_ctx, "c@x.test", "password-123", "Concurrent Org")
    request = expansions.ExpansionRequest(
        created.organization_id, None, sample_payload("Race"), None, None, idempotency_key, None
    )

    def attempt(_: int) -> str:
        try:
            return expansions.create_expansion(queue_ctx, request).job.id
        except ConflictError:
            return "conflict"

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(attempt, range(32)))
    job_ids = {a for a in answers if a != "conflict"}
    assert len(job_ids) == 1
    if idempotency_key:
        assert "conflict" not in answers
