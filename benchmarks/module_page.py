"""Module share page weight (HTML + spoken clips) per lesson and time to first paint in Chromium.

For each level of docs/examples: the page as served today (with the practice section from the level's quiz
and play buttons) against the baseline of the same page without practice and audio, rendered in the same
run. Weight is the HTML bytes and the bytes of every distinct clip the page can play (synthesised here with
espeak-ng + ffmpeg exactly as the server does on first request); first paint and first contentful paint
come from Chromium's paint timing (median of 5 loads from disk, headless Debian Chromium).

    .venv/bin/python benchmarks/module_page.py
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import generate
from lessonforge.generation.module_page import page_clip, render_module_page
from lessonforge.rendering import clips

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.json"))
CHROMIUM = "/usr/bin/chromium"
LOADS = 5


def _clip_names(html: str) -> list[str]:
    names = []
    for part in html.split('data-say="')[1:]:
        names.append(part.split('"', 1)[0].rsplit("/", 1)[-1].removesuffix(".ogg"))
    return list(dict.fromkeys(names))


def _paint(browser: Any, path: Path) -> tuple[float, float]:
    """Median first paint and first contentful paint (ms) of ``path`` opened from disk."""
    fp, fcp = [], []
    for _ in range(LOADS):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(path.as_uri(), wait_until="load")
        entries: dict[str, float] = {}
        for _ in range(100):  # the page's CSP forbids eval, so poll rather than wait_for_function
            entries = dict(page.evaluate("performance.getEntriesByType('paint').map(e => [e.name, e.startTime])"))
            if len(entries) >= 2:
                break
            page.wait_for_timeout(50)
        fp.append(entries["first-paint"])
        fcp.append(entries["first-contentful-paint"])
        page.close()
    return statistics.median(fp), statistics.median(fcp)


def main() -> None:
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        folder = Path(work)
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        for example in EXAMPLES:
            payload = parse_payload(json.loads(example.read_text(encoding="utf-8")))
            module = generate("interactive_module", payload).body
            quiz = generate("expanded_quiz", payload).body
            lessons = len(module["sections"]) or 1
            base_html = render_module_page(module, "token")
            html = render_module_page(module, "token", quiz=quiz, audio="token/audio/")
            started, audio_bytes, names = time.perf_counter(), 0, _clip_names(html)
            for name in names:
                spoken = page_clip(module, name)
                made = clips.cached_clip(folder / "clips", name, *spoken) if spoken else None
                audio_bytes += made.stat().st_size if made else 0
            synth = time.perf_counter() - started
            (folder / "base.html").write_text(base_html, encoding="utf-8")
            (folder / "page.html").write_text(html, encoding="utf-8")
            base_paint, paint = _paint(browser, folder / "base.html"), _paint(browser, folder / "page.html")
            rows.append(
                (example.stem, lessons, len(base_html.encode()), len(html.encode()), len(names), audio_bytes, synth,
                 base_paint, paint)
            )  # fmt: skip
        browser.close()
    print(
        "| level | lessons | baseline HTML KB/lesson | HTML KB/lesson | clips | audio KB/lesson | total KB/lesson"
        " | clip synthesis s (all) | FCP ms baseline | FCP ms | FCP ratio |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, lessons, base, html, count, audio, synth, base_paint, paint in rows:
        print(
            f"| {name} | {lessons} | {base / 1024 / lessons:.1f} | {html / 1024 / lessons:.1f} | {count} "
            f"| {audio / 1024 / lessons:.1f} | {(html + audio) / 1024 / lessons:.1f} | {synth:.1f} "
            f"| {base_paint[1]:.0f} | {paint[1]:.0f} | {paint[1] / base_paint[1]:.2f} |"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
