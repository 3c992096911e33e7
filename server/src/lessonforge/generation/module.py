"""The interactive_module generator: one renderable section of activities per lesson."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from lessonforge.domain.payload import SourcePayload
from lessonforge.generation._lessons import Content
from lessonforge.generation._present import (
    distinct_entries,
    flatten_text,
    groups,
    humanise,
    lesson_rng,
    resource_title,
)

Activity = dict[str, Any]
MATCHING_GROUP = 8


def build_module(payload: SourcePayload, contents: tuple[Content, ...]) -> tuple[str, dict[str, Any]]:
    """The resource title and the ``module`` body; raises ``SourceInvalidError``."""
    title = resource_title(payload, "Interactive module")
    sections = [_section(payload, content) for content in contents]
    body: dict[str, Any] = {"title": title, "language": payload.language, "sections": sections}
    if payload.interface_language:
        body["interfaceLanguage"] = payload.interface_language
    return title, body


def _section(payload: SourcePayload, content: Content) -> dict[str, Any]:
    lesson = content.lesson
    builder = _BUILDERS.get(lesson.type)
    activities = builder(payload, content) if builder else [_content(content, "content", content.title)]
    if builder and content.extra:
        activities.append(_content(content, "notes", "Additional notes"))
    return {
        "id": f"sec-{lesson.id}",
        "lessonId": lesson.id,
        "lessonType": lesson.type,
        "title": content.title,
        "activities": activities,
        "extra": content.extra,
    }


def _content(content: Content, suffix: str, title: str) -> Activity:
    """Readable blocks (a label and lines of text) for fields no other activity shows."""
    blocks = [{"label": humanise(str(key)), "lines": flatten_text(value)} for key, value in content.extra.items()]
    return {"id": f"act-{content.lesson.id}-{suffix}", "kind": "content", "title": title, "blocks": blocks}


def _terms(payload: SourcePayload, content: Content) -> list[Activity]:
    lid = content.lesson.id
    cards = [
        {"id": f"card-{lid}-{n}", "front": e.term, "back": e.meaning, "example": e.example, "extra": e.extra}
        for n, e in enumerate(content.entries, 1)
    ]
    activities: list[Activity] = []
    if cards:
        activities.append({"id": f"act-{lid}-flashcards", "kind": "flashcards", "title": "Flashcards", "cards": cards})
    return activities + _matching(payload, content)


def _matching(payload: SourcePayload, content: Content) -> list[Activity]:
    """Term/meaning pairs in groups; ambiguous pairs (a repeated term or meaning) are left to the flashcards."""
    lid, rng = content.lesson.id, lesson_rng(payload, content.lesson.id, "matching")
    pairs = [
        {"id": f"pair-{lid}-{n}", "left": e.term, "right": e.meaning}
        for n, e in enumerate(distinct_entries(content.entries), 1)
    ]
    activities = []
    for g, group in enumerate(groups(pairs, MATCHING_GROUP), 1):
        if len(group) < 2:
            continue
        order = [pair["id"] for pair in group]
        rng.shuffle(order)
        activities.append(
            {
                "id": f"act-{lid}-matching-{g}",
                "kind": "matching",
                "title": "Match each term with its meaning",
                "pairs": group,
                "rightOrder": order,
            }
        )
    return activities


def _examples(payload: SourcePayload, content: Content) -> list[Activity]:
    lid = content.lesson.id
    cards = [
        {"id": f"card-{lid}-{n}", "front": x.source, "back": x.translation, "note": x.note, "extra": x.extra}
        for n, x in enumerate(content.examples, 1)
    ]
    if not cards:
        return []
    return [{"id": f"act-{lid}-reveal", "kind": "reveal_cards", "title": "Reveal the translation", "cards": cards}]


def _dialogue(payload: SourcePayload, content: Content) -> list[Activity]:
    lid = content.lesson.id
    speakers = list(dict.fromkeys(turn.speaker for turn in content.turns))
    turns = [
        {"id": f"turn-{lid}-{n}", "speaker": t.speaker, "text": t.text, "extra": t.extra}
        for n, t in enumerate(content.turns, 1)
    ]
    if not turns:
        return []
    return [
        {"id": f"act-{lid}-dialogue", "kind": "dialogue", "title": "Dialogue", "speakers": speakers, "turns": turns}
    ]


def _quiz(payload: SourcePayload, content: Content) -> list[Activity]:
    lid = content.lesson.id
    questions = [
        {
            "id": f"q-{lid}-{n}",
            "prompt": q.question,
            "choices": list(q.choices),
            "answer": q.answer,
            "answerIndex": q.choices.index(q.answer),
            "explanation": q.explanation or f"The correct answer is “{q.answer}”.",
            "extra": q.extra,
        }
        for n, q in enumerate(content.questions, 1)
    ]
    if not questions:
        return []
    return [{"id": f"act-{lid}-quiz", "kind": "quiz", "title": "Quiz", "graded": True, "questions": questions}]


def _review(payload: SourcePayload, content: Content) -> list[Activity]:
    lid = content.lesson.id
    prompts = [f"I can explain this in my own words: {point}" for point in content.key_points]
    if not prompts:
        prompts = ["I can summarise this lesson in my own words."]
    checks = [{"id": f"check-{lid}-{n}", "prompt": p} for n, p in enumerate(prompts, 1)]
    return [
        {
            "id": f"act-{lid}-review",
            "kind": "review",
            "title": "Review",
            "summary": content.summary,
            "keyPoints": list(content.key_points),
            "selfCheck": checks,
        }
    ]


_BUILDERS: Mapping[str, Callable[[SourcePayload, Content], list[Activity]]] = {
    "vocabulary": _terms,
    "term": _terms,
    "example": _examples,
    "dialogue": _dialogue,
    "quiz": _quiz,
    "review": _review,
}
