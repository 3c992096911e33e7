"""The public video page and its captions over HTTP: manifest URLs, player, captions track, chapters,
transcript with the course language marked; the plan's captions before a render, the render's after."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from fastapi.testclient import TestClient
from lf_support import require_tool, sample_payload

from lessonforge.services.context import ServiceContext
from lessonforge.worker.loop import Worker

EXPANSIONS = "/v1/content/integrations/expansions"


def _video(client: TestClient, bearer: dict[str, str], worker: Worker) -> dict[str, Any]:
    payload = {**sample_payload(lessons=5), "interfaceLanguage": "fr"}
    body = {"payload": payload, "requestedOutputs": ["summary_video"]}
    job = client.post(EXPANSIONS, json=body, headers=bearer).json()
    worker.drain()
    output = client.get(f"{EXPANSIONS}/{job['id']}", headers=bearer).json()["outputs"][0]
    return dict(output)


def test_a_video_page_before_its_render_has_the_plans_captions_chapters_and_transcript(
    client: TestClient, bearer: dict[str, str], worker: Worker
) -> None:
    urls = _video(client, bearer, worker)["manifest"]["urls"]
    token = urlsplit(urls["publicUrl"]).path.removeprefix("/share/video/")
    assert urls["publicUrl"] == f"http://testserver/share/video/{token}"
    assert urls["captionsUrl"] == f"http://testserver/share/video/{token}.vtt" and urls["mp4Url"] is None

    page = client.get(f"/share/video/{token}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "media-src 'self'" in page.headers["content-security-policy"]
    html = page.text
    assert '<html lang="fr">' in html and "<video" not in html
    assert "Cette vidéo n\u2019est pas encore générée" in html and ">Chapitres<" in html and ">Transcription<" in html
    assert '<span lang="es">hola</span> signifie' in html  # course-language parts carry their language
    assert "Meeting" in html and "Ben" not in html  # a speaker's name is never said, so not in the transcript

    captions = client.get(f"/share/video/{token}.vtt")
    assert captions.status_code == 200 and captions.headers["content-type"].startswith("text/vtt")
    assert captions.text.startswith("WEBVTT") and "hola signifie hello." in captions.text


def test_a_rendered_video_page_plays_its_mp4_with_the_renders_captions_and_chapter_times(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext
) -> None:
    require_tool("ffmpeg")
    worker = Worker(replace(ctx, settings=replace(ctx.settings, render_narration=False)))
    output = _video(client, bearer, worker)
    video_id = output["resourceId"]
    client.post(f"/v1/content/videos/{video_id}/render", headers=bearer)
    worker.drain()
    video = client.get(f"/v1/content/videos/{video_id}", headers=bearer).json()
    assert video["renderStatus"] == "rendered"
    token = urlsplit(video["urls"]["publicUrl"]).path.removeprefix("/share/video/")

    html = client.get(f"/share/video/{token}").text
    assert f'src="/share/video/{token}.mp4"' in html
    assert f'<track kind="captions" srclang="fr" label="Sous-titres" src="/share/video/{token}.vtt" default>' in html
    starts = [float(s) for s in re.findall(r'data-start="([0-9.]+)"', html)]
    assert len(starts) == 7 and starts[0] == 0 and starts == sorted(starts)
    captions = client.get(f"/share/video/{token}.vtt").text
    assert captions.startswith("WEBVTT") and "hola signifie hello." in captions


def test_unknown_video_pages_and_captions_are_404(client: TestClient) -> None:
    assert client.get("/share/video/nope", headers={"Accept": "text/html"}).status_code == 404
    missing = client.get("/share/video/nope.vtt")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "content_not_found"
    paths = client.get("/openapi.json").json()["paths"]
    assert "/share/video/{share_token}" in paths and "/share/video/{share_token}.vtt" in paths
