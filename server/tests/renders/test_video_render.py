"""MP4 renders end to end: the real app, the real worker, real ffmpeg (and espeak-ng when installed)."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lf_accounts import make_org
from lf_support import require_tool, sample_payload

from lessonforge.rendering.speech import find_engine, synthesize
from lessonforge.services import keys
from lessonforge.services.context import ServiceContext
from lessonforge.services.renders import RENDER_TASK
from lessonforge.worker.loop import Worker

EXPANSIONS = "/v1/content/integrations/expansions"
SCENE_SECONDS = 1.2


def _worker(ctx: ServiceContext, **settings: Any) -> Worker:
    """A worker whose settings differ from the app's (narration off unless asked, a broken ffmpeg, ...)."""
    return Worker(replace(ctx, settings=replace(ctx.settings, **{"render_narration": False, **settings})))


def _video(client: TestClient, bearer: dict[str, str], worker: Worker) -> dict[str, Any]:
    """Generate a 3-scene video and shorten its scenes to ``SCENE_SECONDS`` (an ordinary edit)."""
    body = {"payload": sample_payload(lessons=1), "requestedOutputs": ["summary_video"]}
    job = client.post(EXPANSIONS, json=body, headers=bearer).json()
    worker.drain()
    video_id = client.get(f"{EXPANSIONS}/{job['id']}", headers=bearer).json()["outputs"][0]["resourceId"]
    video = client.get(f"/v1/content/videos/{video_id}", headers=bearer).json()
    scenes = [{**scene, "durationSeconds": SCENE_SECONDS} for scene in video["body"]["scenes"]]
    patched = client.patch(
        f"/v1/content/videos/{video_id}", json={"body": {**video["body"], "scenes": scenes}}, headers=bearer
    )
    assert patched.status_code == 200, patched.text
    return dict(patched.json())


def _render(client: TestClient, bearer: dict[str, str], video_id: str) -> dict[str, Any]:
    response = client.post(f"/v1/content/videos/{video_id}/render", headers=bearer)
    assert response.status_code == 202, response.text
    return dict(response.json())


def _get(client: TestClient, bearer: dict[str, str], video_id: str) -> dict[str, Any]:
    return dict(client.get(f"/v1/content/videos/{video_id}", headers=bearer).json())


