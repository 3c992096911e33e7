"""`lessonforge listen --forward-to`: real events of real jobs, forwarded signed to a real receiver,
verified with the SDK's `verify_webhook` — and none lost when the server restarts in between."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import IO, Any

import pytest
from sdk_cli_kit import binary, running_receiver, source, subprocess_env
from sdk_live_server import LiveServer
from sdk_processes import RestartableServer, newest_event_id

from lessonforge_client import (
    EventType,
    IntegrationClient,
    WebhookVerificationError,
    verify_webhook,
)

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
        newest = newest_event_id(live_server)
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


@pytest.mark.slow
def test_listen_loses_no_event_when_the_server_restarts(tmp_path: Path) -> None:
    with RestartableServer(tmp_path) as server, running_receiver() as receiver:
        key = server.new_key()
        listen_env = {"LESSONFORGE_BASE_URL": server.base_url, "LESSONFORGE_API_KEY": key}
        listener = _listen(listen_env, receiver.url, "--max-events", "2", "--last-event-id", "0")
        try:
            secret = _first_line(listener.stdout)["secret"]
            with IntegrationClient(server.base_url, key) as client:
                first, second = server.second_job_ends_while_down(
                    client, lambda: receiver.wait_for(1)
                )
            out, err = listener.communicate(timeout=120)
        finally:
            listener.kill()
        assert listener.returncode == 0, err
        requests = receiver.wait_for(2)
    events = [verify_webhook(r.body, r.headers, secret) for r in requests]
    assert [e.job_id for e in events] == [first, second]
    reports = [json.loads(line) for line in out.splitlines()]
    assert [(r["jobId"], r["status"]) for r in reports] == [(first, 200), (second, 200)]
    assert "event stream lost" in err and "reconnecting" in err
