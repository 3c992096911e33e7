"""Links written by a separate worker process use the URL the API serves under (not a default), or the worker
refuses to start when it cannot know it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from lf_processes import demo_admin, run_module_job, wait_for
from lf_support import free_port, lessonforge_command, running, wait_until_up


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "LESSONFORGE_DATABASE_URL": f"sqlite:///{tmp_path / 'lf.db'}",
        "LESSONFORGE_DATA_DIR": str(tmp_path / "var"),
        "LESSONFORGE_WORKER_POLL_SECONDS": "0.1",
    }


@pytest.mark.slow
def test_manifests_and_the_published_copy_from_a_separate_worker_use_the_api_port(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = _env(tmp_path)
    serve = lessonforge_command("serve", "--port", str(port), "--no-worker")
    with running(serve, env, tmp_path / "serve.log"):
        wait_until_up(f"{base}/readyz", timeout=90)
        with running(lessonforge_command("worker"), env, tmp_path / "worker.log"):
            admin, organization_id = demo_admin(base, tmp_path / "var")
            result = run_module_job(admin, organization_id)
            projects = admin.get(f"/v1/content/organizations/{organization_id}/content-projects").json()
            generated = next(p for p in projects if p["generated"])
            rotate = f"/v1/content/organizations/{organization_id}/content-projects/{generated['id']}/tokens/rotate"
            reader = {"Authorization": f"Bearer {admin.post(rotate).json()['readToken']}"}
            published = admin.get("/api/1.0/contents", headers=reader).json()
    assert result["job"]["status"] == "completed", result
    urls = result["manifest"]["outputs"][0]["urls"]
    assert urls["publicUrl"].startswith(f"{base}/share/module/") and urls["apiUrl"].startswith(f"{base}/v1/")
    text = json.dumps([result, published])
    assert published and "127.0.0.1:8000" not in text and f"{base}/v1/content/modules/" in json.dumps(published)


def test_a_worker_that_cannot_know_the_public_url_refuses_to_start_with_a_clear_message(tmp_path: Path) -> None:
    result = subprocess.run(
        lessonforge_command("worker"),
        env={**_env(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "LESSONFORGE_PUBLIC_BASE_URL" in result.stderr and "Traceback" not in result.stderr
    with_setting = {**_env(tmp_path), "LESSONFORGE_PUBLIC_BASE_URL": "https://lessons.example.org"}
    log = tmp_path / "worker.log"
    with running(lessonforge_command("worker"), with_setting, log) as process:
        wait_for(lambda: "running" in log.read_text(), timeout=60)
        assert process.poll() is None
    assert "https://lessons.example.org" in log.read_text()
