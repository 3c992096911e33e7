"""Video renders via the SDK (sync and async) on the real server: 202, renderStatus, the MP4."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from sdk_live_server import LiveServer

from lessonforge_client import AsyncIntegrationClient, IntegrationClient, NotFoundError


def _short_video(client: IntegrationClient) -> str:
    """A generated video with its scenes cut to one second (an edit), so the render is quick."""
    lessons = [
        {
            "id": "r1",
            "type": "review",
            "title": "Review",
            "summary": "Greetings",
            "keyPoints": ["hola"],
        }
    ]
    payload = {
        "language": "es",
        "level": {"title": f"Render {uuid.uuid4().hex[:8]}", "lessons": lessons},
    }
    job = client.create_expansion(payload, requested_outputs=["summary_video"])
    done = client.wait_for_job(job.id, timeout=120, poll_interval=0.2)
    video_id = done.outputs[0].resource_id
    assert done.status == "completed" and video_id is not None
    body: dict[str, Any] = client.get_resource("videos", video_id).to_wire()["body"]
    body["scenes"] = [{**s, "durationSeconds": 1.0, "narration": ""} for s in body["scenes"]]
    client.update_resource("videos", video_id, {"body": body})
    return video_id


def _wait_rendered(client: IntegrationClient, video_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        video = client.get_resource("videos", video_id).to_wire()
        if video["renderStatus"] in ("rendered", "failed"):
            return video
        time.sleep(0.2)
    raise AssertionError("the render did not finish")


def test_render_video_queues_a_render_whose_mp4_is_served(
    client: IntegrationClient, live_server: LiveServer, api_key: str
) -> None:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg not installed")
    video_id = _short_video(client)
    accepted = client.render_video(video_id)
    assert accepted.id == video_id and accepted.render_status in ("queued", "rendering", "rendered")
    video = _wait_rendered(client, video_id)
    assert video["renderStatus"] == "rendered", video["renderError"]
    mp4 = httpx.get(video["urls"]["mp4Url"], headers={"Range": "bytes=0-7"})
    assert (
        mp4.status_code == 206
        and mp4.headers["content-type"] == "video/mp4"
        and mp4.content[4:8] == b"ftyp"
    )

    async def again() -> str | None:
        async with AsyncIntegrationClient(live_server.base_url, api_key) as sdk:
            return (await sdk.render_video(video_id)).render_status

    assert anyio.run(again) == "rendered"  # the current version is rendered already: a no-op


def test_rendering_an_unknown_video_is_not_found(client: IntegrationClient) -> None:
    with pytest.raises(NotFoundError) as raised:
        client.render_video(str(uuid.uuid4()))
    assert raised.value.code == "content_not_found" and raised.value.request_id


def _cli(live_server: LiveServer, api_key: str, tmp_path: Path, *args: str) -> Any:
    env = {
        **live_server.env,
        "LESSONFORGE_BASE_URL": live_server.base_url,
        "LESSONFORGE_API_KEY": api_key,
        "LESSONFORGE_STATE_DIR": str(tmp_path / "state"),
    }
    binary = str(Path(sys.executable).parent / "lessonforge-client")
    return subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=180)


def test_the_cli_renders_a_video_and_waits_for_its_mp4(
    client: IntegrationClient, live_server: LiveServer, api_key: str, tmp_path: Path
) -> None:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg not installed")
    video_id = _short_video(client)
    done = _cli(live_server, api_key, tmp_path, "videos", "render", video_id, "--wait", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    video = client.get_resource("videos", video_id).to_wire()
    assert report == {
        "id": video_id,
        "renderStatus": "rendered",
        "mp4Url": video["urls"]["mp4Url"],
        "publicUrl": video["urls"]["publicUrl"],
        "captionsUrl": video["urls"]["captionsUrl"],
        "renderError": None,
    }
    again = _cli(live_server, api_key, tmp_path, "videos", "render", video_id)
    assert again.returncode == 0 and again.stdout.startswith(f"video {video_id}: rendered  http")
    missing = _cli(live_server, api_key, tmp_path, "videos", "render", str(uuid.uuid4()))
    assert missing.returncode == 3 and "content_not_found" in missing.stderr
