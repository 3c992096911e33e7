"""Real server and worker processes for the stream tests: `lessonforge serve` and `worker`
started, stopped and restarted on one SQLite file, and that file read as the server wrote it."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sdk_cli_kit import source, subprocess_env
from sdk_live_server import ADMIN_EMAIL, ADMIN_PASSWORD, LiveServer, _create_admin

from lessonforge_client import IntegrationClient
from sdk_external import free_port


def newest_event_id(server: LiveServer) -> str:
    """Resume after every event so far: only the next one counts (no race with the connect)."""
    return str(sqlite_value(server.env, "SELECT coalesce(max(sequence), 0) FROM webhook_events"))


def sqlite_value(env: dict[str, str], query: str, *args: object) -> Any:
    path = env["LESSONFORGE_DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute(query, args).fetchone()[0]


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = str(Path(sys.executable).parent / "lessonforge")
    args = [command, "serve", "--port", str(port), "--no-worker"]
    with log.open("ab") as out:
        process = subprocess.Popen(args, env=subprocess_env(env), stdout=out, stderr=out)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not start: {log.read_text()[-2000:]}")


def worker_process(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = str(Path(sys.executable).parent / "lessonforge")
    with log.open("ab") as out:
        return subprocess.Popen(
            [command, "worker"], env=subprocess_env(env), stdout=out, stderr=out
        )


def wait_until(condition: Any, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


MODULE_ONLY = ["interactive_module"]


@dataclass
class RestartableServer:
    """`lessonforge serve --no-worker` on a fixed port over one SQLite file, with an admin; workers
    and restarts on demand (`with RestartableServer(root) as server: ...` stops it at the end)."""

    root: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        return {
            "LESSONFORGE_DATABASE_URL": f"sqlite:///{self.root / 'lessonforge.db'}",
            "LESSONFORGE_DATA_DIR": str(self.root / "var"),
            "LESSONFORGE_SECRET_KEY": "stream-restart-secret-0123456789abcdef012345",
            "LESSONFORGE_PUBLIC_BASE_URL": self.base_url,
            "LESSONFORGE_LOG_LEVEL": "WARNING",
        }

    @property
    def log(self) -> Path:
        return self.root / "processes.log"

    def __enter__(self) -> RestartableServer:
        _create_admin(self.env)
        self.process = serve(self.env, self.port, self.log)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            stop(self.process)

    def new_key(self) -> str:
        with IntegrationClient(self.base_url) as admin:
            admin.login(ADMIN_EMAIL, ADMIN_PASSWORD)
            return admin.create_api_key(admin.list_organizations()[0].id, "stream").api_key

    def events_logged(self) -> int:
        return int(sqlite_value(self.env, "SELECT count(*) FROM webhook_events"))

    def second_job_ends_while_down(
        self, client: IntegrationClient, first_arrived: Callable[[], object]
    ) -> tuple[str, str]:
        """Job 1 ends with everything up (until `first_arrived` returns); job 2 is created, the API
        stops (open streams drop), a worker ends job 2 while the API is down, and the API starts
        again on the same port and file. The ids of the two jobs."""
        worker = worker_process(self.env, self.log)
        first = client.create_expansion(source("before"), requested_outputs=MODULE_ONLY).id
        first_arrived()
        stop(worker)
        second = client.create_expansion(source("during"), requested_outputs=MODULE_ONLY).id
        assert self.process is not None
        stop(self.process)
        worker = worker_process(self.env, self.log)
        wait_until(lambda: self.events_logged() == 2)
        stop(worker)
        self.process = serve(self.env, self.port, self.log)
        return first, second
