"""A ``test`` body read for export: each item checked for what the writers need, as frozen values.

The body's ``interfaceLanguage`` (English when absent) is the language of the items' wording, ``language`` the
course's; both must be BCP-47 tags to be written into an export (``xml:lang``, GIFT and CSV metadata).

A body may have been edited through ``PATCH``, so nothing is assumed: a problem names the item and field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lessonforge.i18n import FALLBACK, language_tag, translator, written_language

ITEM_TYPES = ("select", "true-false", "blank", "matching")
BLANK = "_____"


@dataclass(frozen=True)
class Pair:
    """One matching pair: ``left`` goes with ``right``."""

    left: str
    right: str


@dataclass(frozen=True)
class ExportItem:
    """One item as the writers see it; ``correct`` for select/true-false/blank, ``pairs`` for matching."""

    id: str
    type: str
    question: str
    options: tuple[str, ...]
    correct: tuple[str, ...]
    pairs: tuple[Pair, ...]
    explanation: str
    score: float
    source_lesson_id: str


@dataclass(frozen=True)
class ExportTest:
    """The items of one form (every item when the body has no forms): ``interface_language`` is the
    wording's, ``language`` the course's."""

    title: str
    language: str | None
    items: tuple[ExportItem, ...]
    interface_language: str = FALLBACK
    course_kind: str | None = None
    form: str | None = None


class UnknownFormError(LookupError):
    """``?form=`` names no form of the test; ``forms`` are the ids it has."""

    def __init__(self, form: str, forms: list[str]) -> None:
        self.form = form
        self.forms = forms
        super().__init__(f"no form {form!r}; the test has {', '.join(forms) or 'no forms'}")


class UnexportableTestError(ValueError):
    """The body cannot be exported; ``problems`` are ``(field path, message)`` pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{where}: {what}" for where, what in problems))


def read_test(body: Mapping[str, Any], form: str | None = None) -> ExportTest:
    """The exportable view of one form of a ``test`` body (``form`` None: the first form; a body without
    ``forms``: every item); raises ``UnexportableTestError`` listing every problem, ``UnknownFormError``."""
    raw_items = body.get("items")
    if not isinstance(raw_items, list):
        raise UnexportableTestError([("items", "must be a list")])
    problems: list[tuple[str, str]] = []
    items: list[ExportItem] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_items):
        where = f"items[{index}]"
        found = _item_problems(raw)
        if not found and raw["id"] in seen:
            found = [("id", f"repeats the id {raw['id']!r}")]
        problems += [(f"{where}.{field}" if field else where, what) for field, what in found]
        if not found:
            seen.add(raw["id"])
            items.append(_item(raw))
    named = {raw["id"] for raw in raw_items if isinstance(raw, Mapping) and isinstance(raw.get("id"), str)}
    forms, form_problems = _forms(body.get("forms"), named)
    problems += form_problems
    if problems:
        raise UnexportableTestError(problems)
    chosen, ids = _chosen(forms, form)
    title = body.get("title")
    interface = written_language(language_tag(body.get("interfaceLanguage")) or FALLBACK)  # nl → en
    kind = body.get("courseKind")
    return ExportTest(
        title=title if isinstance(title, str) and title.strip() else translator(interface, "exports").gettext("Quiz"),
        language=language_tag(body.get("language")),
        items=tuple(it for it in items if ids is None or it.id in ids),
        form=chosen,
        interface_language=interface,
        course_kind=kind if kind in ("language", "subject") else None,
    )


def _forms(raw: Any, ids: set[str]) -> tuple[dict[str, set[str]], list[tuple[str, str]]]:
    """``body.forms`` as form id → item ids, checked against the items (absent: no forms)."""
    if raw is None:
        return {}, []
    if not isinstance(raw, list):
        return {}, [("forms", "must be a list")]
    forms: dict[str, set[str]] = {}
    problems: list[tuple[str, str]] = []
    for n, form in enumerate(raw):
        where = f"forms[{n}]"
        if not isinstance(form, Mapping) or not _text(form.get("id")) or not isinstance(form.get("itemIds"), list):
            problems.append((where, "must be {id, itemIds: [...]}"))
            continue
        unknown = [i for i in form["itemIds"] if i not in ids]
        if unknown:
            problems.append((f"{where}.itemIds", f"names no item: {', '.join(map(str, unknown))}"))
        forms[form["id"]] = {str(i) for i in form["itemIds"]}
    return forms, problems


def _chosen(forms: dict[str, set[str]], form: str | None) -> tuple[str | None, set[str] | None]:
    if form is None:
        first = next(iter(forms), None)
        return first, forms[first] if first is not None else None
    if form not in forms:
        raise UnknownFormError(form, list(forms))
    return form, forms[form]


def format_score(score: float) -> str:
    """``2`` rather than ``2.0``; other numbers as Python writes them."""
    return str(int(score)) if float(score).is_integer() else repr(float(score))


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _item_problems(raw: Any) -> list[tuple[str, str]]:
    if not isinstance(raw, Mapping):
        return [("", "must be an object")]
    problems = [(key, "must be a non-empty text") for key in ("id", "question") if not _text(raw.get(key))]
    if raw.get("type") not in ITEM_TYPES:
        problems.append(("type", f"must be one of {', '.join(ITEM_TYPES)}"))
    for key in ("explanation", "sourceLessonId"):
        if raw.get(key) is not None and not isinstance(raw.get(key), str):
            problems.append((key, "must be a text"))
    score = raw.get("score", 1)
    if isinstance(score, bool) or not isinstance(score, int | float) or not score > 0:
        problems.append(("score", "must be a positive number"))
    options, correct = raw.get("options", []), raw.get("correctAnswers")
    if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
        problems.append(("options", "must be a list of texts"))
    if not isinstance(correct, list) or not correct:
        problems.append(("correctAnswers", "must be a non-empty list"))
    if problems or not isinstance(correct, list):
        return problems
    return [("correctAnswers", what) for what in _answer_problems(raw["type"], options, correct)]


def _answer_problems(kind: str, options: list[str], correct: list[Any]) -> list[str]:
    if kind == "matching":
        if not all(isinstance(p, Mapping) and _text(p.get("left")) and _text(p.get("right")) for p in correct):
            return ["each pair must be {left, right} texts"]
        for side in ("left", "right"):
            if len({pair[side] for pair in correct}) != len(correct):
                return [f"the {side} sides must be distinct"]
        return []
    if not all(_text(answer) for answer in correct):
        return ["must be non-empty texts"]
    if kind != "blank" and any(answer not in options for answer in correct):
        return ["every correct answer must be one of the options"]
    return []


def _item(raw: Mapping[str, Any]) -> ExportItem:
    correct = list(raw["correctAnswers"])
    is_matching = raw["type"] == "matching"
    return ExportItem(
        id=raw["id"],
        type=raw["type"],
        question=raw["question"],
        options=tuple(raw.get("options", [])),
        correct=() if is_matching else tuple(correct),
        pairs=tuple(Pair(p["left"], p["right"]) for p in correct) if is_matching else (),
        explanation=raw.get("explanation") or "",
        score=float(raw.get("score", 1)),
        source_lesson_id=raw.get("sourceLessonId") or "",
    )
