"""The ffmpeg run: looped slides and per-scene audio (speech padded, or silence) concatenated into one MP4.

H.264 (yuv420p, ``-tune stillimage``, fast preset) + AAC, 1280x720, the WebVTT cues as a ``mov_text``
subtitle track, ``+faststart`` so browsers can play while downloading. Arguments are a list (no shell).
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lessonforge.rendering.errors import RenderError

log = logging.getLogger("lessonforge.rendering")
SAMPLE_RATE = 44100
UNAVAILABLE = "The video renderer is not available on this server"
FAILED = "The video could not be encoded"


@dataclass(frozen=True)
class Segment:
    """One scene: its slide, its narration WAV (None: silence), how long it lasts (a whole number of frames)."""

    slide: Path
    speech: Path | None
    seconds: float
    narration: str


def encode(
    ffmpeg: str, segments: Sequence[Segment], subtitles: Path, output: Path, *, fps: int, timeout: float
) -> None:
    """Run ffmpeg; raises :class:`RenderError` (missing binary, failure, timeout) with ffmpeg's output logged."""
    command = ffmpeg_command(ffmpeg, segments, subtitles, output, fps=fps)
    try:
        # An argument list, no shell; the binary comes from the operator's settings.
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL)  # noqa: S603
    except FileNotFoundError as exc:
        raise RenderError(UNAVAILABLE, detail=f"ffmpeg not found: {ffmpeg}") from exc
    except PermissionError as exc:
        raise RenderError(UNAVAILABLE, detail=f"ffmpeg not executable: {ffmpeg}") from exc
    except subprocess.TimeoutExpired as exc:
        raise RenderError(
            f"Rendering took longer than the limit of {timeout:.0f} s", detail="ffmpeg timed out"
        ) from exc
    if done.returncode != 0 or not output.is_file() or output.stat().st_size == 0:
        tail = done.stderr.decode("utf-8", "replace")[-2000:]
        log.error("ffmpeg failed", extra={"returnCode": done.returncode, "stderr": tail})
        raise RenderError(FAILED, detail=f"ffmpeg exit {done.returncode}")


def ffmpeg_command(ffmpeg: str, segments: Sequence[Segment], subtitles: Path, output: Path, *, fps: int) -> list[str]:
    """The argument list: inputs (slide, then speech when present, per scene; the subtitles last), one graph."""
    inputs: list[str] = []
    graph: list[str] = []
    pairs = ""
    index = 0
    for number, segment in enumerate(segments):
        # The slide is decoded once and its frame cloned: re-reading a looped PNG per frame costs more.
        frames = max(1, round(segment.seconds * fps))
        seconds = f"{frames / fps:.6f}"
        inputs += ["-framerate", str(fps), "-i", str(segment.slide)]
        graph.append(f"[{index}:v]format=yuv420p,setsar=1,tpad=stop_mode=clone:stop={frames - 1}[v{number}]")
        index += 1
        if segment.speech is None:
            source = f"anullsrc=r={SAMPLE_RATE}:cl=mono"
        else:
            inputs += ["-i", str(segment.speech)]
            source = f"[{index}:a]aresample={SAMPLE_RATE},apad"
            index += 1
        audio = f"aformat=sample_fmts=fltp:sample_rates={SAMPLE_RATE}:channel_layouts=mono"
        graph.append(f"{source},atrim=end={seconds},asetpts=N/SR/TB,{audio}[a{number}]")
        pairs += f"[v{number}][a{number}]"
    graph.append(f"{pairs}concat=n={len(segments)}:v=1:a=1[v][a]")
    return [
        ffmpeg,
        *("-hide_banner", "-nostdin", "-loglevel", "error", "-y"),
        *inputs,
        *("-i", str(subtitles)),
        *("-filter_complex", ";".join(graph)),
        *("-map", "[v]", "-map", "[a]", "-map", f"{index}:s"),
        *("-c:v", "libx264", "-preset", "fast", "-tune", "stillimage", "-pix_fmt", "yuv420p", "-r", str(fps)),
        *("-c:a", "aac", "-b:a", "96k", "-ar", str(SAMPLE_RATE), "-ac", "1"),
        *("-c:s", "mov_text", "-movflags", "+faststart"),
        str(output),
    ]
