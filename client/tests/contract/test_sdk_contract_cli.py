"""The CLI against the real lessonforge server."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

from sdk_live_server import LiveServer


def test_expand_wait_against_the_real_server(
    live_server: LiveServer, api_key: str, tmp_path: Path
) -> None:
    source = tmp_path / "lesson.json"
    source.write_text(
        json.dumps({"title": f"cli {uuid.uuid4()}", "level": {"title": "A1", "lessons": []}})
    )
    env = {
        **live_server.env,
        "LESSONFORGE_BASE_URL": live_server.base_url,
        "LESSONFORGE_API_KEY": api_key,
        "LESSONFORGE_STATE_DIR": str(tmp_path / "state"),
    }
    binary = str(Path(sys.executable).parent / "lessonforge-client")
    args = [binary, "expand", str(source), "--wait", "--json", "--poll-interval", "0.2"]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode in (0, 1), done.stderr
    result = json.loads(done.stdout)
    assert result["job"]["status"] in ("completed", "failed")
    assert result["manifest"]["jobId"] == result["job"]["id"]
