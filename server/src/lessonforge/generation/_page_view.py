"""A module body (possibly hand-edited, so any JSON) normalised into the plain shapes the share page renders.

Every text is a ``str``, every list a list of the expected objects; anything the page has no widget for
becomes readable ``content`` blocks, so nothing sent is silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lessonforge.generation._page_languages import course_text
from lessonforge.generation._present import flatten_text, humanise
from lessonforge.generation.page_texts import PageTexts, page_texts
from lessonforge.i18n import gettext_noop

View = dict[str, Any]
_LANG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_SHOWN = {"id", "kind", "title"}


def page_view(body: Mapping[str, Any], fallback_title: str, fallback_language: str | None) -> View:
    """The page title, ``lang`` attribute, interface labels and numbered sections of ``body``.

    The page (its ``lang``) speaks the body's ``interfaceLanguage`` (the generator records it; English when
    absent), never ``language``, which is often the language being taught; ``course`` marks the texts in that
    language (``_page_languages``). Titles the body lacks are interface texts; the body's texts are kept as sent.
    """
    content = _language(body.get("language")) or _language(fallback_language)
    interface = _language(body.get("interfaceLanguage"))
    labels = page_texts(interface)
    sections = [_section(n, s, labels) for n, s in enumerate(_objects(body.get("sections")), 1)]
    subject = _text(body.get("courseKind")) == "subject"
    return {
        "title": _text(body.get("title")) or fallback_title or labels.gettext("Interactive module"),
        "language": interface or "en",
        "labels": labels,
        "sections": sections,
        "course": course_text(content, subject, sections, labels.translator),
        "subject": subject,
    }


def _section(number: int, section: Mapping[str, Any], labels: PageTexts) -> View:
    dom = f"s{number}"
    activities = [_activity(f"{dom}-a{n}", a, labels) for n, a in enumerate(_objects(section.get("activities")), 1)]
    title = _text(section.get("title")) or labels.gettext("Lesson {number}", number=number)
    return {"dom": dom, "title": title, "activities": activities}


def _activity(dom: str, activity: Mapping[str, Any], labels: PageTexts) -> View:
    kind = _text(activity.get("kind"))
    build = _KINDS.get(kind, _content)
    view = build(dom, activity)
    # a known kind (or none) is named by the page; an unknown kind's own name comes from the source
    fallback = labels.gettext(_KIND_NAMES[kind or "content"]) if kind in _KINDS or not kind else humanise(kind)
    return {"dom": dom, "kind": view.pop("kind", kind), "title": _text(activity.get("title")) or fallback, **view}


def _flashcards(dom: str, activity: Mapping[str, Any]) -> View:
    cards = [
        {"id": _id(c, f"{dom}-c{n}"), "front": _text(c.get("front")), "back": _text(c.get("back")),
         "example": _text(c.get("example"))}
        for n, c in enumerate(_objects(activity.get("cards")), 1)
    ]  # fmt: skip
    return {"cards": cards}


def _matching(dom: str, activity: Mapping[str, Any]) -> View:
    pairs = [
        {"id": _id(p, f"{dom}-p{n}"), "left": _text(p.get("left")), "right": _text(p.get("right"))}
        for n, p in enumerate(_objects(activity.get("pairs")), 1)
    ]
    by_id = {p["id"]: p for p in pairs}
    order = [str(i) for i in activity.get("rightOrder") or [] if isinstance(i, str | int)]
    right = [by_id[i] for i in dict.fromkeys(order) if i in by_id]
    if len(right) != len(pairs):
        right = pairs[1:] + pairs[:1]  # an edited order that lost pairs: any order that is not the left one
    return {"pairs": pairs, "right": right}


def _reveal_cards(dom: str, activity: Mapping[str, Any]) -> View:
    cards = [
        {"id": _id(c, f"{dom}-c{n}"), "front": _text(c.get("front")), "back": _text(c.get("back")),
         "note": _text(c.get("note"))}
        for n, c in enumerate(_objects(activity.get("cards")), 1)
    ]  # fmt: skip
    return {"cards": cards}


def _dialogue(dom: str, activity: Mapping[str, Any]) -> View:
    turns = [
        {"speaker": _text(t.get("speaker")), "text": _text(t.get("text"))} for t in _objects(activity.get("turns"))
    ]
    speakers = list(dict.fromkeys(t["speaker"] for t in turns))
    return {"turns": [{**t, "voice": speakers.index(t["speaker"]) % 4} for t in turns]}


def _quiz(dom: str, activity: Mapping[str, Any]) -> View:
    questions = [_question(f"{dom}-q{n}", q) for n, q in enumerate(_objects(activity.get("questions")), 1)]
    shown = _first_form(activity)
    if shown is not None:  # a module's quiz delivers its first leak-free form (generators.md)
        questions = [q for q in questions if q["id"] in shown] or questions
    return {"questions": questions, "graded": sum(q["answerIndex"] is not None for q in questions)}


def _first_form(activity: Mapping[str, Any]) -> set[str] | None:
    forms = _objects(activity.get("forms"))
    return {_text(i) for i in _list(forms[0].get("questionIds"))} if forms else None


def _question(fallback_id: str, question: Mapping[str, Any]) -> View:
    choices = [_text(c) for c in _list(question.get("choices"))]
    index = question.get("answerIndex")
    if not (isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(choices)):
        folded = [c.casefold().strip() for c in choices]
        answer = _text(question.get("answer")).casefold().strip()
        index = folded.index(answer) if answer and answer in folded else None
    return {
        "id": _id(question, fallback_id),
        "prompt": _text(question.get("prompt")) or _text(question.get("question")),
        "choices": choices,
        "answerIndex": index,
        "explanation": _text(question.get("explanation")),
    }


def _review(dom: str, activity: Mapping[str, Any]) -> View:
    checks = [
        {"id": _id(c, f"{dom}-k{n}"), "prompt": _text(c.get("prompt"))}
        for n, c in enumerate(_objects(activity.get("selfCheck")), 1)
    ]
    return {
        "summary": _text(activity.get("summary")),
        "keyPoints": [line for point in _list(activity.get("keyPoints")) for line in flatten_text(point)],
        "selfCheck": checks,
    }


def _content(dom: str, activity: Mapping[str, Any]) -> View:
    """``content`` blocks as sent, or every other field of an activity kind the page does not know."""
    if _text(activity.get("kind")) == "content" and isinstance(activity.get("blocks"), list):
        blocks = [
            {"label": _text(b.get("label")), "lines": flatten_text(b.get("lines"))}
            for b in _objects(activity.get("blocks"))
        ]
    else:
        fields = {k: v for k, v in activity.items() if k not in _SHOWN}
        blocks = [{"label": humanise(str(k)), "lines": flatten_text(v)} for k, v in fields.items()]
    return {"kind": "content", "blocks": [b for b in blocks if b["label"] or b["lines"]]}


_KIND_NAMES = {
    "flashcards": gettext_noop("Flashcards"),
    "matching": gettext_noop("Matching"),
    "reveal_cards": gettext_noop("Reveal cards"),
    "dialogue": gettext_noop("Dialogue"),
    "quiz": gettext_noop("Quiz"),
    "review": gettext_noop("Review"),
    "content": gettext_noop("Notes"),
}
"""The heading of an activity whose body has no title, by kind."""

_KINDS = {
    "flashcards": _flashcards,
    "matching": _matching,
    "reveal_cards": _reveal_cards,
    "dialogue": _dialogue,
    "quiz": _quiz,
    "review": _review,
    "content": _content,
}


def _objects(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in _list(value) if isinstance(item, Mapping)]


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _text(value: Any) -> str:
    """A display string: texts trimmed, numbers and booleans spelled, anything else as readable lines."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return " ".join(flatten_text(value))


def _id(item: Mapping[str, Any], fallback: str) -> str:
    return _text(item.get("id")) or fallback


def _language(value: Any) -> str | None:
    text = _text(value)
    return text if _LANG.fullmatch(text) else None
