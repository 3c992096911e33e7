"""A real lessonforge server for contract tests: `create_app(Settings)` under uvicorn on 127.0.0.1.

The admin is created with the spec'd CLI (`lessonforge admin create ... --json`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from lessonforge_client import IntegrationClient
from sdk_external import free_port

ADMIN_EMAIL = "contract-admin@school.test"
ADMIN_PASSWORD = "contract-password-123"


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    organization_id: str
    classroom_id: str
    env: dict[str, str]
    app: Any = (
        None  # the server's FastAPI app (its `state.ctx` runs a worker where the test wants one)
    )

    def admin(self) -> IntegrationClient:
        client = IntegrationClient(self.base_url, persist_errors=False)
        client.login(ADMIN_EMAIL, ADMIN_PASSWORD)
        return client

    def new_key(self, name: str = "contract", rate_limit: int | None = None) -> str:
        with self.admin() as admin:
            return admin.create_api_key(self.organization_id, name, rate_limit).api_key


def _create_admin(env: dict[str, str]) -> dict[str, str]:
    command = Path(sys.executable).parent / "lessonforge"
    args = [str(command), "admin", "create", "--email", ADMIN_EMAIL, "--org", "Contract School"]
    args += ["--password", ADMIN_PASSWORD, "--json"]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, check=True)
    created: dict[str, str] = json.loads(done.stdout.strip().splitlines()[-1])
    return created


@contextmanager
def running_server(root: Path, *, run_worker: bool = True) -> Iterator[LiveServer]:
    """Start the real app (with its in-process worker unless told) and an admin; stop it after."""
    app_module = pytest.importorskip("lessonforge.api.app")
    settings_module = pytest.importorskip("lessonforge.settings")
    uvicorn = pytest.importorskip("uvicorn")
    port = free_port()
    env = {
        **os.environ,
        "LESSONFORGE_DATABASE_URL": f"sqlite:///{root / 'lessonforge.db'}",
        "LESSONFORGE_DATA_DIR": str(root / "var"),
        "LESSONFORGE_SECRET_KEY": "contract-secret-key-0123456789abcdef0123456789",
        "LESSONFORGE_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "LESSONFORGE_LOG_LEVEL": "WARNING",
        # The webhook contract test receives on loopback, which the server refuses unless allowed.
        "LESSONFORGE_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
        "LESSONFORGE_WEBHOOK_RETRY_SCHEDULE": "1,1",
    }
    created = _create_admin(env)
    settings = settings_module.Settings.from_env(env)
    app = app_module.create_app(settings, run_worker=run_worker)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the lessonforge server did not start"
    try:
        yield LiveServer(
            f"http://127.0.0.1:{port}", created["organizationId"], created["classroomId"], env, app
        )
    finally:
        server.should_exit = True
        thread.join(timeout=15)
