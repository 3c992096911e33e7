"""Narration with espeak-ng (or espeak) when installed: one WAV per scene, and its length in seconds."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import wave
from pathlib import Path

log = logging.getLogger("lessonforge.rendering")
ENGINES = ("espeak-ng", "espeak")
WORDS_PER_MINUTE = 150  # the pace the scene plan's durations assume
TIMEOUT_SECONDS = 60.0
_VOICE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}")
_VARIANT = re.compile(r"[a-z]{1,8}[0-9]{0,2}")


def find_engine() -> str | None:
    """The first text-to-speech engine on PATH, or None (the video then gets a silent track)."""
    for name in ENGINES:
        found = shutil.which(name)
        if found:
            return found
    return None


def synthesize(
    engine: str,
    text: str,
    language: str | None,
    workdir: Path,
    name: str,
    *,
    variant: str | None = None,
    pitch: int = 50,
) -> tuple[Path, float] | None:
    """Speak ``text`` into ``<workdir>/<name>.wav``; (path, seconds), or None when the engine failed.

    The language's voice is tried (``pt-br``, then ``pt``), with ``variant`` (``f3``) and ``pitch`` (0-99)
    when given; without a language, the engine's default voice.
    A language the engine has no voice for stays silent rather than being read with the wrong accent. The
    text goes through a file, so nothing in it is ever read as an option.
    """
    script = workdir / f"{name}.txt"
    script.write_text(text, encoding="utf-8")
    target = workdir / f"{name}.wav"
    suffix = f"+{variant}" if variant and _VARIANT.fullmatch(variant) else ""
    for voice in _voices(language):
        chosen = f"{voice}{suffix}" if voice else (f"default{suffix}" if suffix else None)
        command = [engine, *(["-v", chosen] if chosen else []), "-s", str(WORDS_PER_MINUTE), "-w", str(target)]
        command += ["-p", str(max(0, min(99, pitch)))]
        command += ["-f", str(script)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)  # noqa: S603
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("narration failed", extra={"scene": name, "reason": type(exc).__name__})
            return None
        seconds = wav_seconds(target) if done.returncode == 0 else None
        if seconds:
            return target, seconds
    log.warning("narration failed", extra={"scene": name, "reason": "no voice produced audio"})
    return None


def speech_voices(language: str | None) -> list[str | None]:
    """The voices ``synthesize`` tries for a language, in order (``pt-br``, then ``pt``); None: the default."""
    return _voices(language)


def _voices(language: str | None) -> list[str | None]:
    if not language or not language.strip():
        return [None]
    code = language.strip().lower().replace("_", "-")
    if not _VOICE.fullmatch(code):
        return []
    return list(dict.fromkeys([code, code.split("-")[0]]))


def wav_seconds(path: Path) -> float | None:
    """The length of a WAV file, or None when it is missing, empty or unreadable."""
    try:
        with wave.open(str(path), "rb") as audio:
            rate, frames = audio.getframerate(), audio.getnframes()
    except (OSError, EOFError, wave.Error):
        return None
    return frames / rate if rate and frames else None
