"""Assessment rules of the expanded quiz, as properties over random valid levels in every language and both
course kinds: leak-free forms, true/false balance, no content-free item, no two-option select, key positions
spread, typography."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import check_items, generate
from lessonforge.generation.assembly.typography import quotes

LANGUAGES = ["en", "es", "fr", "de", "pt", "it"]
SYLLABLE = st.sampled_from(["ba", "ké", "lo", "ñu", "ri", "so", "ta", "vé", "zo", "mi", "ga", "pü"])
WORD = st.lists(SYLLABLE, min_size=1, max_size=3).map("".join)
TEXT = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
SENTENCE = st.tuples(st.lists(WORD, min_size=3, max_size=7), st.sampled_from(["", ".", "?", "!"])).map(
    lambda parts: " ".join(parts[0]) + parts[1]
)
ARTICLE = st.sampled_from(["", "", "the ", "la ", "le ", "der "])


def _shown(item: dict[str, Any]) -> list[str]:
    shown = [item["question"], *item["options"]]
    if item["type"] == "matching":
        shown += [pair["left"] for pair in item["correctAnswers"]]
    return shown


def _keys(item: dict[str, Any]) -> list[str]:
    if item["type"] == "matching":
        return [pair["right"] for pair in item["correctAnswers"]]
    return list(item["correctAnswers"]) if item["type"] in ("select", "blank") else []


def _occurs(key: str, text: str) -> bool:
    """The key's words, as whole words, in the text (an independent reading of the leak rule)."""
    words = re.findall(r"\w+", key.casefold())
    pattern = r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)"
    return bool(words) and re.search(pattern, text.casefold()) is not None


@st.composite
def _entries(draw: st.DrawFn, key: str) -> list[dict[str, Any]]:
    count = draw(st.integers(0, 8))
    entries = []
    for _ in range(count):
        term = draw(TEXT)
        entry = {"term": term, "meaning": draw(ARTICLE) + draw(TEXT)}
        if draw(st.booleans()):
            entry["example"] = f"{draw(TEXT)} {term} {draw(TEXT)}."
        if draw(st.integers(0, 3)) == 0:
            entry["category"] = draw(st.sampled_from(["food", "verb"]))
        entries.append(entry)
    return entries


@st.composite
def _lesson(draw: st.DrawFn, number: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(["vocabulary", "term", "example", "dialogue", "quiz", "review"]))
    data: dict[str, Any] = {"id": f"L{number}", "type": kind, "title": draw(TEXT)}
    if kind in ("vocabulary", "term"):
        data["items" if kind == "vocabulary" else "terms"] = draw(_entries(kind))
    elif kind == "example":
        line = st.fixed_dictionaries({"source": SENTENCE, "translation": SENTENCE})
        data["examples"] = draw(st.lists(line, max_size=6))
    elif kind == "dialogue":
        turn = st.fixed_dictionaries({"speaker": st.sampled_from(["Ana", "Bo", "Cy"]), "text": SENTENCE})
        data["turns"] = draw(st.lists(turn, max_size=8))
    elif kind == "quiz":
        questions = []
        for n in range(draw(st.integers(0, 4))):
            choices = draw(st.lists(TEXT, min_size=2, max_size=4, unique_by=str.casefold))
            questions.append({"question": f"{draw(SENTENCE)} {number}-{n}?", "choices": choices,
                              "answer": draw(st.sampled_from(choices))})  # fmt: skip
        data["questions"] = questions
    else:
        data["summary"] = draw(SENTENCE)
        data["keyPoints"] = draw(st.lists(SENTENCE, max_size=4))
    return data


@st.composite
def levels(draw: st.DrawFn) -> dict[str, Any]:
    lessons = [draw(_lesson(n)) for n in range(draw(st.integers(1, 7)))]
    raw: dict[str, Any] = {"language": draw(st.sampled_from(LANGUAGES)), "level": {"id": "lv", "title": draw(TEXT),
                           "lessons": lessons}}  # fmt: skip
    if draw(st.booleans()):
        raw["interfaceLanguage"] = draw(st.sampled_from(LANGUAGES))
    raw["courseKind"] = draw(st.sampled_from(["language", "subject"]))
    return raw


def _doubled_mark(text: str) -> bool:
    """A terminal mark closed by a quotation mark and followed by another, unless that one closes the
    sentence's own ``¿``/``¡``, outside what it quotes (Spanish: ``¿Qué significa «How much is it?»?``)."""
    own = re.sub(r"«[^»]*»|“[^”]*”|„[^“”]*[“”]|\"[^\"]*\"", "", text)  # the sentence without what it quotes
    for found in re.finditer(r"[.?!…]\s*[”»“\"]\s*([.?!])", text):
        opener = {"?": "¿", "!": "¡"}.get(found.group(1))
        if opener is None or own.count(opener) < own.count(found.group(1)):
            return True
    return False


def _quiz(raw: dict[str, Any]) -> dict[str, Any]:
    body = generate("expanded_quiz", parse_payload(raw)).body
    assert check_items(body["items"]) == []
    return body


