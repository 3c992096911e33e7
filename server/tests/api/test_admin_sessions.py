"""Server-side admin sessions: sign-out ends a session for every process, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from lf_accounts import LiveServer, OrgAccount, make_org
from lf_postgres import empty_postgres

from lessonforge.api.app import create_app
from lessonforge.services import sessions
from lessonforge.settings import Settings
from lessonforge.store.migrate import upgrade

ORGS = "/v1/content/organizations"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    if request.param == "sqlite":
        return settings
    url: str = request.getfixturevalue("postgres_url")
    empty_postgres(url)
    return dataclasses.replace(settings, database_url=url)


@pytest.fixture
def two_servers(backend_settings: Settings) -> Iterator[tuple[TestClient, TestClient, OrgAccount]]:
    """Two app instances on one database, each with its own engine (as two server processes)."""
    upgrade(backend_settings.database_url)
    first, second = create_app(backend_settings), create_app(backend_settings)
    account = make_org(first.state.ctx, "Session School", "sessions@example.com")
    with TestClient(first) as one, TestClient(second) as two:
        yield one, two, account
    first.state.ctx.store.dispose()
    second.state.ctx.store.dispose()


def _sign_in(client: TestClient, account: OrgAccount) -> str:
    response = client.post("/auth/login", json={"email": account.email, "password": account.password})
    assert response.status_code == 200, response.text
    client.cookies.clear()  # each call below names the cookie it sends
    token: str = response.cookies["jwt"]
    return token


def _cookie(token: str) -> dict[str, str]:
    return {"Cookie": f"jwt={token}"}


def test_a_cookie_saved_before_sign_out_is_refused_afterwards_by_every_server(
    two_servers: tuple[TestClient, TestClient, OrgAccount],
) -> None:
    one, two, account = two_servers
    saved = _sign_in(one, account)
    assert two.get(ORGS, headers=_cookie(saved)).status_code == 200
    assert two.post("/auth/logout", headers=_cookie(saved)).status_code == 200
    for client in (one, two):
        refused = client.get(ORGS, headers=_cookie(saved))
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "content_invalid_api_key"
    fresh = _sign_in(one, account)
    assert two.get(ORGS, headers=_cookie(fresh)).status_code == 200


def test_signing_out_one_session_leaves_the_admins_other_sessions_alive(
    two_servers: tuple[TestClient, TestClient, OrgAccount],
) -> None:
    one, two, account = two_servers
    laptop, phone = _sign_in(one, account), _sign_in(two, account)
    one.post("/auth/logout", headers=_cookie(laptop))
    assert one.get(ORGS, headers=_cookie(phone)).status_code == 200
    sessions.end_all_sessions(two.app.state.ctx, account.admin_id)  # type: ignore[attr-defined]
    assert one.get(ORGS, headers=_cookie(phone)).status_code == 401


def test_a_signed_token_without_a_session_record_is_refused(
    client: TestClient, org: OrgAccount, settings: Settings
) -> None:
    import jwt

    claims = {"sub": org.admin_id, "aud": "lessonforge-admin", "exp": 4102444800, "jti": "not-a-session"}
    forged_by_key_holder = jwt.encode(claims, settings.secret_key, algorithm="HS256")
    assert client.get(ORGS, headers=_cookie(forged_by_key_holder)).status_code == 401
    legacy = jwt.encode({k: v for k, v in claims.items() if k != "jti"}, settings.secret_key, algorithm="HS256")
    assert client.get(ORGS, headers=_cookie(legacy)).status_code == 401


def test_signing_out_without_a_session_or_twice_is_still_200(admin_client: TestClient) -> None:
    saved = admin_client.cookies["jwt"]
    admin_client.cookies.clear()
    assert admin_client.post("/auth/logout", headers=_cookie(saved)).status_code == 200
    assert admin_client.post("/auth/logout", headers=_cookie(saved)).status_code == 200
    assert admin_client.post("/auth/logout").status_code == 200
    assert admin_client.post("/auth/logout", headers=_cookie("garbage")).status_code == 200


@pytest.mark.slow
def test_a_sign_out_through_another_process_ends_the_session_here(
    live_server: LiveServer, client: TestClient, tmp_path: Path
) -> None:
    org = live_server.org
    saved = _sign_in(client, org)
    with httpx.Client(base_url=live_server.base_url, timeout=30) as other_process:
        assert other_process.get(ORGS, headers=_cookie(saved)).status_code == 200
        assert other_process.post("/auth/logout", headers=_cookie(saved)).status_code == 200
    assert client.get(ORGS, headers=_cookie(saved)).status_code == 401


def test_signing_out_of_the_console_ends_the_session_the_api_honoured(client: TestClient, org: OrgAccount) -> None:
    from lf_console import console_sign_in, post_form

    console_sign_in(client, org)
    saved = client.cookies["jwt"]
    assert client.get(ORGS, headers=_cookie(saved)).status_code == 200
    post_form(client, "/admin/logout", page="/admin")
    client.cookies.clear()
    assert client.get(ORGS, headers=_cookie(saved)).status_code == 401
