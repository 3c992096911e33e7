"""Short spoken clips for the module share page: espeak-ng in the course language, encoded to Ogg Opus.

One text, one small file (about 3 KB a second at 24 kbit/s mono), written atomically into a cache folder
keyed by the clip's content address, so each distinct text is synthesised once per server.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from lessonforge.rendering.speech import find_engine, speech_voices, synthesize

log = logging.getLogger("lessonforge.rendering")
MEDIA_TYPE = "audio/ogg"
SUFFIX = ".ogg"
BITRATE = "24k"
TIMEOUT_SECONDS = 30.0


def available(language: str) -> bool:
    """Whether this server can speak clips in ``language``: a speech engine with a voice for it, and ffmpeg."""
    engine = find_engine()
    return engine is not None and shutil.which("ffmpeg") is not None and _has_voice(engine, language)


@lru_cache(maxsize=256)
def _has_voice(engine: str, language: str) -> bool:
    """Whether ``engine`` lists a voice for the language (or its primary subtag), as ``synthesize`` picks it."""
    for voice in speech_voices(language):
        if voice is None:
            continue
        try:
            listed = subprocess.run(  # noqa: S603 - a fixed program and a validated voice tag
                [engine, f"--voices={voice}"], capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return False
        if len(listed.stdout.strip().splitlines()) > 1:  # a header line, then one line per voice
            return True
    return False


def cached_clip(folder: Path, name: str, text: str, language: str) -> Path | None:
    """The clip ``name`` (``text`` spoken in ``language``) in ``folder``, made on first use; None if it cannot be."""
    target = folder / f"{name}{SUFFIX}"
    if target.is_file():
        return target
    engine, ffmpeg = find_engine(), shutil.which("ffmpeg")
    if engine is None or ffmpeg is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".clip-") as work:
        spoken = synthesize(engine, text, language, Path(work), "clip")
        if spoken is None:
            return None
        encoded = Path(work) / f"clip{SUFFIX}"
        command = [ffmpeg, "-nostdin", "-loglevel", "error", "-y", "-i", str(spoken[0]), "-ac", "1"]
        command += ["-c:a", "libopus", "-b:a", BITRATE, str(encoded)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)  # noqa: S603
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("clip encoding failed", extra={"clip": name, "reason": type(exc).__name__})
            return None
        if done.returncode != 0 or not encoded.is_file():
            log.warning("clip encoding failed", extra={"clip": name, "reason": f"ffmpeg exit {done.returncode}"})
            return None
        os.replace(encoded, target)  # atomic: a concurrent request sees the whole file or none
    return target
