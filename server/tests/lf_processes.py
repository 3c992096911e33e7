"""Test-side helpers for tests that run `lessonforge serve` and `lessonforge worker` as separate processes."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
from lf_support import sample_payload


def wait_for(check: Any, timeout: float = 90.0, every: float = 0.5) -> Any:
    """Poll ``check()`` until it returns something truthy; TimeoutError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = check()
        except httpx.HTTPError:
            found = None
        if found:
            return found
        time.sleep(every)
    raise TimeoutError("condition not met in time")


def status_of(url: str) -> int | None:
    try:
        return httpx.get(url, timeout=5).status_code
    except httpx.HTTPError:
        return None


def demo_admin(base: str, data_dir: Path) -> tuple[httpx.Client, str]:
    """A client signed in as the demo admin `serve` created, and its organization id."""
    demo = json.loads((data_dir / "demo-admin.json").read_text())
    client = httpx.Client(base_url=base, timeout=30)
    response = client.post("/auth/login", json={"email": demo["email"], "password": demo["password"]})
    assert response.status_code == 200, response.text
    return client, str(demo["organizationId"])


def run_module_job(admin: httpx.Client, organization_id: str) -> dict[str, Any]:
    """Create a key, submit an interactive-module expansion and wait until a worker finished it."""
    key = admin.post(f"/v1/content/organizations/{organization_id}/api-keys", json={"name": "proc"})
    assert key.status_code == 201, key.text
    bearer = {"Authorization": f"Bearer {key.json()['apiKey']}"}
    body = {"payload": sample_payload(lessons=1), "requestedOutputs": ["interactive_module"]}
    created = admin.post("/v1/content/integrations/expansions", json=body, headers=bearer)
    assert created.status_code == 200, created.text
    result_url = f"/v1/content/integrations/expansions/{created.json()['id']}/result"

    def finished() -> dict[str, Any] | None:
        result: dict[str, Any] = admin.get(result_url, headers=bearer).json()
        return result if result["job"]["status"] in ("completed", "failed") else None

    done: dict[str, Any] = wait_for(finished, timeout=120)
    return done
