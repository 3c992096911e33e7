"""Every client command against the real server (in process, CliRunner), `--json` included."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import httpx
import pytest
from sdk_cli_kit import Cli, binary, cli_env, running_receiver, source
from sdk_live_server import LiveServer

from lessonforge_client import ContentClient, verify_webhook


@pytest.fixture
def cli(live_server: LiveServer, api_key: str, tmp_path: Path) -> Cli:
    return Cli(cli_env(live_server, api_key, tmp_path))


def _ok(outcome: object) -> object:
    assert outcome.code == 0, (outcome.out, outcome.err)  # type: ignore[attr-defined]
    return outcome.json()  # type: ignore[attr-defined]


def test_keys_commands_against_the_real_server(cli: Cli) -> None:
    created = _ok(cli("keys", "create", "cli key", "--rate-limit", "90", "--json"))
    assert created["apiKey"].startswith("tf_content_") and created["rateLimitPerMinute"] == 90
    listed = _ok(cli("keys", "list", "--json"))
    assert created["keyId"] in [k["keyId"] for k in listed]
    rotated = _ok(cli("keys", "rotate", created["keyId"], "--json"))
    assert rotated["keyId"] != created["keyId"]
    assert _ok(cli("keys", "revoke", rotated["keyId"], "--json"))["status"] == "revoked"
    expiring = _ok(cli("keys", "create", "until 2099", "--expires-at", "2099-01-01", "--json"))
    assert expiring["expiresAt"].startswith("2099-01-01T00:00:00")
    assert len(_ok(cli("keys", "orgs", "--json"))) == 1


def test_jobs_trigger_status_result_and_classrooms(cli: Cli, live_server: LiveServer) -> None:
    triggered = _ok(cli("trigger", "content.completed", "--json"))
    assert triggered["jobStatus"] == "completed" and triggered["event"] == "content.completed"
    failed = _ok(cli("trigger", "content.failed", "--json"))
    assert failed["jobStatus"] == "failed"
    shown = _ok(cli("jobs", "show", triggered["jobId"], "--json"))
    assert shown["id"] == triggered["jobId"] and shown["sourceType"] == "lessonforge_trigger"
    listed = _ok(cli("jobs", "list", "--source-type", "lessonforge_trigger", "--all", "--json"))
    assert {triggered["jobId"], failed["jobId"]} <= {j["id"] for j in listed}
    only_failed = _ok(cli("jobs", "list", "--status", "failed", "--limit", "500", "--json"))
    assert failed["jobId"] in {j["id"] for j in only_failed}
    assert {j["status"] for j in only_failed} == {"failed"}
    assert _ok(cli("result", triggered["jobId"], "--json"))["manifest"]["status"] == "completed"
    assert cli("status", failed["jobId"]).code == 1
    rooms = _ok(cli("classrooms", "list", "--json"))
    assert [r["id"] for r in rooms] == [live_server.classroom_id]
    assert "1 job(s)" in cli("jobs", "list", "--limit", "1").out


def test_timestamps_are_printed_exactly_as_the_server_sent_them(
    cli: Cli, live_server: LiveServer, api_key: str
) -> None:
    job_id = _ok(cli("trigger", "content.completed", "--json"))["jobId"]
    url = f"{live_server.base_url}/v1/content/integrations/expansions/{job_id}"
    sent = httpx.get(url, headers={"Authorization": f"Bearer {api_key}"}).json()
    printed = _ok(cli("status", job_id, "--json"))
    for stamp in ("createdAt", "updatedAt", "completedAt"):
        assert printed[stamp] == sent[stamp]
    assert sent["createdAt"].endswith("Z") and "." in sent["createdAt"]


def test_webhook_commands_against_the_real_server(cli: Cli) -> None:
    with running_receiver() as receiver:
        created = _ok(cli("webhooks", "create", receiver.url, "--json"))
        assert created["secret"].startswith("whsec_")
        assert created["id"] in [w["id"] for w in _ok(cli("webhooks", "list", "--json"))]
        tested = _ok(cli("webhooks", "test", created["id"], "--json"))
        assert tested["status"] == "delivered" and tested["lastStatusCode"] == 200
        request = receiver.wait_for(1)[0]
        event = verify_webhook(request.body, request.headers, created["secret"])
        assert event.job_id == tested["jobId"]
        deliveries = _ok(cli("webhooks", "deliveries", created["id"], "--json"))
        assert deliveries[0]["id"] == tested["id"]
        again = _ok(cli("webhooks", "redeliver", created["id"], tested["id"], "--json"))
        assert again["status"] == "pending"
        assert _ok(cli("webhooks", "delete", created["id"], "--json"))["deleted"] is True
    assert created["id"] not in [w["id"] for w in _ok(cli("webhooks", "list", "--json"))]


def test_project_commands_and_the_content_api_with_their_token(cli: Cli) -> None:
    created = _ok(cli("projects", "create", "CLI site", "--language", "en", "--json"))
    assert created["readToken"] and created["writeToken"]
    assert created["id"] in [p["id"] for p in _ok(cli("projects", "list", "--json"))]
    project = _ok(
        cli("content", "project", "--json", LESSONFORGE_CONTENT_TOKEN=created["readToken"])
    )
    assert project["name"] == "CLI site"
    rotated = _ok(cli("projects", "rotate-tokens", created["id"], "--json"))
    assert rotated["readToken"] != created["readToken"]
    refused = cli("content", "project", "--json", LESSONFORGE_CONTENT_TOKEN=created["readToken"])
    assert refused.code == 3 and refused.json()["error"]["code"] == "UNAUTHORIZED"
    assert "rotate-tokens" in refused.json()["error"]["hint"]


def test_json_errors_are_json_on_stdout_with_what_to_do_next(cli: Cli, tmp_path: Path) -> None:
    wrong_key = cli("status", "some-job", "--json", LESSONFORGE_API_KEY="tf_content_" + "x" * 32)
    assert wrong_key.code == 3
    error = wrong_key.json()["error"]
    assert error["code"] == "content_invalid_api_key" and error["status"] == 401
    assert error["requestId"] and "keys create" in error["hint"]
    wrong_password = cli("webhooks", "list", "--json", LESSONFORGE_ADMIN_PASSWORD="wrong-password")
    assert wrong_password.code == 3
    assert "sign in again" in wrong_password.json()["error"]["hint"]
    no_key = cli("jobs", "list", "--json", LESSONFORGE_API_KEY="")
    assert no_key.code == 2 and no_key.json()["error"]["code"] == "usage_error"
    missing = cli("jobs", "show", "00000000-0000-4000-8000-000000000000", "--json")
    assert missing.code == 3 and missing.json()["error"]["code"] == "content_not_found"
    no_key_trigger = cli("trigger", "content.completed", "--json", LESSONFORGE_API_KEY="")
    assert no_key_trigger.code == 2 and no_key_trigger.json()["error"]["code"] == "usage_error"
    refused = cli("listen", "--forward-to", "http://127.0.0.1:9/x", "--json",
                  LESSONFORGE_API_KEY="tf_content_" + "x" * 32)  # fmt: skip
    lines = [json.loads(line) for line in refused.out.splitlines()]
    assert refused.code == 3 and lines[0]["listening"] is True
    assert lines[-1]["error"]["code"] == "content_invalid_api_key"
    plain = cli("status", "x", LESSONFORGE_API_KEY="tf_content_" + "x" * 32)
    assert plain.out == "" and "hint: the API key is" in plain.err


def test_wide_tables_fit_80_columns_and_json_keeps_the_full_url(cli: Cli) -> None:
    long_url = "http://127.0.0.1:9/hooks/" + "a-very-long-receiver-path-segment/" * 4
    created = _ok(cli("webhooks", "create", long_url, "--json"))
    table = cli("webhooks", "list")
    assert table.code == 0
    assert max(len(line) for line in table.out.splitlines()) <= 80
    assert long_url not in table.out and "…" in table.out
    assert long_url in [w["url"] for w in _ok(cli("webhooks", "list", "--json"))]
    cli("webhooks", "delete", created["id"])


def test_boolean_flags_are_flags_and_help_says_so(cli: Cli) -> None:
    help_text = cli("expand", "--help").out
    assert "--wait / --no-wait" in help_text and "<bool>" not in help_text
    assert "<bool>" not in cli("--help").out
    assert cli("expand", "x.json", "--wait", "true").code == 2  # 'true' is not a value of a flag


def test_version_and_completion(cli: Cli) -> None:
    assert cli("--version").out.startswith("lessonforge-client ")
    assert "--install-completion" in cli("--help").out
    # Typer detects the shell from the parent process; its own switch makes the shell an argument
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    script = subprocess.run(
        [binary(), "--show-completion", "bash"], capture_output=True, text=True, timeout=60, env=env
    )
    assert script.returncode == 0 and "complete -o default -F" in script.stdout


def test_expand_writes_the_job_as_json(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(source("expand")))
    created = _ok(cli("expand", str(path), "--outputs", "interactive_module", "--json"))
    assert created["status"] in ("queued", "processing", "completed")


def test_content_commands_read_and_publish_with_a_project_token(
    cli: Cli, live_server: LiveServer, tmp_path: Path
) -> None:
    created = _ok(cli("projects", "create", "CLI content", "--language", "en", "--json"))
    with ContentClient(live_server.base_url, created["writeToken"]) as write:
        write.create_model("Note", [{"name": "title", "type": "short-text"}])
        content_id = write.create_content("Note", "first", {"title": "Hello"}).id
    as_writer = {"LESSONFORGE_CONTENT_TOKEN": "PREVIEW_" + created["writeToken"]}
    writer = {"LESSONFORGE_CONTENT_TOKEN": created["writeToken"]}
    published = _ok(cli("content", "publish", content_id, "--json", **writer))
    assert published == {"id": content_id, "status": "published"}
    listed = _ok(cli("content", "list", "--type", "Note", "--json", **as_writer))
    assert [(c["id"], c["title"]) for c in listed] == [(content_id, "Hello")]
    assert _ok(cli("content", "size", "--type", "Note", "--json", **as_writer)) == {"size": 1}
    assert _ok(cli("content", "get", content_id, "--json", **as_writer))["title"] == "Hello"
    snapshot = tmp_path / "snapshot.json"
    assert cli("content", "export", "--output", str(snapshot), **as_writer).code == 0
    assert json.loads(snapshot.read_text())["contents"][0]["id"] == content_id


def test_handoff_of_a_real_job_and_of_the_last_error(cli: Cli) -> None:
    job_id = _ok(cli("trigger", "content.failed", "--json"))["jobId"]
    bundle = _ok(cli("handoff", job_id, "--json"))
    assert bundle["jobId"] == job_id and bundle["jobStatus"] == "failed"
    assert cli("status", job_id).code == 1  # a failed job is remembered for --last-error
    last = _ok(cli("handoff", "--last-error", "--json"))
    assert last["jobId"] == job_id
