"""Render speed of the summary videos of docs/examples: video seconds ÷ wall seconds, with every voice
(narrator, course, two dialogue speakers) and, as the baseline in the same run, silent.

    .venv/bin/python benchmarks/video_render.py
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import generate
from lessonforge.rendering import RenderOptions, render_video
from lessonforge.rendering.speech import find_engine

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"


def _render(body: dict[str, object], language: str | None, engine: str | None) -> tuple[float, float, int]:
    ffmpeg = shutil.which("ffmpeg") or "ffmpeg"
    with tempfile.TemporaryDirectory() as folder:
        started = time.monotonic()
        rendered = render_video(body, language, Path(folder), RenderOptions(ffmpeg, engine, 600))
        return rendered.duration_seconds, time.monotonic() - started, len(rendered.clips)


def main() -> None:
    engine = find_engine()
    print(f"espeak: {engine}")
    print("| level | video s | clips | wall s (voices) | speed (voices) | wall s (silent) | speed (silent) |")
    print("|---|---|---|---|---|---|---|")
    totals = [0.0, 0.0, 0.0]
    for path in sorted(EXAMPLES.glob("*.json")):
        resource = generate("summary_video", parse_payload(json.loads(path.read_text("utf-8"))))
        seconds, voiced, clips = _render(resource.body, resource.language, engine)
        _, silent, _ = _render(resource.body, resource.language, None)
        totals = [totals[0] + seconds, totals[1] + voiced, totals[2] + silent]
        print(
            f"| {path.stem} | {seconds:.1f} | {clips} | {voiced:.2f} | {seconds / voiced:.1f}x |"
            f" {silent:.2f} | {seconds / silent:.1f}x |"
        )
    print(
        f"| all | {totals[0]:.1f} | | {totals[1]:.2f} | {totals[0] / totals[1]:.1f}x | {totals[2]:.2f} |"
        f" {totals[0] / totals[2]:.1f}x |"
    )


if __name__ == "__main__":
    main()
