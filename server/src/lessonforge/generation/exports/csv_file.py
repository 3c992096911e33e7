"""CSV (RFC 4180, UTF-8): a header and one row per item; lists are JSON arrays, free text is formula-guarded.

Every row states its languages: ``language`` (the item's wording: the interface language) and
``courseLanguage`` (the content's, empty when unknown).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from lessonforge.generation.exports._items import ExportItem, format_score, read_test

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "id",
    "type",
    "question",
    "options",
    "correctAnswers",
    "explanation",
    "score",
    "sourceLessonId",
    "language",
    "courseLanguage",
)


def write_csv(body: Mapping[str, Any], form: str | None = None) -> bytes:
    """The CSV bytes of a ``test`` body (``\\r\\n`` line ends, every field quoted only when needed)."""
    test = read_test(body, form)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    languages = [test.interface_language, test.language or ""]
    writer.writerows([*_row(it), *languages] for it in test.items)
    return out.getvalue().encode("utf-8")


def _row(it: ExportItem) -> list[str]:
    correct: list[Any] = [{"left": p.left, "right": p.right} for p in it.pairs] if it.pairs else list(it.correct)
    return [
        _text(it.id),
        it.type,
        _text(it.question),
        _json(list(it.options)),
        _json(correct),
        _text(it.explanation),
        format_score(it.score),
        _text(it.source_lesson_id),
    ]


def _text(value: str) -> str:
    """A free-text cell, with a leading ``'`` when a spreadsheet would read it as a formula (OWASP CSV injection)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
