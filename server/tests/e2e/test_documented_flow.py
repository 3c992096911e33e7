"""The README's flow against `lessonforge serve` on a real uvicorn: demo admin, key, job, poll, result."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest
from lf_support import free_port, lessonforge_command, running, sample_payload, wait_until_up

pytestmark = pytest.mark.slow


def test_the_documented_flow_works_against_a_served_instance(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "LESSONFORGE_DATA_DIR": str(tmp_path / "var"),
        "LESSONFORGE_DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'lessonforge.db'}",
    }
    with running(lessonforge_command("serve", "--port", str(port)), env, tmp_path / "serve.log"):
        wait_until_up(f"{base}/readyz")
        demo = json.loads((tmp_path / "var" / "demo-admin.json").read_text())
        with httpx.Client(base_url=base, timeout=10) as http:
            login = http.post("/auth/login", json={"email": demo["email"], "password": demo["password"]})
            assert login.status_code == 200
            assert "jwt" in http.cookies
            orgs = http.get("/v1/content/organizations").json()
            assert [o["id"] for o in orgs] == [demo["organizationId"]]
            key = http.post(f"/v1/content/organizations/{orgs[0]['id']}/api-keys", json={"name": "cms"}).json()

        headers = {"Authorization": f"Bearer {key['apiKey']}", "Idempotency-Key": "level-a1-2026-07-04"}
        with httpx.Client(base_url=base, timeout=10, headers=headers) as api:
            created = api.post("/v1/content/integrations/expansions", json={"payload": sample_payload(lessons=5)})
            assert created.status_code == 200, created.text
            job_id = created.json()["id"]
            job = _poll_until_terminal(api, job_id)
            assert job["status"] == "completed", job
            result = api.get(f"/v1/content/integrations/expansions/{job_id}/result").json()

    manifest = result["manifest"]
    assert manifest["jobId"] == job_id and manifest["status"] == "completed"
    assert manifest["title"] == "A1 Foundations"
    assert [o["resourceType"] for o in manifest["outputs"]] == ["module", "video", "test"]
    module_url = manifest["outputs"][0]["urls"]["publicUrl"]
    assert module_url.startswith(f"{base}/share/module/")
    log_text = (tmp_path / "serve.log").read_text()
    assert key["apiKey"] not in log_text
    assert key["keyPrefix"] in log_text


def _poll_until_terminal(api: httpx.Client, job_id: str) -> dict[str, object]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job: dict[str, object] = api.get(f"/v1/content/integrations/expansions/{job_id}").json()
        if job["status"] in ("completed", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError("job did not finish")
