"""The three generators: pure functions from a parsed payload to a structured resource body."""

# ruff: noqa: E402  (the compiled modules must be on __path__ before the first import of a generation module)
from __future__ import annotations

from lessonforge.native import prefer_compiled

prefer_compiled(__name__, __path__)

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lessonforge.domain.course import declared_course_kind
from lessonforge.domain.outputs import OUTPUT_TYPES, RESOURCE_TYPES
from lessonforge.domain.payload import SourcePayload
from lessonforge.errors import SourceInvalidError
from lessonforge.generation._lessons import Content, read_level
from lessonforge.generation._memo import forget_texts
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
    "generate_all",
]

Builder = Callable[[SourcePayload, tuple[Content, ...]], tuple[str, dict[str, Any]]]
_BUILDERS: Mapping[str, Builder] = {
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
    result = generate_all([output_type], payload)[0]
    if isinstance(result, SourceInvalidError):
        raise result
    return result


def generate_all(output_types: Sequence[str], payload: SourcePayload) -> list[GeneratedResource | SourceInvalidError]:
    """Build each output from one reading of the level; an output the payload cannot produce is its error."""
    builders = [_builder(output_type) for output_type in output_types]
    forget_texts()  # the previous level's texts: one level's memos stay small and cache-friendly
    try:
        contents = read_level(payload)
        declared_course_kind(payload.raw)  # a courseKind that is neither kind fails every output alike
    except SourceInvalidError as exc:
        return [exc for _ in builders]
    return [
        _build(output_type, builder, payload, contents)
        for output_type, builder in zip(output_types, builders, strict=True)
    ]


def _builder(output_type: str) -> Builder:
    builder = _BUILDERS.get(output_type)
    if builder is None:
        raise ValueError(f"unknown output type {output_type!r}")
    return builder


def _build(
    output_type: str,
    builder: Builder,
    payload: SourcePayload,
    contents: tuple[Content, ...],
) -> GeneratedResource | SourceInvalidError:
    try:
        title, body = builder(payload, contents)
    except SourceInvalidError as exc:
        return exc
    return GeneratedResource(RESOURCE_TYPES[output_type], title, payload.language, body)
