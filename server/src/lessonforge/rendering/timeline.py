"""The render's timeline: every step's slide and length, every spoken clip with its voice and start, and the
one WAV track they make (speech, the pauses between parts, a quiz's silent time to think).

A step lasts as long as its speech, pauses and hold, or its share of the scene's planned duration when that is
longer, rounded up to whole frames, so picture and sound never drift.
"""

from __future__ import annotations

import math
import time
import wave
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lessonforge.domain.video_limits import VideoLimits, spoken_seconds
from lessonforge.rendering.errors import RenderError
from lessonforge.rendering.speech import synthesize
from lessonforge.rendering.voices import Voice

SAMPLE_RATE = 22050  # espeak-ng's rate: its clips are copied as they are
SEGMENT_GAP_SECONDS = 0.25
STEP_PAUSE_SECONDS = 0.5


@dataclass(frozen=True)
class PlannedStep:
    """One slide of a scene and what is said over it."""

    lines: tuple[str, ...]
    highlight: int | None
    segments: tuple[tuple[str, str], ...]  # (text, voice role)
    hold: float


@dataclass(frozen=True)
class Clip:
    """One spoken part as rendered: when it starts, how long it lasts, who says it and what."""

    start: float
    seconds: float
    role: str
    voice: str
    text: str
    scene: int
    step: int


@dataclass(frozen=True)
class Slot:
    """One step as rendered: its scene and step numbers (0-based), when it starts, how many frames it lasts."""

    scene: int
    step: int
    start: float
    frames: int
    step_value: PlannedStep


@dataclass
class Timeline:
    """What the encoder needs (slots, the WAV) and what the render reports (clips)."""

    slots: list[Slot]
    clips: list[Clip]
    audio: Path
    fps: int
    samples: int = 0  # written to the track so far
    ideal: float = 0.0  # the steps' wanted lengths summed: frames follow it without drift

    @property
    def seconds(self) -> float:
        return sum(slot.frames for slot in self.slots) / self.fps


Speaker = Callable[[str, Voice, str], tuple[Path, float] | None]


def speaker(engine: str | None, workdir: Path) -> Speaker:
    """Speech with ``engine`` into ``workdir`` (None: silence)."""

    def speak(text: str, voice: Voice, name: str) -> tuple[Path, float] | None:
        if engine is None or not text.strip():
            return None
        return synthesize(engine, text, voice.language, workdir, name, variant=voice.variant, pitch=voice.pitch)

    return speak


def build_timeline(
    scenes: Sequence[tuple[float, Sequence[PlannedStep]]],
    voices: Mapping[str, Voice],
    speak: Speaker,
    output: Path,
    *,
    fps: int,
    limits: VideoLimits,
    deadline: float,
    timeout: float,
) -> Timeline:
    """Speak every part and lay the steps end to end; ``scenes`` are (planned seconds, steps) pairs."""
    timeline = Timeline([], [], output, fps)
    with wave.open(str(output), "wb") as track:
        track.setnchannels(1)
        track.setsampwidth(2)
        track.setframerate(SAMPLE_RATE)
        for number, (planned, steps) in enumerate(scenes):
            shares = _shares(planned, steps)
            for index, item in enumerate(steps):
                if time.monotonic() > deadline:
                    raise RenderError(f"Rendering took longer than the limit of {timeout:.0f} s", detail="speaking")
                _place(timeline, track, (number, index), item, shares[index], voices, speak)
                if timeline.seconds > limits.max_seconds:
                    raise RenderError(
                        f"The video is longer than the render limit of {limits.max_seconds / 60:.0f} minutes"
                    )
    return timeline


def _shares(planned: float, steps: Sequence[PlannedStep]) -> list[float]:
    """The scene's planned seconds shared among its steps in proportion to their estimated length."""
    estimates = [max(0.1, _estimate(item)) for item in steps]
    total = sum(estimates)
    return [planned * e / total for e in estimates] if total else [0.0] * len(steps)


def _estimate(item: PlannedStep) -> float:
    speech = sum(spoken_seconds(text) + SEGMENT_GAP_SECONDS for text, _ in item.segments)
    return speech + item.hold + STEP_PAUSE_SECONDS


def _place(
    timeline: Timeline,
    track: wave.Wave_write,
    where: tuple[int, int],
    item: PlannedStep,
    share: float,
    voices: Mapping[str, Voice],
    speak: Speaker,
) -> None:
    """Speak one step's parts into the track and pad it to a whole number of frames."""
    start = timeline.seconds
    written = 0
    for part, (text, role) in enumerate(item.segments):
        voice = voices.get(role, voices["narrator"])
        clip = speak(text, voice, f"s{where[0]}-{where[1]}-{part}")
        samples = _copy(track, clip[0]) if clip else 0
        if samples:
            timeline.clips.append(
                Clip(start + written / SAMPLE_RATE, samples / SAMPLE_RATE, role, voice.label, text, *where)
            )
        written += samples + _silence(track, SEGMENT_GAP_SECONDS if samples else 0.0)
    written += _silence(track, item.hold + (STEP_PAUSE_SECONDS if written else 0.0))
    seconds = max(written / SAMPLE_RATE, share)
    timeline.ideal += seconds
    placed = sum(slot.frames for slot in timeline.slots)
    spoken = math.ceil(round(written * timeline.fps / SAMPLE_RATE, 6))  # never cut the speech
    frames = max(1, spoken, round(timeline.ideal * timeline.fps) - placed)
    timeline.slots.append(Slot(where[0], where[1], start, frames, item))
    end = round(sum(slot.frames for slot in timeline.slots) * SAMPLE_RATE / timeline.fps)
    timeline.samples += written + _silence(track, 0.0, end - timeline.samples - written)


def _copy(track: wave.Wave_write, clip: Path) -> int:
    """Append a clip's samples (16-bit mono at the track's rate; any other format counts as silence)."""
    try:
        with wave.open(str(clip), "rb") as source:
            if (source.getnchannels(), source.getsampwidth(), source.getframerate()) != (1, 2, SAMPLE_RATE):
                return 0
            frames = source.readframes(source.getnframes())
    except (OSError, EOFError, wave.Error):
        return 0
    track.writeframes(frames)
    return len(frames) // 2


def _silence(track: wave.Wave_write, seconds: float, samples: int | None = None) -> int:
    count = max(0, round(seconds * SAMPLE_RATE) if samples is None else samples)
    if count:
        track.writeframes(b"\x00\x00" * count)
    return count
