"""`serve` and `worker` started while PostgreSQL is down wait for it (one log line per try, no traceback),
listen meanwhile with readiness 503, and recover on their own when it comes back or restarts."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lf_postgres import PostgresControl, controllable_postgres
from lf_processes import demo_admin, run_module_job, status_of, wait_for
from lf_support import free_port, lessonforge_command, running


@pytest.fixture
def postgres_down() -> Iterator[PostgresControl]:
    with controllable_postgres() as control:
        if control is None:
            if os.environ.get("CI"):
                pytest.fail("PostgreSQL is required on CI; .ci/run must install it")
            pytest.skip("PostgreSQL not available")
        yield control


@pytest.mark.slow
@pytest.mark.postgres
def test_serve_and_worker_wait_for_a_late_database_and_recover_from_its_restart(
    postgres_down: PostgresControl, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "LESSONFORGE_DATABASE_URL": postgres_down.url,
        "LESSONFORGE_DATA_DIR": str(tmp_path / "var"),
        "LESSONFORGE_WORKER_POLL_SECONDS": "0.1",
    }
    serve_log, worker_log = tmp_path / "serve.log", tmp_path / "worker.log"
    serve = lessonforge_command("serve", "--port", str(port), "--no-worker")
    worker_env = {**env, "LESSONFORGE_PUBLIC_BASE_URL": base}
    with running(serve, env, serve_log) as api, running(lessonforge_command("worker"), worker_env, worker_log) as work:
        wait_for(lambda: status_of(f"{base}/healthz") == 200)  # listening although the database is down
        assert status_of(f"{base}/readyz") == 503
        wait_for(lambda: "database unavailable" in worker_log.read_text() and "unavailable" in serve_log.read_text())
        time.sleep(2)  # a few more tries
        assert api.poll() is None and work.poll() is None
        before = serve_log.read_text() + worker_log.read_text()
        assert "Traceback" not in before
        assert all(len(line) < 1000 for line in before.splitlines())

        postgres_down.start()
        wait_for(lambda: status_of(f"{base}/readyz") == 200, timeout=120)
        wait_for(lambda: "running" in worker_log.read_text(), timeout=60)

        postgres_down.stop()  # an outage while both run
        wait_for(lambda: status_of(f"{base}/readyz") == 503, timeout=60)
        time.sleep(2)
        postgres_down.start()
        wait_for(lambda: status_of(f"{base}/readyz") == 200, timeout=120)
        assert api.poll() is None and work.poll() is None
        admin, organization_id = demo_admin(base, tmp_path / "var")
        result = run_module_job(admin, organization_id)
    assert result["job"]["status"] == "completed", result
