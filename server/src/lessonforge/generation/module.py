"""The interactive_module generator: one renderable section of activities per lesson.

Every word it writes itself (title suffix, activity titles, explanations, self-check prompts) comes from the
``module`` message domain in the course's interface language; the lesson content stays as sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lessonforge.domain.course import Course, course
from lessonforge.domain.payload import SourcePayload
from lessonforge.generation._lessons import Content
from lessonforge.generation._present import distinct_entries, flatten_text, groups, humanise, lesson_rng
from lessonforge.generation.assembly.positions import KeyPositions
from lessonforge.generation.assembly.practice import question_forms, shuffled_choices
from lessonforge.generation.assembly.truth import is_truth_pair, truth_of
from lessonforge.generation.assembly.wording import Wording
from lessonforge.i18n import Translator, translator

Activity = dict[str, Any]
MATCHING_GROUP = 8


@dataclass(frozen=True)
class _Context:
    payload: SourcePayload
    course: Course
    t: Translator
    truth: tuple[str, str]
    """The interface language's true and false words: the test's (``Wording.true_false``, ``quiz`` domain)."""


def build_module(payload: SourcePayload, contents: tuple[Content, ...]) -> tuple[str, dict[str, Any]]:
    """The resource title and the ``module`` body; raises ``SourceInvalidError``."""
    about = course(payload)
    t = translator(about.interface_language, "module")
    yes, no = Wording(about.kind, about.interface_language, translator(about.interface_language, "quiz")).true_false
    context = _Context(payload, about, t, (yes, no))
    title = t.gettext("{title} — Interactive module", title=payload.title or t.gettext("Untitled lesson set"))
    sections = [_section(context, content) for content in contents]
    body: dict[str, Any] = {
        "title": title,
        "language": payload.language,
        "interfaceLanguage": about.interface_language,
        "courseKind": about.kind,
        "sections": sections,
    }
    return title, body


def _section(context: _Context, content: Content) -> dict[str, Any]:
    lesson, t = content.lesson, context.t
    title = lesson.title or t.gettext("Lesson {number}", number=lesson.index + 1)
    builder = _BUILDERS.get(lesson.type)
    activities = builder(context, content) if builder else [_content(content, "content", title)]
    if builder and content.extra:
        activities.append(_content(content, "notes", t.gettext("Additional notes")))
    return {
        "id": f"sec-{lesson.id}",
        "lessonId": lesson.id,
        "lessonType": lesson.type,
        "title": title,
        "activities": activities,
        "extra": content.extra,
    }


def _content(content: Content, suffix: str, title: str) -> Activity:
    """Readable blocks (a label and lines of text) for fields no other activity shows."""
    blocks = [{"label": humanise(str(key)), "lines": flatten_text(value)} for key, value in content.extra.items()]
    return {"id": f"act-{content.lesson.id}-{suffix}", "kind": "content", "title": title, "blocks": blocks}


def _terms(context: _Context, content: Content) -> list[Activity]:
    lid = content.lesson.id
    cards = [
        {"id": f"card-{lid}-{n}", "front": e.term, "back": e.meaning, "example": e.example, "extra": e.extra}
        for n, e in enumerate(content.entries, 1)
    ]
    activities: list[Activity] = []
    if cards:
        title = context.t.gettext("Flashcards")
        activities.append({"id": f"act-{lid}-flashcards", "kind": "flashcards", "title": title, "cards": cards})
    return activities + _matching(context, content)


def _matching_title(context: _Context) -> str:
    if context.course.kind == "subject":
        return context.t.gettext("Match each term with its definition")
    return context.t.gettext("Match each word with its meaning")


def _matching(context: _Context, content: Content) -> list[Activity]:
    """Term/meaning pairs in groups; ambiguous pairs (a repeated term or meaning) are left to the flashcards."""
    lid, rng = content.lesson.id, lesson_rng(context.payload, content.lesson.id, "matching")
    pairs = [
        {"id": f"pair-{lid}-{n}", "left": e.term, "right": e.meaning}
        for n, e in enumerate(distinct_entries(content.entries), 1)
    ]
    activities = []
    title = _matching_title(context)
    for g, group in enumerate(groups(pairs, MATCHING_GROUP), 1):
        if len(group) < 2:
            continue
        order = [pair["id"] for pair in group]
        rng.shuffle(order)
        activities.append(
            {
                "id": f"act-{lid}-matching-{g}",
                "kind": "matching",
                "title": title,
                "pairs": group,
                "rightOrder": order,
            }
        )
    return activities


def _examples(context: _Context, content: Content) -> list[Activity]:
    lid = content.lesson.id
    cards = [
        {"id": f"card-{lid}-{n}", "front": x.source, "back": x.translation, "note": x.note, "extra": x.extra}
        for n, x in enumerate(content.examples, 1)
    ]
    if not cards:
        return []
    title = context.t.gettext("Reveal the translation")
    return [{"id": f"act-{lid}-reveal", "kind": "reveal_cards", "title": title, "cards": cards}]


def _dialogue(context: _Context, content: Content) -> list[Activity]:
    lid = content.lesson.id
    speakers = list(dict.fromkeys(turn.speaker for turn in content.turns))
    turns = [
        {"id": f"turn-{lid}-{n}", "speaker": t.speaker, "text": t.text, "extra": t.extra}
        for n, t in enumerate(content.turns, 1)
    ]
    if not turns:
        return []
    title = context.t.gettext("Dialogue")
    return [{"id": f"act-{lid}-dialogue", "kind": "dialogue", "title": title, "speakers": speakers, "turns": turns}]


def _quiz(context: _Context, content: Content) -> list[Activity]:
    lid, t = content.lesson.id, context.t
    positions = KeyPositions(f"{context.payload.fingerprint}:{lid}")
    questions = []
    for n, q in enumerate(content.questions, 1):
        qid = f"q-{lid}-{n}"
        if is_truth_pair(q.choices):  # true then false, in the interface's words (as the test asks it)
            choices, answer = list(context.truth), context.truth[0 if truth_of(q.answer) else 1]
        else:
            choices, answer = shuffled_choices(q.choices, q.answer, qid, positions), q.answer
        questions.append(
            {
                "id": qid,
                "prompt": q.question,
                "choices": choices,
                "answer": answer,
                "answerIndex": choices.index(answer),
                "explanation": q.explanation or t.gettext("The correct answer is “{answer}”.", answer=answer),
                "extra": q.extra,
            }
        )
    if not questions:
        return []
    title = t.gettext("Quiz")
    activity = {"id": f"act-{lid}-quiz", "kind": "quiz", "title": title, "graded": True, "questions": questions}
    return [{**activity, "forms": question_forms(questions)}]


def _review(context: _Context, content: Content) -> list[Activity]:
    lid, t = content.lesson.id, context.t
    prompts = [t.gettext("I can explain this in my own words: {point}", point=p) for p in content.key_points]
    if not prompts:
        prompts = [t.gettext("I can summarise this lesson in my own words.")]
    checks = [{"id": f"check-{lid}-{n}", "prompt": p} for n, p in enumerate(prompts, 1)]
    return [
        {
            "id": f"act-{lid}-review",
            "kind": "review",
            "title": t.gettext("Review"),
            "summary": content.summary,
            "keyPoints": list(content.key_points),
            "selfCheck": checks,
        }
    ]


_BUILDERS: Mapping[str, Callable[[_Context, Content], list[Activity]]] = {
    "vocabulary": _terms,
    "term": _terms,
    "example": _examples,
    "dialogue": _dialogue,
    "quiz": _quiz,
    "review": _review,
}
