"""The video page in Debian's headless Chromium, served by uvicorn: the MP4 plays, the player exposes one
text track with cues, chapters seek, nothing leaves this server, and axe-core finds no serious or critical
violation at 1280 and 360 px in light and dark mode."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
import pytest
from lf_accounts import LiveServer
from lf_browser import chromium, offline, serious_violations
from lf_support import require_tool, sample_payload

from lessonforge.worker.loop import Worker

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.slow
EXPANSIONS = "/v1/content/integrations/expansions"
SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "images" / "video-page.png"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _rendered_video(server: LiveServer, worker: Worker) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {server.api_key}"}
    payload = {**sample_payload(lessons=5), "interfaceLanguage": "en"}
    body = {"payload": payload, "requestedOutputs": ["summary_video"]}
    job = httpx.post(f"{server.base_url}{EXPANSIONS}", json=body, headers=headers).json()
    worker.drain()
    output = httpx.get(f"{server.base_url}{EXPANSIONS}/{job['id']}", headers=headers).json()["outputs"][0]
    httpx.post(f"{server.base_url}/v1/content/videos/{output['resourceId']}/render", headers=headers)
    worker.drain()
    video: dict[str, Any] = httpx.get(
        f"{server.base_url}/v1/content/videos/{output['resourceId']}", headers=headers
    ).json()
    assert video["renderStatus"] == "rendered", video["renderError"]
    return video


def _axe_everywhere(page: Page) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            found[f"{scheme}@{width}"] = serious_violations(page)
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1280, "height": 900})
    return found


def test_the_video_page_plays_with_one_captions_track_chapters_and_no_serious_axe_violation(
    browser: Browser, live_server: LiveServer, worker: Worker, tmp_path: Path
) -> None:
    require_tool("ffmpeg")
    video = _rendered_video(live_server, worker)
    url = f"{live_server.base_url}{urlsplit(video['urls']['publicUrl']).path}"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    aborted = offline(page)
    response = page.goto(url)
    assert response is not None and response.status == 200
    assert _axe_everywhere(page) == {"light@1280": [], "light@360": [], "dark@1280": [], "dark@360": []}

    page.wait_for_function("() => document.getElementById('player').readyState >= 1", timeout=30_000)
    assert page.evaluate("document.getElementById('player').textTracks.length") == 1
    track = page.evaluate(
        "(() => { const t = document.getElementById('player').textTracks[0];"
        " return {kind: t.kind, language: t.language, mode: t.mode}; })()"
    )
    assert track == {"kind": "captions", "language": "en", "mode": "showing"}  # the language most of it is said in
    page.wait_for_function("() => document.getElementById('player').textTracks[0].cues?.length > 0", timeout=30_000)
    first_cue = page.evaluate("document.getElementById('player').textTracks[0].cues[0].text")
    assert first_cue.startswith("Welcome to A1 Foundations.")

    # Keyboard only: Tab from the top of the page reaches a chapter, Enter seeks the player there.
    by_keyboard = page.locator(".chapters a[data-start]").nth(2)
    keyboard_start = float(by_keyboard.get_attribute("data-start") or "nan")
    assert keyboard_start > 3  # far from where the player stands
    for _ in range(60):
        page.keyboard.press("Tab")
        if by_keyboard.evaluate("link => link === document.activeElement"):
            break
    else:
        pytest.fail("no chapter link is reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => Math.abs(document.getElementById('player').currentTime - {keyboard_start}) < 1.5")
    assert page.evaluate("document.activeElement.id") == "player"

    page.evaluate("(() => { const v = document.getElementById('player'); v.muted = true; return v.play(); })()")
    page.wait_for_function("() => document.getElementById('player').currentTime > 0.5", timeout=30_000)
    page.evaluate("document.getElementById('player').pause()")

    chapter = page.locator(".chapters a[data-start]").nth(3)
    start = float(chapter.get_attribute("data-start") or "nan")
    chapter.click()
    page.wait_for_function(f"() => Math.abs(document.getElementById('player').currentTime - {start}) < 1.5")
    page.evaluate("document.getElementById('player').pause()")
    assert page.evaluate("document.activeElement.id") == "player"
    assert page.locator("#transcript h3").count() == len(video["body"]["scenes"])
    assert page.locator("#transcript [lang=es]").count() >= 4

    assert _axe_everywhere(page) == {"light@1280": [], "light@360": [], "dark@1280": [], "dark@360": []}
    assert aborted == [] and errors == []
    shot = SCREENSHOT if os.environ.get("LESSONFORGE_UPDATE_SCREENSHOTS") else tmp_path / "video-page.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    words = float(page.locator(".chapters a[data-start]").nth(1).get_attribute("data-start") or "0")
    page.evaluate(f"document.getElementById('player').currentTime = {words + 6.0}")  # a word highlighted
    page.wait_for_timeout(500)
    page.set_viewport_size({"width": 1100, "height": 1250})
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shot))
    page.close()
