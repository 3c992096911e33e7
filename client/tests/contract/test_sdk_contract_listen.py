"""`lessonforge listen --forward-to`: real events of real jobs, forwarded signed to a real receiver,
verified with the SDK's `verify_webhook` — and none lost when the server restarts in between."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
from sdk_cli_kit import binary, running_receiver, source, subprocess_env
from sdk_live_server import ADMIN_EMAIL, ADMIN_PASSWORD, LiveServer, _create_admin

from lessonforge_client import (
    EventType,
    IntegrationClient,
    WebhookVerificationError,
    verify_webhook,
)
from sdk_external import free_port

MODULE_ONLY = ["interactive_module"]


def _listen(env: dict[str, str], url: str, *extra: str) -> subprocess.Popen[str]:
    args = [binary(), "listen", "--forward-to", url, "--json", *extra]
    return subprocess.Popen(
        args, env=subprocess_env(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _first_line(stream: IO[str] | None) -> dict[str, Any]:
    assert stream is not None
    line: dict[str, Any] = json.loads(stream.readline())
    return line


def test_listen_forwards_a_real_jobs_event_signed_so_verify_webhook_accepts_it(
    live_server: LiveServer, client: IntegrationClient, api_key: str, tmp_path: Path
) -> None:
    env = {"LESSONFORGE_BASE_URL": live_server.base_url, "LESSONFORGE_API_KEY": api_key}
    with running_receiver() as receiver:
        newest = _newest_event_id(live_server)
        process = _listen(env, receiver.url, "--max-events", "1", "--last-event-id", newest)
        try:
            secret = _first_line(process.stdout)["secret"]
            job = client.create_expansion(source("listen"), requested_outputs=MODULE_ONLY)
            out, err = process.communicate(timeout=120)
        finally:
            process.kill()
        assert process.returncode == 0, err
        (request,) = receiver.wait_for(1)
    event = verify_webhook(request.body, request.headers, secret)
    assert (event.event, event.job_id) == (EventType.CONTENT_COMPLETED, job.id)
    assert request.headers["X-Content-Integration-Event"] == "content.completed"
    forwarded = json.loads(out.splitlines()[-1])
    assert forwarded["jobId"] == job.id and forwarded["status"] == 200
    with pytest.raises(WebhookVerificationError, match="does not match"):
        verify_webhook(request.body, request.headers, "whsec_" + "A" * 44)


def _newest_event_id(server: LiveServer) -> str:
    """Resume after every event so far: only the next one counts (no race with the connect)."""
    return str(_sqlite(server.env, "SELECT coalesce(max(sequence), 0) FROM webhook_events"))


def _sqlite(env: dict[str, str], query: str, *args: object) -> Any:
    path = env["LESSONFORGE_DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute(query, args).fetchone()[0]


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
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


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = str(Path(sys.executable).parent / "lessonforge")
    with log.open("ab") as out:
        return subprocess.Popen(
            [command, "worker"], env=subprocess_env(env), stdout=out, stderr=out
        )


def _wait(condition: Any, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@pytest.mark.slow
def test_listen_loses_no_event_when_the_server_restarts(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "LESSONFORGE_DATABASE_URL": f"sqlite:///{tmp_path / 'lessonforge.db'}",
        "LESSONFORGE_DATA_DIR": str(tmp_path / "var"),
        "LESSONFORGE_SECRET_KEY": "listen-restart-secret-0123456789abcdef012345",
        "LESSONFORGE_PUBLIC_BASE_URL": base,
        "LESSONFORGE_LOG_LEVEL": "WARNING",
    }
    _create_admin(env)
    log = tmp_path / "processes.log"
    server = _serve(env, port, log)
    try:
        with IntegrationClient(base) as admin:
            admin.login(ADMIN_EMAIL, ADMIN_PASSWORD)
            key = admin.create_api_key(admin.list_organizations()[0].id, "listen").api_key
        listen_env = env | {"LESSONFORGE_BASE_URL": base, "LESSONFORGE_API_KEY": key}
        with running_receiver() as receiver, IntegrationClient(base, key) as client:
            listener = _listen(
                listen_env, receiver.url, "--max-events", "2", "--last-event-id", "0"
            )
            try:
                secret = _first_line(listener.stdout)["secret"]
                worker = _worker(env, log)
                first = client.create_expansion(source("before"), requested_outputs=MODULE_ONLY)
                receiver.wait_for(1)
                _stop(worker)
                second = client.create_expansion(source("during"), requested_outputs=MODULE_ONLY)
                _stop(server)  # the stream drops; listen keeps reconnecting
                worker = _worker(env, log)  # the job ends while the API is down
                _wait(lambda: _sqlite(env, "SELECT count(*) FROM webhook_events") == 2)
                _stop(worker)
                server = _serve(env, port, log)  # same port, same SQLite file
                out, err = listener.communicate(timeout=120)
            finally:
                listener.kill()
            assert listener.returncode == 0, err
            requests = receiver.wait_for(2)
    finally:
        _stop(server)
    events = [verify_webhook(r.body, r.headers, secret) for r in requests]
    assert [e.job_id for e in events] == [first.id, second.id]
    reports = [json.loads(line) for line in out.splitlines()]
    assert [(r["jobId"], r["status"]) for r in reports] == [(first.id, 200), (second.id, 200)]
    assert "connection lost" in err or "reconnecting" in err
