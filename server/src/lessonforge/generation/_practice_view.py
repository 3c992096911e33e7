"""The practice section's data: the level's quiz (a ``test`` body, possibly hand-edited) by form, and the
typed-recall and two-way flashcard drills built from the module's own cards.

Items keep the order of their options as the quiz stored them (the generator already shuffled them, seeded, and
kept meaningful orders: see docs/generators.md), so the page needs no randomness of its own. An item of an
unknown type, or one without a usable key, is left out of practice (it stays in the quiz resource).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

View = dict[str, Any]
_CHOICE_TYPES = ("select", "true-false")


def practice_view(quiz: Mapping[str, Any] | None, sections: list[View]) -> View:
    """The forms of ``quiz`` (each a list of items), the answers the script checks, and the drill cards."""
    items = {item["id"]: item for item in (_item(raw) for raw in _objects((quiz or {}).get("items"))) if item}
    forms: list[View] = []
    for n, raw in enumerate(_objects((quiz or {}).get("forms")), 1):
        ids = [str(i) for i in _list(raw.get("itemIds")) if isinstance(i, str | int)]
        chosen = [items[i] for i in dict.fromkeys(ids) if i in items]
        if chosen:
            forms.append({"id": _text(raw.get("id")) or f"form-{n}", "number": n, "items": chosen})
    if not forms and items:  # a quiz without forms (older or edited): all its items together
        forms.append({"id": "form-1", "number": 1, "items": list(items.values())})
    answers = {item["id"]: _answer(item) for form in forms for item in form["items"]}
    return {"forms": forms, "answers": answers, "cards": _cards(sections)}


def _item(raw: Mapping[str, Any]) -> View | None:
    kind, item_id = _text(raw.get("type")), _text(raw.get("id"))
    options = [_text(o) for o in _list(raw.get("options"))]
    correct = _list(raw.get("correctAnswers"))
    base = {"id": item_id, "type": kind, "question": _text(raw.get("question")),
            "explanation": _text(raw.get("explanation")), "options": options}  # fmt: skip
    if not item_id:
        return None
    if kind in _CHOICE_TYPES:
        keys = [options.index(_text(c)) for c in correct if _text(c) in options]
        return {**base, "keys": keys, "answerText": " / ".join(options[k] for k in keys)} if keys else None
    if kind == "blank":
        accepted = [_text(c) for c in correct if _text(c)]
        return {**base, "accepted": accepted, "answerText": " / ".join(accepted)} if accepted else None
    if kind == "matching":
        pairs = [(_text(p.get("left")), _text(p.get("right"))) for p in correct if isinstance(p, Mapping)]
        pairs = [(left, right) for left, right in pairs if left and right in options]
        lefts = [{"text": left, "key": options.index(right)} for left, right in pairs]
        shown = "; ".join(f"{left} → {right}" for left, right in pairs)
        return {**base, "lefts": lefts, "answerText": shown} if len(lefts) >= 2 else None
    return None


def _answer(item: View) -> View:
    """What the page script needs to check and explain an item: keys by type, the right answer as text."""
    if item["type"] == "blank":
        return {"type": "blank", "accepted": item["accepted"]}
    if item["type"] == "matching":
        return {"type": "matching", "keys": [left["key"] for left in item["lefts"]]}
    return {"type": "choice", "keys": item["keys"]}


def _cards(sections: list[View]) -> list[View]:
    """Every flashcard of the module once (term, meaning): the two-way deck and the typed-recall prompts."""
    seen: dict[tuple[str, str], View] = {}
    for section in sections:
        for activity in section["activities"]:
            if activity["kind"] != "flashcards":
                continue
            for card in activity["cards"]:
                if card["front"] and card["back"]:
                    seen.setdefault((card["front"], card["back"]), {"term": card["front"], "meaning": card["back"]})
    return [{"n": n, **card} for n, card in enumerate(seen.values(), 1)]


def _objects(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in _list(value) if isinstance(item, Mapping)]


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None:
        return ""
    return str(value) if isinstance(value, int | float) else ""
