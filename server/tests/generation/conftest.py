"""Shared source payloads for the generator tests."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from lessonforge.domain.payload import SourcePayload, parse_payload

VOCABULARY = [
    {"term": "hola", "meaning": "hello", "example": "¡Hola, Ana!", "audio": "hola.mp3"},
    {"term": "gracias", "meaning": "thank you", "example": "Muchas gracias por todo."},
    {"term": "sí", "meaning": "yes"},
    {"term": "agua", "meaning": "water", "example": "Quiero agua, por favor."},
    {"term": "manzana", "meaning": "apple", "example": "La manzana es roja."},
    {"term": "adiós", "meaning": "goodbye"},
]

LEVEL: dict[str, Any] = {
    "category": {"id": "cat-es", "title": "Spanish"},
    "language": "es",
    "level": {
        "id": "a1",
        "title": "A1 Foundations",
        "lessons": [
            {"id": "l1", "type": "vocabulary", "title": "Greetings", "difficulty": "easy", "items": VOCABULARY},
            {
                "id": "l2",
                "type": "example",
                "title": "Phrases",
                "examples": [
                    {"source": "Quiero agua", "translation": "I want water", "note": "informal"},
                    {"source": "Buenos días", "translation": "Good morning"},
                ],
            },
            {
                "id": "l3",
                "type": "dialogue",
                "title": "At the café",
                "turns": [
                    {"speaker": "Ana", "text": "¡Hola! ¿Qué tal?"},
                    {"speaker": "Luis", "text": "Muy bien, gracias."},
                    {"speaker": "Ana", "text": "Un café, por favor."},
                ],
            },
            {
                "id": "l4",
                "type": "quiz",
                "title": "Check",
                "questions": [
                    {
                        "question": "What does 'agua' mean?",
                        "choices": ["water", "fire", "air"],
                        "answer": "water",
                        "explanation": "Agua is water.",
                        "points": 2,
                    },
                    {"question": "'Sí' means yes.", "choices": ["True", "False"], "answer": "True"},
                ],
            },
            {
                "id": "l5",
                "type": "term",
                "title": "Food",
                "terms": [{"term": "pan", "meaning": "bread"}, {"term": "queso", "meaning": "cheese"}],
            },
            {
                "id": "l6",
                "type": "review",
                "title": "Review",
                "summary": "You can greet people.",
                "keyPoints": ["Say hola to greet a friend", "Say gracias to thank someone"],
            },
            {
                "id": "l7",
                "type": "grammar",
                "title": "Articles",
                "body": "El is masculine, la is feminine.",
                "table": [{"article": "el", "gender": "masculine"}],
            },
        ],
    },
}


@pytest.fixture
def raw_level() -> dict[str, Any]:
    """A fresh copy of a level using all six lesson types plus an unknown one."""
    return copy.deepcopy(LEVEL)


@pytest.fixture
def level(raw_level: dict[str, Any]) -> SourcePayload:
    """The parsed level."""
    return parse_payload(raw_level)


def _with_lessons(*lessons: Any) -> SourcePayload:
    return parse_payload({"language": "en", "level": {"id": "x", "title": "Test level", "lessons": list(lessons)}})


@pytest.fixture
def with_lessons() -> Callable[..., SourcePayload]:
    """Build a payload whose level holds exactly the given lessons."""
    return _with_lessons
