"""``check_item`` and ``check_items``: the rules every quiz item must pass."""

from __future__ import annotations

from typing import Any

import pytest

from lessonforge.generation import check_item, check_items


def _item(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "q-l1-1",
        "type": "select",
        "question": "What does “hola” mean?",
        "options": ["hello", "bye", "please"],
        "correctAnswers": ["hello"],
        "explanation": "",
        "score": 1,
        "sourceLessonId": "l1",
        "origin": "generated",
    }
    return {**base, **changes}


def _pairs(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"left": left, "right": right} for left, right in pairs]


@pytest.mark.parametrize(
    "item",
    [
        _item(),
        _item(type="true-false", question="True or false: x", options=["True", "False"], correctAnswers=["False"]),
        _item(type="true-false", question="Vrai ou faux : x", options=["Vrai", "Faux"], correctAnswers=["Faux"]),
        _item(type="blank", question="Say _____ to greet", options=[], correctAnswers=["hola", "Hola!"]),
        _item(
            type="matching", options=["b", "c", "a"], correctAnswers=_pairs(("x", "a"), ("y", "b"), ("z", "c")), score=3
        ),
    ],
)
def test_well_formed_items_have_no_problems(item: dict[str, Any]) -> None:
    assert check_item(item) == []


@pytest.mark.parametrize(
    ("item", "words"),
    [
        (_item(correctAnswers=[]), "exactly 1 correct answer"),
        (_item(correctAnswers=["hello", "bye"]), "exactly 1 correct answer"),
        (_item(correctAnswers=["ciao"]), "not among the options"),
        (_item(options=["hello", " Hello ", "bye"]), "not distinct"),
        (_item(options=["hello", "bye"]), "at least 3 options"),
        (_item(options=["hello"]), "at least 2 options"),
        (_item(options=["hello", ""]), "non-empty"),
        (_item(type="true-false", options=["Yes", "No"], correctAnswers=["Yes"]), "a true word then a false word"),
        (_item(type="true-false", options=["False", "True"], correctAnswers=["True"]), "a true word then a false word"),
        (_item(type="true-false", options=["True", "False"], correctAnswers=["True", "False"]), "exactly 1"),
        (_item(type="blank", options=[], correctAnswers=[]), "at least 1 accepted answer"),
        (_item(type="blank", question="no gap here", options=[], correctAnswers=["a"]), "no blank"),
        (
            _item(type="blank", question="Fill in the blank: _____", options=[], correctAnswers=["hola"]),
            "context sentence",
        ),
        (_item(type="blank", question="Fill in: _____, Ana", options=[], correctAnswers=["hola"]), "context sentence"),
        (_item(type="blank", question="a _____", options=["a"], correctAnswers=["a"]), "no options"),
        (_item(type="matching", options=["a"], correctAnswers=_pairs(("x", "a"))), "at least 2 pairs"),
        (_item(type="matching", options=["b", "a"], correctAnswers=_pairs(("x", "a"), ("y", "b"))), "at least 3 pairs"),
        (_item(type="matching", options=["a", "b"], correctAnswers=[{"left": "x"}, {"left": "y"}]), "pairs"),
        (_item(type="matching", options=["a", "A"], correctAnswers=_pairs(("x", "a"), ("y", "A"))), "not distinct"),
        (_item(type="matching", options=["a", "c"], correctAnswers=_pairs(("x", "a"), ("y", "b"))), "right sides"),
        (_item(type="essay"), "type must be"),
        (_item(id=""), "id must be"),
        (_item(score=0), "score"),
        (_item(origin="imported"), "origin"),
        (_item(options="hello"), "options must be a list"),
    ],
)
def test_malformed_items_are_reported(item: dict[str, Any], words: str) -> None:
    problems = check_item(item)
    assert problems
    assert any(words in problem for problem in problems), problems


def test_duplicate_items_and_ids_are_reported_across_a_list() -> None:
    first = _item()
    again = _item(id="q-l1-2", question="  what does “HOLA” mean? ")
    same_id = _item(question="Another?")
    problems = check_items([first, again, same_id])
    assert any("duplicates" in p and "q-l1-2" in p for p in problems)
    assert any("repeated id" in p for p in problems)
    assert (
        check_items([first, _item(id="q-l1-2", type="true-false", options=["True", "False"], correctAnswers=["True"])])
        == []
    )
