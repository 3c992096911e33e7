"""`expand` meeting the duplicate-source 409: it names the running job, and `--follow-existing`
follows that job to its end (a server without an in-process worker keeps the first job queued)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sdk_cli_kit import Cli, binary, cli_env, source, subprocess_env
from sdk_live_server import LiveServer, running_server

worker_loop = pytest.importorskip("lessonforge.worker.loop")


@pytest.fixture(scope="module")
def idle_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with running_server(tmp_path_factory.mktemp("idle"), run_worker=False) as server:
        yield server


def test_expand_of_a_source_still_running_names_the_job_and_follows_it_on_request(
    idle_server: LiveServer, tmp_path: Path
) -> None:
    env = cli_env(idle_server, idle_server.new_key(), tmp_path)
    cli, path = Cli(env), tmp_path / "lesson.json"
    path.write_text(json.dumps(source("follow")))
    args = ["expand", str(path), "--outputs", "interactive_module", "--json"]
    first = cli(*args)
    assert first.code == 0, first.err
    refused = cli(*args)
    assert refused.code == 3
    error = refused.json()["error"]
    assert error["code"] == "content_conflict"
    assert error["details"]["existingJobId"] == first.json()["id"]
    assert "--follow-existing" in error["hint"]
    follow = subprocess.Popen(
        [binary(), *args, "--follow-existing", "--poll-interval", "0.2"],
        env=subprocess_env(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert follow.stderr is not None
        assert "following " + first.json()["id"] in follow.stderr.readline()
        worker_loop.Worker(idle_server.app.state.ctx).drain()
        out, err = follow.communicate(timeout=120)
    finally:
        follow.kill()
    assert follow.returncode == 0, err
    result = json.loads(out)
    assert result["job"]["id"] == first.json()["id"] and result["job"]["status"] == "completed"
