"""The three generators: pure functions from a parsed payload to a structured resource body."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lessonforge.domain.outputs import OUTPUT_TYPES, RESOURCE_TYPES
from lessonforge.domain.payload import SourcePayload
from lessonforge.generation.module import build_module
from lessonforge.generation.quiz import build_quiz, check_item, check_items
from lessonforge.generation.video import build_video, build_webvtt

__all__ = [
    "OUTPUT_TYPES",
    "RESOURCE_TYPES",
    "GeneratedResource",
    "build_webvtt",
    "check_item",
    "check_items",
    "generate",
]

_BUILDERS: Mapping[str, Callable[[SourcePayload], tuple[str, dict[str, Any]]]] = {
    "interactive_module": build_module,
    "summary_video": build_video,
    "expanded_quiz": build_quiz,
}


@dataclass(frozen=True)
class GeneratedResource:
    """A generated resource: its type (``module``/``video``/``test``), title, language and JSON body."""

    resource_type: str
    title: str
    language: str | None
    body: dict[str, Any]


def generate(output_type: str, payload: SourcePayload) -> GeneratedResource:
    """Build one output; raises ``SourceInvalidError`` when the payload cannot produce it."""
    builder = _BUILDERS.get(output_type)
    if builder is None:
        raise ValueError(f"unknown output type {output_type!r}")
    title, body = builder(payload)
    return GeneratedResource(RESOURCE_TYPES[output_type], title, payload.language, body)
