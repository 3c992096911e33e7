"""Properties over random valid levels mixing all six lesson types and unknown ones."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lessonforge.domain.payload import SourcePayload, parse_payload
from lessonforge.generation import OUTPUT_TYPES, check_item, check_items, generate

WORD = st.text(alphabet="abcAB é한_", min_size=1, max_size=5).filter(str.strip)
TEXT = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
JSON = st.recursive(st.none() | st.integers() | TEXT, lambda inner: st.lists(inner, max_size=3), max_leaves=5)


def fold(value: str) -> str:
    return " ".join(value.split()).casefold()


def _maybe(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """Sometimes add an unknown field, a title, or drop the id."""
    if draw(st.booleans()):
        data["title"] = draw(TEXT)
    if draw(st.booleans()):
        data["note_" + draw(st.sampled_from(["x", "y"]))] = draw(JSON)
    if draw(st.integers(0, 9)) == 0:
        data.pop("id")
    return data


def _entries(draw: st.DrawFn) -> list[dict[str, Any]]:
    entry = st.fixed_dictionaries({"term": TEXT, "meaning": TEXT}, optional={"example": TEXT, "audio": TEXT})
    return draw(st.lists(entry, max_size=7))


def _question(draw: st.DrawFn, number: int) -> dict[str, Any]:
    choices = draw(st.lists(TEXT, min_size=2, max_size=4, unique_by=fold))
    question = {"question": f"{draw(TEXT)} #{number}?", "choices": choices, "answer": draw(st.sampled_from(choices))}
    if draw(st.booleans()):
        question["explanation"] = draw(TEXT)
    return question


@st.composite
def lesson(draw: st.DrawFn, number: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(["vocabulary", "term", "example", "dialogue", "quiz", "review", "grammar", "culture"]))
    data: dict[str, Any] = {"id": f"L{number}", "type": kind}
    if kind in ("vocabulary", "term"):
        data["items" if kind == "vocabulary" else "terms"] = _entries(draw)
    elif kind == "example":
        line = st.fixed_dictionaries({"source": TEXT, "translation": TEXT}, optional={"note": TEXT})
        data["examples"] = draw(st.lists(line, max_size=5))
    elif kind == "dialogue":
        turn = st.fixed_dictionaries({"speaker": st.sampled_from(["Ana", "Bo", "ana", "Cy"]), "text": TEXT})
        data["turns"] = draw(st.lists(turn, max_size=5))
    elif kind == "quiz":
        data["questions"] = [_question(draw, number * 10 + n) for n in range(draw(st.integers(0, 3)))]
    elif kind == "review":
        data["summary"] = draw(TEXT)
        data["keyPoints"] = draw(st.lists(TEXT, max_size=4))
    else:
        data["body"] = draw(JSON)
    return _maybe(draw, data)


@st.composite
def levels(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 8))
    lessons = [draw(lesson(n)) for n in range(count)]
    return {"language": "en", "category": draw(TEXT), "level": {"id": "lv", "title": draw(TEXT), "lessons": lessons}}


def _truths(raw: dict[str, Any]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """term → meanings and meaning → terms over the whole level, folded."""
    meanings, terms = defaultdict(set), defaultdict(set)
    for data in raw["level"]["lessons"]:
        for entry in data.get("items", []) + data.get("terms", []):
            meanings[fold(entry["term"])].add(fold(entry["meaning"]))
            terms[fold(entry["meaning"])].add(fold(entry["term"]))
    return meanings, terms


def _quoted(question: str) -> list[str]:
    return re.findall(r"“(.*?)”", question)


@settings(max_examples=60, deadline=None)
@given(levels())
def test_every_quiz_item_passes_its_check_with_no_duplicates(raw: dict[str, Any]) -> None:
    items = generate("expanded_quiz", parse_payload(raw)).body["items"]
    assert check_items(items) == []
    keys = [(it["type"], fold(it["question"])) for it in items]
    assert len(keys) == len(set(keys))
    for it in items:
        assert check_item(it) == []
        options, correct = it["options"], it["correctAnswers"]
        assert len({fold(o) for o in options}) == len(options)
        if it["type"] in ("select", "true-false"):
            assert len(correct) == 1
            assert correct[0] in options
        if it["type"] == "true-false":
            assert options == ["True", "False"]
        if it["type"] == "blank":
            assert correct
            assert options == []
        if it["type"] == "matching":
            assert sorted(options) == sorted(pair["right"] for pair in correct)


@settings(max_examples=60, deadline=None)
@given(levels())
def test_generated_vocabulary_items_have_exactly_one_right_answer(raw: dict[str, Any]) -> None:
    meanings, terms = _truths(raw)
    entry_lessons = {lesson.id for lesson in parse_payload(raw).lessons if lesson.type in ("vocabulary", "term")}
    for it in generate("expanded_quiz", parse_payload(raw)).body["items"]:
        quoted, question = _quoted(it["question"]), it["question"]
        if it["origin"] != "generated":
            continue
        if question.startswith("What does") and fold(quoted[0]) in meanings:
            wrong = {fold(o) for o in it["options"]} - {fold(it["correctAnswers"][0])}
            assert not wrong & meanings[fold(quoted[0])]
        if question.startswith("Which word or phrase means"):
            wrong = {fold(o) for o in it["options"]} - {fold(it["correctAnswers"][0])}
            assert not wrong & terms[fold(quoted[0])]
        if it["type"] == "true-false" and it["sourceLessonId"] in entry_lessons and len(quoted) == 2:
            truth = fold(quoted[1]) in meanings[fold(quoted[0])]
            assert it["correctAnswers"] == (["True"] if truth else ["False"])


@settings(max_examples=60, deadline=None)
@given(levels())
def test_source_questions_are_all_kept_or_reported_as_two_option_questions(raw: dict[str, Any]) -> None:
    body = generate("expanded_quiz", parse_payload(raw)).body
    asked = [q["question"].strip() for data in raw["level"]["lessons"] for q in data.get("questions", [])]
    dropped = {d["question"] for d in body["quality"]["dropped"]["items"] if d["reason"] == "two-options"}
    assert [it["question"] for it in body["items"] if it["origin"] == "source"] == [
        q for q in asked if q not in dropped
    ]
    for data in raw["level"]["lessons"]:
        for q in data.get("questions", []):
            if q["question"].strip() in dropped:
                assert len(q["choices"]) == 2


@settings(max_examples=60, deadline=None)
@given(levels())
def test_lesson_order_is_kept_in_sections_scenes_and_items(raw: dict[str, Any]) -> None:
    payload: SourcePayload = parse_payload(raw)
    order = [lesson.id for lesson in payload.lessons]
    sections = generate("interactive_module", payload).body["sections"]
    assert [s["lessonId"] for s in sections] == order
    scenes = generate("summary_video", payload).body["scenes"]
    assert [s["lessonId"] for s in scenes] == [None, *order, None]
    quiz = generate("expanded_quiz", payload).body
    seen = [it["sourceLessonId"] for it in quiz["items"]]
    assert seen == sorted(seen, key=order.index)
    unknown = [lesson.id for lesson in payload.lessons if lesson.type in ("grammar", "culture")]
    assert set(unknown) <= {extra["lessonId"] for extra in quiz["extras"]}


@settings(max_examples=60, deadline=None)
@given(levels())
def test_every_output_is_deterministic_with_unique_ids(raw: dict[str, Any]) -> None:
    for output in OUTPUT_TYPES:
        first, second = generate(output, parse_payload(raw)).body, generate(output, parse_payload(raw)).body
        assert first == second
    sections = generate("interactive_module", parse_payload(raw)).body["sections"]
    ids = [s["id"] for s in sections] + [a["id"] for s in sections for a in s["activities"]]
    assert len(ids) == len(set(ids))


@settings(max_examples=60, deadline=None)
@given(levels())
def test_subtitles_end_where_the_video_ends(raw: dict[str, Any]) -> None:
    body = generate("summary_video", parse_payload(raw)).body
    times = re.findall(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$", body["subtitlesVtt"], re.M)
    assert body["subtitlesVtt"].startswith("WEBVTT\n\n")
    ends = [((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms) for *_, h, m, s, ms in times]
    assert ends == sorted(ends)
    assert ends[-1] == round(body["totalDurationSeconds"] * 1000)