def _probe(path: Path) -> dict[str, Any]:
    command = [require_tool("ffprobe"), "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)]
    return dict(json.loads(subprocess.run(command, capture_output=True, check=True).stdout))


def _download(client: TestClient, url: str, target: Path) -> Path:
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200 and response.headers["content-type"] == "video/mp4"
    target.write_bytes(response.content)
    return target


def test_a_rendered_video_is_an_h264_aac_720p_mp4_served_with_range_support(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext, tmp_path: Path
) -> None:
    require_tool("ffmpeg")
    worker = _worker(ctx)
    video = _video(client, bearer, worker)
    assert (video["renderStatus"], video["urls"]["mp4Url"], video["renderError"]) == ("not_rendered", None, None)
    queued = _render(client, bearer, video["id"])
    assert (queued["id"], queued["renderStatus"], queued["urls"]["mp4Url"]) == (video["id"], "queued", None)

    assert worker.drain() == 1
    rendered = _get(client, bearer, video["id"])
    assert rendered["renderStatus"] == "rendered" and rendered["renderError"] is None
    url = rendered["urls"]["mp4Url"]
    assert url.startswith("http://testserver/share/video/") and url.endswith(".mp4")

    mp4 = _download(client, url, tmp_path / "video.mp4")
    partial = client.get(url.removeprefix("http://testserver"), headers={"Range": "bytes=0-99"})
    assert partial.status_code == 206 and len(partial.content) == 100
    assert partial.content == mp4.read_bytes()[:100]
    assert partial.headers["content-range"] == f"bytes 0-99/{mp4.stat().st_size}"
    head = client.head(url.removeprefix("http://testserver"))
    assert head.status_code == 200 and int(head.headers["content-length"]) == mp4.stat().st_size

    probe = _probe(mp4)
    streams = {s["codec_type"]: s for s in probe["streams"]}
    assert streams["video"]["codec_name"] == "h264" and streams["video"]["pix_fmt"] == "yuv420p"
    assert (streams["video"]["width"], streams["video"]["height"]) == (1280, 720)
    assert streams["audio"]["codec_name"] == "aac"
    assert streams["subtitle"]["codec_name"] == "mov_text"
    assert abs(float(probe["format"]["duration"]) - 3 * SCENE_SECONDS) < 0.5


def test_narration_is_spoken_and_the_video_lasts_as_long_as_its_speech(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext, tmp_path: Path
) -> None:
    require_tool("ffmpeg")
    engine = find_engine() or require_tool("espeak-ng")
    worker = _worker(ctx, render_narration=True)
    video = _video(client, bearer, worker)
    _render(client, bearer, video["id"])
    worker.drain()
    rendered = _get(client, bearer, video["id"])
    assert rendered["renderStatus"] == "rendered", rendered["renderError"]

    spoken = 0.0
    for index, scene in enumerate(rendered["body"]["scenes"]):
        for number, segment in enumerate(s for step in scene["steps"] for s in step["segments"]):
            clip = synthesize(engine, segment["text"], "es", tmp_path, f"s{index}-{number}")
            spoken += clip[1] if clip else 0.0
    assert spoken > 3 * SCENE_SECONDS  # the speech, not the shortened plan, sets the length
    mp4 = _download(client, rendered["urls"]["mp4Url"], tmp_path / "spoken.mp4")
    duration = float(_probe(mp4)["format"]["duration"])
    assert spoken < duration < spoken * 1.6 + 3  # the parts, their pauses, nothing more
    volume = subprocess.run(
        [require_tool("ffmpeg"), "-i", str(mp4), "-map", "0:a", "-af", "volumedetect", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    mean = float(volume.split("mean_volume:")[1].split("dB")[0])
    assert mean > -50  # not a silent track


def test_another_organizations_video_is_not_found_and_unknown_mp4_links_are_404(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext
) -> None:
    video = _video(client, bearer, _worker(ctx))
    other = make_org(ctx, "South School", "south@example.com")
    stranger = {"Authorization": f"Bearer {keys.create_key(ctx, other.organization_id, 'k', 100).secret}"}
    response = client.post(f"/v1/content/videos/{video['id']}/render", headers=stranger)
    assert response.status_code == 404 and response.json()["error"]["code"] == "content_not_found"
    assert client.post("/v1/content/videos/nope/render", headers=bearer).status_code == 404
    assert client.post(f"/v1/content/videos/{video['id']}/render").status_code == 401
    assert _get(client, bearer, video["id"])["renderStatus"] == "not_rendered"
    # A video that is not rendered has no MP4, even with its token; an unknown token is a 404 as well.
    with ctx.store.read() as tx:
        token = tx.resources.get(video["organizationId"], "video", video["id"]).share_token  # type: ignore[union-attr]
    for path in (f"/share/video/{token}.mp4", "/share/video/unknown.mp4"):
        missing = client.get(path)
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "content_not_found"


def test_asking_twice_queues_one_render_and_asking_again_once_rendered_is_a_no_op(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext
) -> None:
    require_tool("ffmpeg")
    worker = _worker(ctx)
    video = _video(client, bearer, worker)
    assert _render(client, bearer, video["id"])["renderStatus"] == "queued"
    assert _render(client, bearer, video["id"])["renderStatus"] == "queued"
    assert len(_entries(ctx, video["id"])) == 1
    assert worker.drain() == 1
    again = _render(client, bearer, video["id"])
    assert again["renderStatus"] == "rendered" and again["urls"]["mp4Url"]
    assert len(_entries(ctx, video["id"])) == 1 and worker.drain() == 0


def test_an_edit_makes_the_mp4_stale_until_the_video_is_rendered_again(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext, settings: Any
) -> None:
    require_tool("ffmpeg")
    worker = _worker(ctx)
    video = _video(client, bearer, worker)
    _render(client, bearer, video["id"])
    worker.drain()
    old_url = _get(client, bearer, video["id"])["urls"]["mp4Url"]

    edited = client.patch(f"/v1/content/videos/{video['id']}", json={"title": "Renamed"}, headers=bearer).json()
    assert (edited["renderStatus"], edited["urls"]["mp4Url"]) == ("not_rendered", None)
    assert client.get(old_url.removeprefix("http://testserver")).status_code == 404

    _render(client, bearer, video["id"])
    worker.drain()
    fresh = _get(client, bearer, video["id"])
    assert fresh["renderStatus"] == "rendered" and client.get(fresh["urls"]["mp4Url"]).status_code == 200
    stored = sorted(p.name for p in (settings.data_dir / "renders" / video["id"]).iterdir())
    assert stored == [f"{fresh['version']}.mp4"]  # the stale version's file is gone

    assert client.delete(f"/v1/content/videos/{video['id']}", headers=bearer).status_code == 200
    assert not (settings.data_dir / "renders" / video["id"]).exists()


def test_an_edit_while_queued_cancels_the_render(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext
) -> None:
    worker = _worker(ctx)
    video = _video(client, bearer, worker)
    _render(client, bearer, video["id"])
    client.patch(f"/v1/content/videos/{video['id']}", json={"title": "Changed"}, headers=bearer)
    assert worker.drain() == 1
    after = _get(client, bearer, video["id"])
    assert (after["renderStatus"], after["urls"]["mp4Url"]) == ("not_rendered", None)
    assert _entries(ctx, video["id"]) == [("done", 1)]


@pytest.mark.parametrize(
    ("ffmpeg", "message"),
    [
        ("/nonexistent/bin/ffmpeg", "The video renderer is not available on this server"),
        ("/bin/false", "The video could not be encoded"),
    ],
)
def test_a_broken_ffmpeg_fails_the_render_with_a_clean_error_and_a_retry_is_allowed(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext, ffmpeg: str, message: str
) -> None:
    video = _video(client, bearer, _worker(ctx))
    _render(client, bearer, video["id"])
    _worker(ctx, ffmpeg_path=ffmpeg).drain()
    response = client.get(f"/v1/content/videos/{video['id']}", headers=bearer)
    failed = response.json()
    assert failed["renderStatus"] == "failed" and failed["urls"]["mp4Url"] is None
    assert failed["renderError"] == {"code": "render_failed", "message": message}
    assert "nonexistent" not in response.text and "false" not in response.text.replace('"false"', "")
    assert _render(client, bearer, video["id"])["renderStatus"] == "queued"  # failed → can be asked again


def _entries(ctx: ServiceContext, video_id: str) -> list[tuple[str, int]]:
    with ctx.store.read() as tx:
        return tx.queue.status_of(RENDER_TASK, video_id)


def test_the_render_route_and_the_mp4_route_are_in_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "202" in paths["/v1/content/videos/{resource_id}/render"]["post"]["responses"]
    assert "video/mp4" in paths["/share/video/{share_token}.mp4"]["get"]["responses"]["200"]["content"]


def test_the_jobs_result_describes_the_video_as_it_is_now_mp4_included(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext
) -> None:
    require_tool("ffmpeg")
    worker = _worker(ctx)
    video = _video(client, bearer, worker)

    def described() -> dict[str, Any]:
        result = client.get(f"{EXPANSIONS}/{video['jobId']}/result", headers=bearer).json()
        [output] = result["outputs"]
        assert result["manifest"]["outputs"][0]["urls"] == output["manifest"]["urls"]
        return dict(output["manifest"])

    assert described()["version"] == video["version"] and described()["urls"]["mp4Url"] is None
    polled = client.get(f"{EXPANSIONS}/{video['jobId']}", headers=bearer).json()  # cached by the poll path
    _render(client, bearer, video["id"])
    worker.drain()
    rendered = _get(client, bearer, video["id"])
    assert described()["urls"]["mp4Url"] == rendered["urls"]["mp4Url"] is not None
    repolled = client.get(f"{EXPANSIONS}/{video['jobId']}", headers=bearer).json()
    assert repolled["outputs"][0]["manifest"]["urls"]["mp4Url"] == rendered["urls"]["mp4Url"]
    assert polled["outputs"][0]["manifest"]["urls"]["mp4Url"] is None

    client.patch(f"/v1/content/videos/{video['id']}", json={"title": "Renamed"}, headers=bearer)
    after_edit = described()
    assert (after_edit["title"], after_edit["version"], after_edit["urls"]["mp4Url"]) == (
        "Renamed",
        rendered["version"] + 1,
        None,
    )
