"""The OpenAPI description of a resource ``body``: free JSON, with the ``test`` body's forms and quality spelled out.

Bodies are stored and served as sent (``PATCH`` accepts any JSON), so nothing here validates; it documents
what the ``expanded_quiz`` generator writes (docs/generators.md, "Forms and the quality report").
"""

from __future__ import annotations

from typing import Any

_COUNTS: dict[str, Any] = {"type": "object", "additionalProperties": {"type": "number"}}
_FORM: dict[str, Any] = {
    "type": "object",
    "description": "A leak-free form (parallel version) of the test: the items delivered together.",
    "properties": {"id": {"type": "string"}, "itemIds": {"type": "array", "items": {"type": "string"}}},
    "required": ["id", "itemIds"],
}
_DROPPED: dict[str, Any] = {
    "type": "object",
    "properties": {
        "lessonId": {"type": "string"},
        "type": {"type": "string"},
        "reason": {"type": "string"},
        "question": {"type": "string"},
    },
}
_QUALITY: dict[str, Any] = {
    "type": "object",
    "description": "How the test was assembled: forms, leaks (always 0), true/false balance, key positions, "
    "candidate items dropped and why.",
    "properties": {
        "forms": {"type": "integer", "description": "Number of forms."},
        "itemsPerForm": {**_COUNTS, "description": "Form id → number of items."},
        "leaks": {
            "type": "integer",
            "description": "Pairs of items in one form where one's correct answer shows in the other's stem, "
            "options or matching sides (0 by construction).",
        },
        "trueFalse": {
            "type": "object",
            "properties": {
                "items": {"type": "integer"},
                "true": {"type": "integer"},
                "trueShare": {"type": ["number", "null"]},
            },
        },
        "correctPosition": {
            "type": "object",
            "description": "Where the key of single-answer select items sits (1-based), against a uniform draw.",
            "properties": {
                "items": {"type": "integer"},
                "counts": _COUNTS,
                "expected": _COUNTS,
                "maxDeviation": {"type": "number"},
            },
        },
        "dropped": {
            "type": "object",
            "properties": {
                "count": {"type": "integer"},
                "reasons": _COUNTS,
                "items": {"type": "array", "items": _DROPPED},
            },
        },
    },
}
RESOURCE_BODY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": True,
    "description": "The generated content (any JSON after a PATCH). Every generated body records its `language`, "
    "`interfaceLanguage` and `courseKind`; a `test` body has `items`, `forms` and `quality`; see docs/generators.md.",
    "properties": {
        "language": {"type": "string", "description": "BCP-47 tag of the content (the payload's `language`)."},
        "interfaceLanguage": {
            "type": "string",
            "description": "BCP-47 tag of the learner's language, in which the generator worded the body; the share "
            "pages and the quiz exports word and tag what they write by it (English when absent).",
        },
        "courseKind": {"type": "string", "enum": ["language", "subject"]},
        "forms": {"type": "array", "items": _FORM},
        "quality": _QUALITY,
    },
}
