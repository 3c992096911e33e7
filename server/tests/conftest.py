"""Fixtures: a real app on a real SQLite file, signed-in admins, API keys, a worker, PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from lf_accounts import LiveServer, OrgAccount, issue_key, make_org
from lf_backends import (  # noqa: F401 (fixtures: a test on both databases)
    any_backend,
    backend_app,
    backend_bearer,
    backend_client,
    backend_org,
    suite_settings,
)
from lf_postgres import postgres_server
from lf_s3 import bucket, s3, s3_endpoint  # noqa: F401 (fixtures: a moto S3 server, its client, a bucket)
from lf_support import ADMIN_EMAIL

from lessonforge.api.app import create_app
from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings
from lessonforge.store.migrate import upgrade
from lessonforge.worker.loop import Worker


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return suite_settings(tmp_path)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    upgrade(settings.database_url)
    return create_app(settings)


@pytest.fixture
def ctx(app: FastAPI) -> ServiceContext:
    context: ServiceContext = app.state.ctx
    return context


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def org(ctx: ServiceContext) -> OrgAccount:
    return make_org(ctx, "North School", ADMIN_EMAIL)


@pytest.fixture
def admin_client(client: TestClient, org: OrgAccount) -> TestClient:
    """The test client, signed in as ``org``'s admin."""
    response = client.post("/auth/login", json={"email": org.email, "password": org.password})
    assert response.status_code == 200, response.text
    return client


@pytest.fixture
def api_key(admin_client: TestClient, org: OrgAccount) -> str:
    return issue_key(admin_client, org.organization_id)


@pytest.fixture
def bearer(api_key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"}


@pytest.fixture
def worker(ctx: ServiceContext) -> Worker:
    return Worker(ctx)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for the session (skipped locally when none can be started)."""
    import os

    with postgres_server() as url:
        if url is None:
            if os.environ.get("CI"):
                pytest.fail("PostgreSQL is required on CI; .ci/run must install it")
            pytest.skip("PostgreSQL not available")
        yield url


@pytest.fixture
def live_server(settings: Settings, ctx: ServiceContext, org: OrgAccount, tmp_path: Path) -> Iterator[LiveServer]:
    from lf_support import free_port, running, server_env, uvicorn_command, wait_until_up

    from lessonforge.services import keys

    issued = keys.create_key(ctx, org.organization_id, "live", 10000)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_env(
        settings.database_url,
        settings.data_dir,
        base,
        LESSONFORGE_SECRET_KEY=settings.secret_key,
        LESSONFORGE_IN_PROCESS_WORKER="0",
    )
    log = tmp_path / "uvicorn.log"
    with running(uvicorn_command(port), env, log):
        wait_until_up(f"{base}/healthz")
        yield LiveServer(base, issued.secret, org, log)
