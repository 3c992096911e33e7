"""The CLI driven as a user would: `lessonforge-client` subprocesses against a local server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sdk_fakeserver import ADMIN, CONTENT_TOKEN, FakeLessonforge, running_fake_server
from sdk_testkit import API_KEY

SOURCE = {
    "title": "A1 Foundations",
    "level": {"id": "a1", "title": "A1 Foundations", "lessons": []},
}


def cli_binary() -> str:
    path = Path(sys.executable).parent / "lessonforge-client"
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(
                "lessonforge-client is not installed (pip install -e './client[cli]')",
                pytrace=False,
            )
        pytest.skip("lessonforge-client is not installed")
    return str(path)


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


@dataclass
class Cli:
    base_url: str
    server: FakeLessonforge
    tmp: Path

    def __call__(
        self, *args: str, env: dict[str, str] | None = None, stdin: str | None = None
    ) -> Run:
        environment = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(self.tmp),
            "LESSONFORGE_BASE_URL": self.base_url,
            "LESSONFORGE_API_KEY": API_KEY,
            "LESSONFORGE_STATE_DIR": str(self.tmp / "state"),
            "LESSONFORGE_CONTENT_TOKEN": CONTENT_TOKEN,
            "LESSONFORGE_ADMIN_EMAIL": ADMIN[0],
            "LESSONFORGE_ADMIN_PASSWORD": ADMIN[1],
            "COLUMNS": "200",
            "NO_COLOR": "1",
            **(env or {}),
        }
        environment = {k: v for k, v in environment.items() if v}
        done = subprocess.run(
            [cli_binary(), *args],
            env=environment,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return Run(done.returncode, done.stdout, done.stderr)

    def source(self, **changes: object) -> str:
        path = self.tmp / "lesson.json"
        path.write_text(json.dumps({**SOURCE, **changes}))
        return str(path)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, FakeLessonforge]]:
    with running_fake_server() as running:
        yield running


@pytest.fixture
def cli(server: tuple[str, FakeLessonforge], tmp_path: Path) -> Cli:
    return Cli(server[0], server[1], tmp_path)


def test_expand_wait_shows_progress_and_prints_the_manifest_table(cli: Cli) -> None:
    run = cli("expand", cli.source(), "--wait", "--poll-interval", "0.05")
    assert run.code == 0, run.err
    assert "Result of job" in run.out
    for output in ("interactive_module", "summary_video", "expanded_quiz"):
        assert output in run.out
    assert "http://lf.test/share/module/x" in run.out
    assert "completed" in run.err  # the progress display (stderr)
    assert "3/3" in run.err
    assert "outputs" in run.err


def test_expand_wait_json_prints_the_result_for_scripts(cli: Cli) -> None:
    run = cli("expand", cli.source(), "--wait", "--json", "--poll-interval", "0.05")
    assert run.code == 0, run.err
    result = run.json()
    assert isinstance(result, dict)
    assert result["job"]["status"] == "completed"
    assert result["manifest"]["outputs"][0]["urls"]["publicUrl"].startswith("http://lf.test/share/")


def test_expand_reads_stdin_and_sends_outputs_and_idempotency_key(cli: Cli) -> None:
    outputs = "interactive_module,summary_video"
    args = ("expand", "-", "--outputs", outputs, "--idempotency-key", "a1-2026", "--json")
    run = cli(*args, stdin=json.dumps(SOURCE))
    assert run.code == 0, run.err
    job = run.json()
    assert isinstance(job, dict)
    assert job["status"] == "queued"
    assert job["idempotencyKey"] == "a1-2026"


def test_a_failed_job_exits_1_with_its_error_on_stderr(cli: Cli) -> None:
    run = cli("expand", cli.source(title="fail"), "--wait", "--poll-interval", "0.05")
    assert run.code == 1
    assert "failed" in run.out
    assert "source_invalid: lesson l2: quiz answer is not among its choices" in run.out
    assert "failed: output_generation_failed: 1 of 3 outputs failed" in run.err


def test_an_api_error_is_one_line_on_stderr_with_the_request_id_and_exit_3(cli: Cli) -> None:
    run = cli("expand", cli.source(title="conflict"))
    assert run.code == 3
    lines = run.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: content_conflict (409): job 0c3b1c64-")
    assert "[request id " in lines[0]
    assert run.out == ""


def test_a_proxy_html_page_is_a_clean_one_line_error(cli: Cli) -> None:
    run = cli(
        "status",
        "job-1",
        env={"LESSONFORGE_BASE_URL": cli.base_url + "/html502", "LESSONFORGE_MAX_RETRIES": "0"},
    )
    assert run.code == 3
    assert (
        run.err.strip()
        == "error: gateway_error (502): HTTP 502 Bad Gateway (non-JSON response): 502 Bad Gateway"
    )


def test_retries_are_shown_on_stderr(cli: Cli) -> None:
    env = {"LESSONFORGE_BASE_URL": cli.base_url + "/html502", "LESSONFORGE_MAX_RETRIES": "1"}
    run = cli("status", "job-1", env=env)
    assert run.code == 3
    assert "retrying GET /v1/content/integrations/expansions/job-1 after HTTP 502" in run.err


def test_a_missing_api_key_is_a_usage_error(cli: Cli) -> None:
    run = cli("status", "job-1", env={"LESSONFORGE_API_KEY": ""})
    assert run.code == 2
    assert "LESSONFORGE_API_KEY" in run.err


def test_a_bad_key_is_an_api_error(cli: Cli) -> None:
    run = cli("status", "job-1", env={"LESSONFORGE_API_KEY": "tf_content_wrong"})
    assert run.code == 3
    assert "content_invalid_api_key (401)" in run.err


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_a_source_that_is_not_a_json_object_is_a_usage_error(cli: Cli, content: str) -> None:
    path = cli.tmp / "bad.json"
    path.write_text(content)
    run = cli("expand", str(path))
    assert run.code == 2


def test_a_missing_file_is_a_usage_error(cli: Cli) -> None:
    assert cli("expand", str(cli.tmp / "nope.json")).code == 2


def test_status_and_result(cli: Cli) -> None:
    created = cli("expand", cli.source(), "--json").json()
    assert isinstance(created, dict)
    status = cli("status", created["id"])
    assert status.code == 0
    assert created["id"] in status.out
    assert "processing" in status.out
    as_json = cli("status", created["id"], "--json").json()
    assert isinstance(as_json, dict)
    assert as_json["status"] == "completed"
    result = cli("result", created["id"])
    assert result.code == 0
    assert "http://lf.test/share/video/x" in result.out


def test_status_of_an_unknown_job_is_exit_3(cli: Cli) -> None:
    run = cli("status", "does-not-exist")
    assert run.code == 3
    assert run.err.startswith(
        "error: content_not_found (404): job does-not-exist not found [request id "
    )


def test_handoff_last_error_after_a_failure(cli: Cli) -> None:
    cli("expand", cli.source(title="conflict"), "--idempotency-key", "level-a1")
    run = cli("handoff", "--last-error", "--json")
    assert run.code == 0, run.err
    bundle = run.json()
    assert isinstance(bundle, dict)
    assert bundle["jobId"] == "0c3b1c64-3d4f-4f1f-9f4e-3f2c8b9a1e2d"
    assert bundle["keyPrefix"] == API_KEY[:23]
    assert bundle["endpoint"] == "/v1/content/integrations/expansions"
    assert bundle["idempotencyKey"] == "level-a1"
    assert bundle["httpStatus"] == 409
    assert bundle["responseBody"]["error"]["code"] == "content_conflict"
    assert "sourceJson" not in bundle
    text = cli("handoff", "--last-error")
    assert "lessonforge support handoff" in text.out
    assert API_KEY not in text.out + run.out


def test_handoff_last_error_after_a_failed_job(cli: Cli) -> None:
    job = cli(
        "expand", cli.source(title="fail"), "--wait", "--json", "--poll-interval", "0.05"
    ).json()
    assert isinstance(job, dict)
    bundle = cli("handoff", "--last-error", "--json").json()
    assert isinstance(bundle, dict)
    assert (bundle["jobId"], bundle["jobStatus"]) == (job["job"]["id"], "failed")
    assert bundle["keyPrefix"] == API_KEY[:23]
    assert bundle["responseBody"]["job"]["error"]["code"] == "output_generation_failed"


def test_handoff_for_a_job_with_the_source_shared(cli: Cli) -> None:
    job = cli(
        "expand", cli.source(title="fail"), "--wait", "--json", "--poll-interval", "0.05"
    ).json()
    assert isinstance(job, dict)
    job_id = job["job"]["id"]
    run = cli("handoff", job_id, "--include-source", cli.source(title="fail"), "--json")
    assert run.code == 0, run.err
    bundle = run.json()
    assert isinstance(bundle, dict)
    assert (bundle["jobId"], bundle["jobStatus"], bundle["keyPrefix"]) == (
        job_id,
        "failed",
        API_KEY[:23],
    )
    assert bundle["sourceJson"]["title"] == "fail"


def test_handoff_of_an_unknown_job_still_prints_a_bundle_and_exits_3(cli: Cli) -> None:
    run = cli("handoff", "missing-job", "--json")
    assert run.code == 3
    bundle = json.loads(run.out)
    assert bundle["jobId"] == "missing-job"
    assert bundle["httpStatus"] == 404


def test_handoff_needs_a_job_or_last_error(cli: Cli) -> None:
    assert cli("handoff").code == 2
    assert cli("handoff", "job-1", "--last-error").code == 2


def test_handoff_without_a_recorded_error(cli: Cli) -> None:
    run = cli("handoff", "--last-error")
    assert run.code == 2
    assert "no failed request recorded" in run.err


def test_keys_create_list_rotate_revoke(cli: Cli) -> None:
    created = cli("keys", "create", "LMS sync", "--rate-limit", "120", "--json")
    assert created.code == 0, created.err
    key = created.json()
    assert isinstance(key, dict)
    assert key["apiKey"].startswith("tf_content_")
    listed = cli("keys", "list")
    assert listed.code == 0, listed.err
    assert key["keyPrefix"] in listed.out
    assert key["apiKey"] not in listed.out
    rotated = cli("keys", "rotate", key["keyId"])
    assert rotated.code == 0
    assert "API key (shown only now): tf_content_" in rotated.out
    revoked = cli("keys", "revoke", key["keyId"], "--json")
    assert revoked.json() == {"keyId": key["keyId"], "status": "revoked"}
    orgs = cli("keys", "orgs")
    assert "North School" in orgs.out


def test_keys_with_a_wrong_password_exit_3(cli: Cli) -> None:
    run = cli("keys", "list", env={"LESSONFORGE_ADMIN_PASSWORD": "wrong"})
    assert run.code == 3
    assert "wrong email or password" in run.err


def test_keys_prompts_for_the_password_when_not_set(cli: Cli) -> None:
    run = cli(
        "keys", "list", "--json", env={"LESSONFORGE_ADMIN_PASSWORD": ""}, stdin=ADMIN[1] + "\n"
    )
    assert run.code == 0, run.err


def test_content_commands(cli: Cli) -> None:
    listed = cli("content", "list", "--type", "Lesson", "--language", "de", "--json")
    assert listed.code == 0, listed.err
    assert listed.json() == [
        {"id": "c1", "language": "de", "lastUpdate": "2026-07-04T10:00:00Z", "title": "Hallo"}
    ]
    assert "Hello" in cli("content", "get", "c1").out
    assert cli("content", "size").out.strip() == "1"
    assert "Demo site" in cli("content", "project").out
    raw = cli("content", "get", "c1", "--raw").json()
    assert isinstance(raw, dict)
    assert len(raw["fields"]) == 2


def test_content_errors_use_content_island_codes(cli: Cli) -> None:
    run = cli("content", "list", env={"LESSONFORGE_CONTENT_TOKEN": "nope"})
    assert run.code == 3
    assert run.err.startswith("error: UNAUTHORIZED (401): bad token")


HELP_COMMANDS = [
    [],
    ["expand"],
    ["status"],
    ["result"],
    ["handoff"],
    ["keys"],
    *(["keys", name] for name in ("orgs", "list", "create", "rotate", "revoke")),
    ["content"],
    *(["content", name] for name in ("project", "list", "get", "size", "export", "publish")),
]


@pytest.mark.parametrize("command", HELP_COMMANDS, ids=" ".join)
def test_help_everywhere_with_examples(cli: Cli, command: list[str]) -> None:
    run = cli(*command, "--help")
    assert run.code == 0
    assert "Usage:" in run.out
    if command:
        assert "Example" in run.out
