"""Which texts of the share page get a play button, and the content address of each clip.

Every course-language term (flashcard fronts), example (flashcard examples, reveal-card sentences) and dialogue
turn. A clip is named by a hash of its language and text, so the same words share one file across modules and
an edited text gets a new clip (the old one is never served for it).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

View = dict[str, Any]
CLIP = re.compile(r"[0-9a-f]{32}")
"""A clip's name: the first 32 hex digits of SHA-256 over ``language`` NUL ``text``."""


def clip_id(language: str, text: str) -> str:
    """The content address of ``text`` spoken in ``language``."""
    return hashlib.sha256(f"{language}\0{text}".encode()).hexdigest()[:32]


def spoken_texts(sections: list[View]) -> Iterable[str]:
    """Every text of the page that has a play button (course language), in page order, repeats included."""
    for section in sections:
        for a in section["activities"]:
            if a["kind"] == "flashcards":
                yield from (text for card in a["cards"] for text in (card["front"], card["example"]) if text)
            elif a["kind"] == "reveal_cards":
                yield from (card["front"] for card in a["cards"] if card["front"])
            elif a["kind"] == "dialogue":
                yield from (turn["text"] for turn in a["turns"] if turn["text"])


def clips(language: str | None, sections: list[View]) -> dict[str, str]:
    """Clip name → text for every spoken text of the page (none without a course language)."""
    if not language:
        return {}
    return {clip_id(language, text): text for text in spoken_texts(sections)}
