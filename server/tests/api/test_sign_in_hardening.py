"""Sign-in hardening: equal cost for unknown emails, forwarded headers only from trusted proxies, throttles
per email and per address (in process and through a real ``lessonforge serve``)."""

from __future__ import annotations

import dataclasses
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from lf_accounts import OrgAccount, make_org
from lf_support import free_port, lessonforge_command, running, wait_until_up

from lessonforge.api.app import create_app
from lessonforge.services.accounts import DEMO_EMAIL
from lessonforge.settings import Settings
from lessonforge.store.migrate import upgrade

LOGIN = "/auth/login"


def _client(settings: Settings, peer: str = "127.0.0.1") -> Iterator[TestClient]:
    upgrade(settings.database_url)
    with TestClient(create_app(settings), raise_server_exceptions=False, client=(peer, 40000)) as client:
        yield client


@pytest.fixture
def costly(settings: Settings) -> Iterator[TestClient]:
    """Argon2 with a cost that dominates the request, and throttles out of the way."""
    tuned = dataclasses.replace(settings, password_time_cost=2, password_memory_kib=16384, login_max_failures=10**6)
    tuned = dataclasses.replace(tuned, login_max_failures_per_email=10**6, login_max_failures_per_ip=10**6)
    yield from _client(tuned)


def _timed(client: TestClient, email: str) -> float:
    started = time.perf_counter()
    response = client.post(LOGIN, json={"email": email, "password": "not-the-password"})
    assert response.status_code == 401, response.text
    return time.perf_counter() - started


def test_an_unknown_email_takes_as_long_as_a_wrong_password_for_a_known_one(costly: TestClient) -> None:
    app_ctx = costly.app.state.ctx  # type: ignore[attr-defined]
    make_org(app_ctx, "Timing School", "known@example.com")
    _timed(costly, "warm-up@example.com")
    known, unknown = [], []
    for round_number in range(9):  # interleaved, so load on the machine hits both alike
        known.append(_timed(costly, "known@example.com"))
        unknown.append(_timed(costly, f"nobody-{round_number}@example.com"))
    ratio = statistics.median(known) / statistics.median(unknown)
    assert 1 / 3 < ratio < 3, (known, unknown)


@pytest.fixture
def direct(settings: Settings, org: OrgAccount) -> Iterator[TestClient]:
    """No trusted proxy (the default): a loopback peer's X-Forwarded-For means nothing."""
    yield from _client(settings)


@pytest.fixture
def behind_proxy(settings: Settings, org: OrgAccount) -> Iterator[TestClient]:
    yield from _client(dataclasses.replace(settings, trusted_proxies=("127.0.0.0/8",)))


def _wrong(client: TestClient, email: str, forwarded_for: str) -> int:
    headers = {"X-Forwarded-For": forwarded_for}
    return client.post(LOGIN, json={"email": email, "password": "wrong-password"}, headers=headers).status_code


def test_forwarded_for_from_an_untrusted_peer_is_ignored_so_new_headers_do_not_escape_the_throttle(
    direct: TestClient, org: OrgAccount
) -> None:
    answers = [_wrong(direct, org.email, f"198.51.100.{n}") for n in range(12)]
    assert answers == [401] * 5 + [429] * 7


def test_wrong_passwords_for_one_email_from_many_addresses_are_throttled_per_email(
    behind_proxy: TestClient, org: OrgAccount
) -> None:
    answers = [_wrong(behind_proxy, org.email, f"198.51.100.{n}") for n in range(12)]
    assert answers == [401] * 10 + [429] * 2


def test_a_trusted_proxy_names_the_client_so_one_client_is_throttled_not_the_others(
    behind_proxy: TestClient, org: OrgAccount
) -> None:
    assert [_wrong(behind_proxy, org.email, "203.0.113.7") for _ in range(6)] == [401] * 5 + [429]
    assert _wrong(behind_proxy, org.email, "203.0.113.8") == 401
    right = {"email": org.email, "password": org.password}
    assert behind_proxy.post(LOGIN, json=right, headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 200


def test_wrong_passwords_for_many_emails_from_one_address_are_throttled_per_address(
    settings: Settings, org: OrgAccount
) -> None:
    for client in _client(dataclasses.replace(settings, login_max_failures_per_ip=8)):
        answers = [_wrong(client, f"guess-{n}@example.com", "192.0.2.1") for n in range(9)]
        assert answers == [401] * 8 + [429]
        assert client.post(LOGIN, json={"email": org.email, "password": org.password}).status_code == 429


def test_a_bad_trusted_proxy_entry_stops_start_up_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match=r"LESSONFORGE_TRUSTED_PROXIES: 'proxy\.internal'"):
        Settings.from_env({"LESSONFORGE_TRUSTED_PROXIES": "10.0.0.0/8, proxy.internal"})
    assert Settings.from_env({"LESSONFORGE_TRUSTED_PROXIES": "10.0.0.0/8, ::1"}).trusted_proxies == (
        "10.0.0.0/8",
        "::1/128",
    )


@pytest.mark.slow
def test_lessonforge_serve_throttles_new_forwarded_for_headers_from_loopback(tmp_path: Path) -> None:
    port = free_port()
    env = {
        "LESSONFORGE_DATABASE_URL": f"sqlite:///{tmp_path / 'lf.db'}",
        "LESSONFORGE_DATA_DIR": str(tmp_path / "var"),
        "LESSONFORGE_LOGIN_MAX_FAILURES_PER_IP": "8",
    }
    base = f"http://127.0.0.1:{port}"
    with running(lessonforge_command("serve", "--port", str(port), "--no-worker"), env, tmp_path / "serve.log"):
        wait_until_up(f"{base}/readyz", timeout=60)
        with httpx.Client(base_url=base, timeout=30) as client:
            same_email = [_post(client, DEMO_EMAIL, f"198.51.100.{n}") for n in range(12)]
            many_emails = [_post(client, f"guess-{n}@example.com", f"203.0.113.{n}") for n in range(4)]
    assert same_email[:5] == [401] * 5 and set(same_email[5:]) == {429}
    assert many_emails == [401, 401, 401, 429]  # 5 + 3 failures spend the address's budget of 8


def _post(client: httpx.Client, email: str, forwarded_for: str) -> int:
    body = {"email": email, "password": "wrong-password"}
    return client.post(LOGIN, json=body, headers={"X-Forwarded-For": forwarded_for}).status_code
