"""The expanded_quiz generator: the source's questions plus checked generated items, and the item check."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from lessonforge.domain.payload import SourcePayload
from lessonforge.generation._lessons import Content, Question, invalid
from lessonforge.generation._present import flatten_text, fold, lesson_rng, resource_title
from lessonforge.generation._quiz_items import BLANK, BUILDERS, Item, build_pools, item

ITEM_TYPES = ("select", "true-false", "blank", "matching")
ORIGINS = ("source", "generated")
TRUE_FALSE = ["True", "False"]


def build_quiz(payload: SourcePayload, contents: tuple[Content, ...]) -> tuple[str, dict[str, Any]]:
    """The resource title and the ``test`` body; raises ``SourceInvalidError``."""
    title = resource_title(payload, "Quiz")
    sources = _source_items(contents)
    seen = {item_key(it) for items in sources.values() for it in items}
    pools = build_pools(contents)
    items: list[Item] = []
    for content in contents:
        lid = content.lesson.id
        builder = BUILDERS.get(content.lesson.type)
        generated = builder(content, pools, lesson_rng(payload, lid, "quiz")) if builder else []
        kept = sources.get(lid, [])
        for candidate in generated:
            numbered = {"id": f"q-{lid}-{len(kept) + 1}", **candidate}
            if _fresh(numbered, seen):
                kept.append(numbered)
        items += kept
    extras = [_extra(content) for content in contents if content.extra]
    return title, {"title": title, "language": payload.language, "items": items, "extras": extras}


def item_key(it: Mapping[str, Any]) -> tuple[str, str]:
    """What makes two items duplicates: the same type and question (case and spacing ignored)."""
    question = it.get("question")
    return str(it.get("type")), fold(question) if isinstance(question, str) else ""


def _fresh(it: Item, seen: set[tuple[str, str]]) -> bool:
    """Keep a generated item only when it passes its check and repeats nothing kept before."""
    key = item_key(it)
    if check_item(it) or key in seen:
        return False
    seen.add(key)
    return True


def _source_item(q: Question, lesson_id: str) -> Item:
    explanation = q.explanation or f"The correct answer is “{q.answer}”."
    if sorted(fold(c) for c in q.choices) == ["false", "true"]:
        answer = "True" if fold(q.answer) == "true" else "False"
        return item("true-false", q.question, list(TRUE_FALSE), [answer], explanation, lesson_id, "source")
    return item("select", q.question, list(q.choices), [q.answer], explanation, lesson_id, "source")


def _source_items(contents: Sequence[Content]) -> dict[str, list[Item]]:
    """The source's own questions, each checked; a repeat is kept once, a contradicting repeat is fatal."""
    found: dict[tuple[str, str], Item] = {}
    by_lesson: dict[str, list[Item]] = {}
    for content in contents:
        lesson = content.lesson
        for i, question in enumerate(content.questions):
            number = len(by_lesson.get(lesson.id, [])) + 1
            it = {"id": f"q-{lesson.id}-{number}", **_source_item(question, lesson.id)}
            problems = check_item(it)
            if problems:
                raise invalid(lesson, f"questions[{i}]", "; ".join(problems))
            first = found.setdefault(item_key(it), it)
            if first is it:
                by_lesson.setdefault(lesson.id, []).append(it)
            elif [fold(a) for a in first["correctAnswers"]] != [fold(a) for a in it["correctAnswers"]]:
                where = f'lesson "{first["sourceLessonId"]}"'
                raise invalid(lesson, f"questions[{i}].question", f"repeats a question of {where} with another answer")
    return by_lesson


def _extra(content: Content) -> dict[str, Any]:
    """A lesson's content that no item shows (unknown types and unknown fields), kept readable."""
    return {
        "lessonId": content.lesson.id,
        "lessonType": content.lesson.type,
        "title": content.title,
        "fields": content.extra,
        "lines": flatten_text(content.extra),
    }


