"""The ffmpeg run: the slides (an ffconcat list, each shown for its frames), the narration track and the
captions into one MP4, one video frame per slide change (variable frame rate on a 1/fps grid).

H.264 (yuv420p, ``-tune stillimage``, fast preset) + AAC, 1280x720, the WebVTT cues as a ``mov_text``
subtitle track, the audio and subtitle streams tagged with one language (ISO 639-2: the one most of the
video is said in), ``+faststart`` so browsers can play while downloading. Arguments are a list (no shell).
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
class Shot:
    """One slide on screen for a whole number of frames."""

    slide: Path
    frames: int


def encode(
    ffmpeg: str,
    shots: Sequence[Shot],
    audio: Path,
    subtitles: Path,
    output: Path,
    *,
    fps: int,
    timeout: float,
    language: str = "und",
) -> None:
    """Run ffmpeg; raises :class:`RenderError` (missing binary, failure, timeout) with ffmpeg's output logged.

    ``language`` is the ISO 639-2 code of the audio and subtitle streams.
    """
    listing = output.with_suffix(".ffconcat")
    listing.write_text(ffconcat(shots, fps), encoding="utf-8")
    seconds = sum(shot.frames for shot in shots) / fps
    command = ffmpeg_command(ffmpeg, listing, audio, subtitles, output, fps=fps, seconds=seconds, language=language)
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


def ffconcat(shots: Sequence[Shot], fps: int) -> str:
    """The concat demuxer's list: each slide and how long it stays (the last one repeated, as ffmpeg wants)."""
    lines = ["ffconcat version 1.0"]
    # The last slide also closes the stream one frame before the end, so the picture lasts as long as the sound.
    entries = [(shot.slide, shot.frames) for shot in shots]
    if entries and entries[-1][1] > 1:
        entries[-1:] = [(entries[-1][0], entries[-1][1] - 1), (entries[-1][0], 1)]
    for slide, frames in [*entries, *entries[-1:]]:
        lines += [f"file '{_quoted(slide)}'", f"option framerate {fps}", f"duration {frames / fps:.6f}"]
    return "\n".join(lines) + "\n"


def _quoted(path: Path) -> str:
    return str(path).replace("'", "'\\''")


def ffmpeg_command(
    ffmpeg: str,
    listing: Path,
    audio: Path,
    subtitles: Path,
    output: Path,
    *,
    fps: int,
    seconds: float,
    language: str = "und",
) -> list[str]:
    """The argument list: the slide list, the narration WAV, the WebVTT captions; one H.264 + AAC + text MP4."""
    return [
        ffmpeg,
        *("-hide_banner", "-nostdin", "-loglevel", "error", "-y"),
        *("-f", "concat", "-safe", "0", "-i", str(listing)),
        *("-i", str(audio)),
        *("-i", str(subtitles)),
        *("-map", "0:v", "-map", "1:a", "-map", "2:s"),
        # One frame per slide change (variable frame rate): a still picture costs one encoded frame, not 10 a second.
        *("-vf", "format=yuv420p,setsar=1", "-fps_mode", "vfr"),
        *("-c:v", "libx264", "-preset", "fast", "-tune", "stillimage", "-pix_fmt", "yuv420p"),
        *("-c:a", "aac", "-b:a", "96k", "-ar", str(SAMPLE_RATE), "-ac", "1"),
        *("-c:s", "mov_text", "-movflags", "+faststart", "-t", f"{seconds:.6f}"),
        *("-metadata:s:a:0", f"language={language}", "-metadata:s:s:0", f"language={language}"),
        str(output),
    ]
