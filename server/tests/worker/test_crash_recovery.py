"""A worker killed with SIGKILL mid-job: a restarted worker finishes the job exactly once."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from lf_accounts import OrgAccount
from lf_support import large_payload, lessonforge_command, running, server_env

from lessonforge.domain.jobs import JobStatus
from lessonforge.services import expansions
from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings
from lessonforge.store.schema import queue_entries, resources

pytestmark = pytest.mark.slow


def test_a_job_interrupted_by_sigkill_completes_once_after_restart(
    ctx: ServiceContext, org: OrgAccount, settings: Settings, tmp_path: Path
) -> None:
    # 3 000 lessons: slow enough to kill mid-job; too many for a video (its output fails at once), so none asked.
    outputs = ["interactive_module", "expanded_quiz"]
    request = expansions.ExpansionRequest(org.organization_id, None, large_payload(3000), outputs, None, "big", None)
    job = expansions.create_expansion(ctx, request).job
    env = server_env(
        settings.database_url,
        settings.data_dir,
        "http://127.0.0.1",
        LESSONFORGE_SECRET_KEY=settings.secret_key,
        LESSONFORGE_JOB_LEASE_SECONDS="2",
        LESSONFORGE_JOB_HEARTBEAT_SECONDS="0.5",
        LESSONFORGE_WORKER_POLL_SECONDS="0.05",
    )

    with running(lessonforge_command("worker"), env, tmp_path / "worker1.log") as first:
        _wait_for_status(ctx, org, job.id, JobStatus.PROCESSING)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
    assert expansions.get_expansion(ctx, org.organization_id, job.id).status is JobStatus.PROCESSING
    assert _resource_count(ctx, job.id) == 0

    with running(lessonforge_command("worker"), env, tmp_path / "worker2.log"):
        finished = _wait_for_status(ctx, org, job.id, JobStatus.COMPLETED, timeout=60)

    assert _resource_count(ctx, job.id) == 2
    assert all(o.resource_id for o in finished.outputs)
    with ctx.store.read() as tx:
        rows = tx.conn.execute(queue_entries.select().where(queue_entries.c.ref_id == job.id)).mappings().all()
    assert [(r["status"], r["attempt"]) for r in rows] == [("done", 2)]


def _wait_for_status(ctx: ServiceContext, org: OrgAccount, job_id: str, status: JobStatus, timeout: float = 30):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = expansions.get_expansion(ctx, org.organization_id, job_id)
        if job.status is status:
            return job
        time.sleep(0.005)
    raise AssertionError(f"job never reached {status}")


def _resource_count(ctx: ServiceContext, job_id: str) -> int:
    with ctx.store.read() as tx:
        return len(tx.conn.execute(resources.select().where(resources.c.job_id == job_id)).all())