def check_item(it: Mapping[str, Any]) -> list[str]:
    """Problems with one item (empty when it is fine): shape, answer count, distinct options."""
    problems = _check_common(it)
    if problems:
        return problems
    check = _CHECKS[it["type"]]
    return check(it["options"], it["correctAnswers"], it["question"])


def check_items(items: Iterable[Mapping[str, Any]]) -> list[str]:
    """Problems with a whole item list: each item's, plus repeated ids and duplicate items."""
    problems: list[str] = []
    ids: set[Any] = set()
    keys: set[tuple[str, str]] = set()
    for it in items:
        problems += [f"item {it.get('id')!r}: {p}" for p in check_item(it)]
        if it.get("id") in ids:
            problems.append(f"item {it.get('id')!r}: repeated id")
        if item_key(it) in keys:
            problems.append(f"item {it.get('id')!r}: duplicates an earlier item")
        ids.add(it.get("id"))
        keys.add(item_key(it))
    return problems


def _nonempty(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_common(it: Mapping[str, Any]) -> list[str]:
    problems = [
        f"{key} must be a non-empty text" for key in ("id", "question", "sourceLessonId") if not _nonempty(it.get(key))
    ]
    if it.get("type") not in ITEM_TYPES:
        problems.append(f"type must be one of {', '.join(ITEM_TYPES)}")
    if it.get("origin") not in ORIGINS:
        problems.append("origin must be source or generated")
    if not isinstance(it.get("explanation"), str):
        problems.append("explanation must be a text")
    score = it.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float) or score <= 0:
        problems.append("score must be a positive number")
    for key in ("options", "correctAnswers"):
        if not isinstance(it.get(key), list):
            problems.append(f"{key} must be a list")
    return problems


def _distinct_texts(values: list[Any], name: str) -> list[str]:
    if not all(_nonempty(v) for v in values):
        return [f"{name} must be non-empty texts"]
    folded = [fold(v) for v in values]
    return [f"{name} are not distinct"] if len(set(folded)) != len(folded) else []


def _check_select(options: list[Any], correct: list[Any], question: str) -> list[str]:
    problems = _distinct_texts(options, "options")
    if len(options) < 2:
        problems.append("a select item needs at least 2 options")
    if len(correct) != 1:
        problems.append(f"a select item needs exactly 1 correct answer, not {len(correct)}")
    elif correct[0] not in options:
        problems.append(f"correct answer {correct[0]!r} is not among the options")
    return problems


def _check_true_false(options: list[Any], correct: list[Any], question: str) -> list[str]:
    problems = [] if options == TRUE_FALSE else ['options must be ["True", "False"]']
    if len(correct) != 1 or correct[0] not in TRUE_FALSE:
        problems.append('a true-false item needs exactly 1 correct answer, "True" or "False"')
    return problems


def _check_blank(options: list[Any], correct: list[Any], question: str) -> list[str]:
    problems = [] if BLANK in question else [f"the question has no blank ({BLANK})"]
    if options:
        problems.append("a blank item has no options")
    if not correct:
        problems.append("a blank item needs at least 1 accepted answer")
    return problems + _distinct_texts(correct, "accepted answers")


def _check_matching(options: list[Any], correct: list[Any], question: str) -> list[str]:
    if len(correct) < 2 or not all(isinstance(p, Mapping) and set(p) == {"left", "right"} for p in correct):
        return ["a matching item needs at least 2 pairs of {left, right}"]
    lefts, rights = [p["left"] for p in correct], [p["right"] for p in correct]
    problems = _distinct_texts(lefts, "left sides") + _distinct_texts(rights, "right sides")
    problems += _distinct_texts(options, "options")
    if sorted(map(str, options)) != sorted(map(str, rights)):
        problems.append("options must be exactly the right sides of the pairs")
    return problems


_CHECKS = {
    "select": _check_select,
    "true-false": _check_true_false,
    "blank": _check_blank,
    "matching": _check_matching,
}
