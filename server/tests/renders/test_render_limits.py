"""Limits checked before the expensive work, and renders that cannot starve expansions (issue 8, item 4).

The real app, real worker threads, real ffmpeg. Each limit is hit with an input that used to hold a worker
for minutes (a 200 KB term, a 3 000-lesson level) and must now fail in well under a second of work.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lf_accounts import make_org
from lf_support import require_tool, sample_payload

from lessonforge.domain.video_limits import VideoLimits
from lessonforge.rendering import RenderError, RenderOptions, render_video
from lessonforge.services import keys
from lessonforge.services.context import ServiceContext
from lessonforge.services.renders import RENDER_TASK
from lessonforge.worker.loop import Worker

EXPANSIONS = "/v1/content/integrations/expansions"
ALL_OUTPUTS = ["interactive_module", "summary_video", "expanded_quiz"]


def _worker(ctx: ServiceContext, **kwargs: Any) -> Worker:
    return Worker(replace(ctx, settings=replace(ctx.settings, render_narration=False)), **kwargs)


def _expand(client: TestClient, bearer: dict[str, str], payload: dict[str, Any], outputs: list[str]) -> str:
    response = client.post(EXPANSIONS, json={"payload": payload, "requestedOutputs": outputs}, headers=bearer)
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def _job(client: TestClient, bearer: dict[str, str], job_id: str) -> dict[str, Any]:
    return dict(client.get(f"{EXPANSIONS}/{job_id}", headers=bearer).json())


def _outputs(job: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {output["outputType"]: output for output in job["outputs"]}


def _video(client: TestClient, bearer: dict[str, str], worker: Worker, title: str, seconds: float) -> str:
    """A generated video whose scenes are edited to last ``seconds`` each."""
    job_id = _expand(client, bearer, sample_payload(title=title, lessons=1), ["summary_video"])
    worker.drain()
    video_id = str(_outputs(_job(client, bearer, job_id))["summary_video"]["resourceId"])
    body = client.get(f"/v1/content/videos/{video_id}", headers=bearer).json()["body"]
    scenes = [{**scene, "durationSeconds": seconds} for scene in body["scenes"]]
    edited = client.patch(f"/v1/content/videos/{video_id}", json={"body": {**body, "scenes": scenes}}, headers=bearer)
    assert edited.status_code == 200, edited.text
    return video_id


def _status(client: TestClient, bearer: dict[str, str], video_id: str) -> str:
    return str(client.get(f"/v1/content/videos/{video_id}", headers=bearer).json()["renderStatus"])


def test_a_200_kb_vocabulary_term_fails_the_video_output_at_once_naming_the_lesson_and_field(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext
) -> None:
    payload = sample_payload(lessons=2)
    payload["level"]["lessons"][0]["items"][1]["term"] = "palabra " * 25_600  # 204 800 characters
    job_id = _expand(client, bearer, payload, ALL_OUTPUTS)
    started = time.monotonic()
    assert _worker(ctx).drain() == 1
    assert time.monotonic() - started < 10  # was: a plan whose render held a worker for minutes

    job = _job(client, bearer, job_id)
    video = _outputs(job)["summary_video"]
    assert video["status"] == "failed" and video["error"]["code"] == "source_invalid"
    assert 'lesson "l1", field "items[1].term": 204800 characters' in video["error"]["message"]
    assert "5000" in video["error"]["message"]
    assert _outputs(job)["interactive_module"]["status"] == "completed"  # only the video is refused


def test_a_3000_lesson_level_fails_the_video_output_before_its_plan_is_built(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext
) -> None:
    lesson = sample_payload(lessons=1)["level"]["lessons"][0]
    payload = sample_payload()
    payload["level"]["lessons"] = [{**lesson, "id": f"l{n}"} for n in range(3000)]
    job_id = _expand(client, bearer, payload, ["summary_video"])
    started = time.monotonic()
    _worker(ctx).drain()
    assert time.monotonic() - started < 10

    video = _outputs(_job(client, bearer, job_id))["summary_video"]
    assert video["error"]["code"] == "source_invalid"
    assert video["error"]["message"].startswith('field "level.lessons": 3000 lessons make 3002 video scenes')


def test_a_plan_longer_than_the_limit_fails_the_video_output_with_its_estimated_length(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext
) -> None:
    items = [{"term": f"palabra {n}", "meaning": f"word {n}", "example": f"una palabra {n}"} for n in range(12)]
    payload = sample_payload()
    lesson = {"type": "vocabulary", "title": "Words", "items": items}
    payload["level"]["lessons"] = [{**lesson, "id": f"l{n}"} for n in range(100)]  # well under the scene limit
    job_id = _expand(client, bearer, payload, ["summary_video"])
    _worker(ctx).drain()
    video = _outputs(_job(client, bearer, job_id))["summary_video"]
    assert video["error"]["code"] == "source_invalid"
    assert "above the render limit of 60 minutes" in video["error"]["message"]


def test_asking_to_render_a_plan_over_the_limits_fails_at_once_and_queues_nothing(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext
) -> None:
    worker = _worker(ctx)
    video_id = _video(client, bearer, worker, "Long", 1.0)
    body = client.get(f"/v1/content/videos/{video_id}", headers=bearer).json()["body"]
    body["scenes"][1]["narration"] = "palabra " * 25_600
    client.patch(f"/v1/content/videos/{video_id}", json={"body": body}, headers=bearer)

    response = client.post(f"/v1/content/videos/{video_id}/render", headers=bearer)
    assert response.status_code == 202
    assert response.json()["renderStatus"] == "failed"
    assert response.json()["renderError"]["code"] == "render_failed"
    assert "Scene 2 would last about 199 minutes" in response.json()["renderError"]["message"]
    with ctx.store.read() as tx:
        assert tx.queue.status_of(RENDER_TASK, video_id) == []
    assert worker.drain() == 0


def test_the_renderer_refuses_a_plan_over_the_limits_before_its_first_voice_or_slide(tmp_path: Path) -> None:
    scenes = [{"title": f"S{n}", "narration": "one two three", "durationSeconds": 4} for n in range(3000)]
    options = RenderOptions(ffmpeg="ffmpeg", tts_engine="espeak-ng", timeout_seconds=600, limits=VideoLimits())
    started = time.monotonic()
    with pytest.raises(RenderError, match="3000 scenes, above the limit of 300"):
        render_video({"scenes": scenes}, "es", tmp_path, options)
    assert time.monotonic() - started < 2 and list(tmp_path.iterdir()) == []

    one_long = [{"title": "S", "narration": "palabra " * 25_600, "durationSeconds": 4}]
    with pytest.raises(RenderError, match="Scene 1 would last about 199 minutes"):
        render_video({"scenes": one_long}, "es", tmp_path, options)
    assert list(tmp_path.iterdir()) == []


def test_an_organization_past_its_renders_in_flight_gets_429_and_other_organizations_do_not(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext
) -> None:
    assert ctx.settings.render_max_in_flight == 2
    worker = _worker(ctx)
    videos = [_video(client, bearer, worker, f"Video {n}", 1.0) for n in range(3)]
    for video_id in videos[:2]:
        assert client.post(f"/v1/content/videos/{video_id}/render", headers=bearer).json()["renderStatus"] == "queued"

    refused = client.post(f"/v1/content/videos/{videos[2]}/render", headers=bearer)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 30
    assert refused.json()["error"]["code"] == "content_rate_limit_exceeded"
    assert (
        "2 renders of this organization are queued or rendering (the limit is 2)" in refused.json()["error"]["message"]
    )
    assert _status(client, bearer, videos[2]) == "not_rendered"
    # Asking again for a queued video is not a new render: still 202.
    assert client.post(f"/v1/content/videos/{videos[0]}/render", headers=bearer).status_code == 202

    other = make_org(ctx, "South School", "south@example.com")
    stranger = {"Authorization": f"Bearer {keys.create_key(ctx, other.organization_id, 'k', 100).secret}"}
    theirs = _video(client, stranger, worker, "Theirs", 1.0)
    assert client.post(f"/v1/content/videos/{theirs}/render", headers=stranger).status_code == 202

    require_tool("ffmpeg")
    worker.drain()
    assert client.post(f"/v1/content/videos/{videos[2]}/render", headers=bearer).json()["renderStatus"] == "queued"


def test_expansions_complete_while_two_long_renders_run(
    backend_client: TestClient, backend_bearer: dict[str, str]
) -> None:
    """On SQLite and PostgreSQL (the lanes claim through each database's own statements)."""
    require_tool("ffmpeg")
    client, bearer = backend_client, backend_bearer
    ctx: ServiceContext = client.app.state.ctx  # type: ignore[attr-defined]
    setup = _worker(ctx)
    long_videos = [_video(client, bearer, setup, f"Long {n}", 10.0) for n in range(2)]  # 30 s of video each
    worker = _worker(ctx, concurrency=1, render_concurrency=2)
    worker.start()
    try:
        for video_id in long_videos:
            client.post(f"/v1/content/videos/{video_id}/render", headers=bearer)
        _wait(lambda: all(_status(client, bearer, v) == "rendering" for v in long_videos), 60)

        jobs = [_expand(client, bearer, sample_payload(title=f"Level {n}"), ALL_OUTPUTS) for n in range(3)]
        _wait(lambda: all(_job(client, bearer, j)["status"] == "completed" for j in jobs), 60)
        assert [_status(client, bearer, v) for v in long_videos] == ["rendering", "rendering"]
    finally:
        worker.stop(timeout=120)
    assert [_status(client, bearer, v) for v in long_videos] == ["rendered", "rendered"]


def _wait(condition: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_render_lane_runs_renders_only_and_the_general_lane_never_does(ctx: ServiceContext) -> None:
    worker = _worker(ctx, concurrency=1, render_concurrency=0)
    assert worker.render_concurrency == 0
    worker.start()
    names = sorted(thread.name for thread in worker._threads)
    worker.stop()
    assert names == ["worker-0"]
    both = _worker(ctx, concurrency=2, render_concurrency=1)
    both.start()
    names = sorted(thread.name for thread in both._threads)
    both.stop()
    assert names == ["render-0", "worker-0", "worker-1"]
