"""The quality report's leak count: a key shown by another item of the same form is a leak, each pair counted
once; the quiz counts over its final forms from the texts it read once, and a fresh reading of the body agrees."""

from __future__ import annotations

from typing import Any

import pytest
from lf_examples import example, example_names

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import generate
from lessonforge.generation.assembly.keys import KeyFinder, KeyIndex, body_leaks, form_leaks, item_keys


def _select(item_id: str, question: str, options: list[str], answer: str) -> dict[str, Any]:
    return {"id": item_id, "type": "select", "question": question, "options": options, "correctAnswers": [answer]}


def test_a_key_shown_by_another_item_of_its_form_is_a_leak_and_separate_forms_have_none() -> None:
    meaning = _select("a", "What does “el café” mean?", ["coffee", "tea", "milk"], "coffee")
    term = _select("b", "Which word means “coffee”?", ["el café", "el té", "la leche"], "el café")
    together = {"items": [meaning, term], "forms": [{"id": "form-1", "itemIds": ["a", "b"]}]}
    assert body_leaks(together) == 2  # each shows the other's answer
    apart = {**together, "forms": [{"id": "form-1", "itemIds": ["a"]}, {"id": "form-2", "itemIds": ["b"]}]}
    assert body_leaks(apart) == 0


@pytest.mark.parametrize("name", example_names())
def test_the_quiz_counts_over_its_forms_what_a_fresh_reading_of_the_body_counts(name: str) -> None:
    body = generate("expanded_quiz", parse_payload(example(name))).body
    assert body["quality"]["leaks"] == body_leaks(body) == 0
    items = body["items"]
    words = [item_keys(it) for it in items]
    found = KeyFinder(KeyIndex(key for its_keys in words for key in its_keys))
    keys = [found.ids_of(its_keys) for its_keys in words]
    hits = [found.shown_by(it) for it in items]
    one_form = {**body, "forms": [{"id": "all", "itemIds": [it["id"] for it in items]}]}
    everything = list(range(len(items)))  # items as their positions
    assert form_leaks([everything], keys, hits) == body_leaks(one_form) > 0  # only the forms keep the answers apart