@settings(max_examples=25, deadline=None)
@given(levels())
def test_every_form_is_leak_free_and_every_item_is_in_a_form(raw: dict[str, Any]) -> None:
    body = _quiz(raw)
    by_id = {it["id"]: it for it in body["items"]}
    forms = body["forms"]
    assert len({f["id"] for f in forms}) == len(forms)
    assert {i for f in forms for i in f["itemIds"]} == set(by_id)
    for form in forms:
        assert form["itemIds"] and len(set(form["itemIds"])) == len(form["itemIds"])
        members = [by_id[i] for i in form["itemIds"]]
        for a in members:
            for b in members:
                if a is not b:
                    for key in _keys(a):
                        assert not any(_occurs(key, text) for text in _shown(b)), (key, a["id"], b["id"])
    assert body["quality"]["leaks"] == 0
    assert body["quality"]["forms"] == len(forms)
    assert body["quality"]["itemsPerForm"] == {f["id"]: len(f["itemIds"]) for f in forms}


@settings(max_examples=25, deadline=None)
@given(levels())
def test_true_false_answers_are_balanced_when_a_level_yields_six_or_more(raw: dict[str, Any]) -> None:
    body = _quiz(raw)
    statements = [it for it in body["items"] if it["type"] == "true-false"]
    true_word = [it["options"][0] for it in statements]
    truths = [it["correctAnswers"][0] == word for it, word in zip(statements, true_word, strict=True)]
    generated = [t for it, t in zip(statements, truths, strict=True) if it["origin"] == "generated"]
    if len(statements) >= 6 and len(generated) >= len(statements) - 1:
        assert 0.4 <= sum(truths) / len(truths) <= 0.6
    quality = body["quality"]["trueFalse"]
    assert (quality["items"], quality["true"]) == (len(truths), sum(truths))


@settings(max_examples=25, deadline=None)
@given(levels())
def test_no_item_is_content_free_and_no_select_has_two_options(raw: dict[str, Any]) -> None:
    kinds = {lesson["id"]: lesson["type"] for lesson in raw["level"]["lessons"]}
    for it in _quiz(raw)["items"]:
        assert len(re.findall(r"\w+", it["question"])) >= 3
        if it["type"] == "select":
            assert len(it["options"]) >= 3
        if it["type"] == "matching":  # no coin flip: three pairs or more
            assert len(it["options"]) == len(it["correctAnswers"]) >= 3
        if it["type"] == "blank":
            before, _, after = it["question"].partition("_____")
            assert len(re.findall(r"\w+", before.rsplit(":", 1)[-1] + " " + after)) >= 2
        if it["type"] == "true-false" and it["origin"] == "generated":
            statement = it["question"].split(":", 1)[-1]
            assert len(re.findall(r"\w+", statement)) >= 3
            if kinds[it["sourceLessonId"]] == "review":  # a key point that asks or exclaims states nothing
                assert not statement.strip().startswith(("¿", "¡"))
                assert not statement.rstrip('”»“" \u202f').endswith(("?", "!"))


@settings(max_examples=25, deadline=None)
@given(levels())
def test_generated_wording_follows_the_interface_languages_typography(raw: dict[str, Any]) -> None:
    interface = raw.get("interfaceLanguage") or ("en" if raw["courseKind"] == "language" else raw["language"])
    opening, closing = quotes(interface)
    for it in _quiz(raw)["items"]:
        if it["origin"] == "source":
            continue  # the source's own wording is kept as written
        for text in (it["question"], it["explanation"]):
            assert not _doubled_mark(text), text
            assert not re.search(r"([?!…]\.|[^.]\.\.)$", text), text
            letters = [c for c in text if c.isalpha()]
            assert not letters or not letters[0].islower(), text
        if it["origin"] == "generated" and it["type"] != "matching" and "«" not in opening + closing:
            assert "«" not in it["question"]
        if it["origin"] == "generated" and it["type"] == "matching":
            assert opening in it["question"] and closing in it["question"], (raw, interface)
    if raw["courseKind"] == "subject":
        assert not [it for it in _quiz(raw)["items"] if it["question"].startswith(("What does", "How do you say"))]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(LANGUAGES))
def test_key_positions_are_spread_near_uniformly_over_a_level(seed: int, language: str) -> None:
    questions = [
        {"question": f"Question {seed} number {n}?", "choices": [f"right {n}", f"wrong {n}", f"other {n}", f"more {n}"],
         "answer": f"right {n}"}
        for n in range(40)
    ]  # fmt: skip
    raw = {
        "language": language,
        "level": {"id": f"s{seed}", "lessons": [{"id": "q", "type": "quiz", "questions": questions}]},
    }
    items = _quiz(raw)["items"]
    positions = Counter(it["options"].index(it["correctAnswers"][0]) for it in items)
    assert set(positions) == {0, 1, 2, 3}
    assert max(positions.values()) - min(positions.values()) <= 2
