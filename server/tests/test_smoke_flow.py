"""The documented flow in process: sign in, create a key, submit a job, run the worker, read the result."""

from __future__ import annotations

from fastapi.testclient import TestClient
from lf_support import sample_payload

from lessonforge.worker.loop import Worker

EXPANSIONS = "/v1/content/integrations/expansions"


def test_a_job_submitted_with_a_key_completes_with_three_resources(
    client: TestClient, bearer: dict[str, str], worker: Worker
) -> None:
    created = client.post(EXPANSIONS, json={"payload": sample_payload()}, headers=bearer)
    assert created.status_code == 200, created.text
    job = created.json()
    assert job["status"] == "queued"
    assert [o["outputType"] for o in job["outputs"]] == ["interactive_module", "summary_video", "expanded_quiz"]

    assert worker.drain() == 1

    result = client.get(f"{EXPANSIONS}/{job['id']}/result", headers=bearer).json()
    assert result["job"]["status"] == "completed"
    assert {o["resourceType"] for o in result["manifest"]["outputs"]} == {"module", "video", "test"}
    assert all(o["resourceId"] for o in result["outputs"])
