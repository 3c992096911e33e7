"""Which espeak-ng voice says each part: the interface language for the narrator, the course language for its
own texts, and two distinct course-language voices (variant and pitch) for the two dialogue speakers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Voice:
    """An espeak-ng voice: a language tag (None: the engine's default), a variant (``f3``), a pitch (0-99)."""

    language: str | None
    variant: str | None = None
    pitch: int = 50

    @property
    def label(self) -> str:
        """How the clip list names it: ``es+f3@70``."""
        base = self.language or "default"
        return f"{base}{'+' + self.variant if self.variant else ''}@{self.pitch}"


def voices(course: str | None, interface: str | None) -> Mapping[str, Voice]:
    """The voice of each role of a video whose content is in ``course`` and whose learner reads ``interface``."""
    return {
        "narrator": Voice(interface or course),
        "course": Voice(course),
        "speaker1": Voice(course, "m3", 38),
        "speaker2": Voice(course, "f3", 72),
    }
