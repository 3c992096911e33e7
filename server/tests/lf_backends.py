"""Both databases for one test: a migrated SQLite file or the suite's (emptied) PostgreSQL, and live servers on it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount, make_org
from lf_postgres import empty_postgres
from lf_support import ADMIN_EMAIL, free_port, running, server_env, uvicorn_command, wait_until_up

from lessonforge.api.app import create_app
from lessonforge.services import keys
from lessonforge.services.content import projects
from lessonforge.settings import Settings
from lessonforge.store.migrate import upgrade

BACKENDS = ["sqlite", "postgresql"]


def backend_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """``settings`` on the backend named by ``request.param``, migrated (PostgreSQL emptied first)."""
    url = settings.database_url if request.param == "sqlite" else str(request.getfixturevalue("postgres_url"))
    if request.param == "postgresql":
        empty_postgres(url)
    upgrade(url)
    return dataclasses.replace(settings, database_url=url)


def suite_settings(directory: Path) -> Settings:
    """The suite's settings (fast password hashing) on a SQLite file in ``directory``."""
    return Settings(
        database_url=f"sqlite:///{directory / 'lessonforge.db'}",
        data_dir=directory / "var",
        secret_key="test-secret-key-0123456789abcdef0123456789",
        public_base_url="http://testserver",
        password_time_cost=1,
        password_memory_kib=1024,
    )


@dataclass(frozen=True)
class BackendWorld:
    """A running app on one backend with an organization, a bearer key and a Content API write token."""

    client: TestClient
    org: OrgAccount
    bearer: dict[str, str]
    write_token: dict[str, str]


@contextmanager
def backend_world(request: pytest.FixtureRequest, directory: Path) -> Iterator[BackendWorld]:
    """A :class:`BackendWorld` on ``request.param``'s database, for a module's read-mostly tests."""
    settings = backend_settings(request, suite_settings(directory))
    app = create_app(settings)
    ctx = app.state.ctx
    org = make_org(ctx, "North School", ADMIN_EMAIL)
    key = keys.create_key(ctx, org.organization_id, "integration", 10000).secret
    write = projects.create_project(ctx, org.organization_id, "Blog", ["en"], 10000).write_token
    with TestClient(app, raise_server_exceptions=False) as client:
        yield BackendWorld(client, org, {"Authorization": f"Bearer {key}"}, {"Authorization": f"Bearer {write}"})


@pytest.fixture(params=BACKENDS)
def any_backend(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Settings on SQLite, then on PostgreSQL (the test runs once per database)."""
    return backend_settings(request, settings)


@pytest.fixture
def backend_app(any_backend: Settings) -> FastAPI:
    return create_app(any_backend)


@pytest.fixture
def backend_client(backend_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(backend_app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def backend_org(backend_app: FastAPI) -> OrgAccount:
    """An organization with its admin on the backend under test."""
    return make_org(backend_app.state.ctx, "North School", ADMIN_EMAIL)


@pytest.fixture
def backend_bearer(backend_app: FastAPI, backend_org: OrgAccount) -> dict[str, str]:
    """Bearer headers of a key (10 000 requests a minute) of ``backend_org``."""
    issued = keys.create_key(backend_app.state.ctx, backend_org.organization_id, "integration", 10000)
    return {"Authorization": f"Bearer {issued.secret}"}


@contextmanager
def live_servers(settings: Settings, count: int, log_dir: Path) -> Iterator[list[str]]:
    """``count`` uvicorn processes (no in-process worker) serving ``settings``' database; their base URLs."""
    with ExitStack() as stack:
        bases = []
        for index in range(count):
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            env = server_env(
                settings.database_url,
                settings.data_dir,
                base,
                LESSONFORGE_SECRET_KEY=settings.secret_key,
                LESSONFORGE_IN_PROCESS_WORKER="0",
            )
            stack.enter_context(running(uvicorn_command(port), env, log_dir / f"uvicorn-{index}.log"))
            bases.append(base)
        for base in bases:
            wait_until_up(f"{base}/healthz")
        yield bases
