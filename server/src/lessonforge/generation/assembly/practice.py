"""The module's graded quiz, assembled like the test: choices shuffled by job and question, leak-free forms.

The share page shows a quiz activity's first form; the activity lists every form (``forms``), so an
integrator can deliver the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lessonforge.generation.assembly.forms import Placed, hits_of, place
from lessonforge.generation.assembly.keys import KeyIndex, words
from lessonforge.generation.assembly.positions import KeyPositions, order_matters
from lessonforge.generation.assembly.truth import is_truth_pair


def shuffled_choices(choices: Sequence[str], answer: str, question_id: str, positions: KeyPositions) -> list[str]:
    """The choices with the answer at the next position of the cycle (order kept when it means something)."""
    if order_matters(choices) or answer not in choices:
        return list(choices)
    return positions.arrange(answer, [c for c in choices if c != answer], question_id)


def question_forms(questions: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``[{id, questionIds}]``: no question's answer shows in another's prompt or choices within a form (a
    true/false answer is no key: every true/false question shows the same two words, as in the test)."""
    keyed = [
        (q["id"], () if is_truth_pair(q["choices"]) else words(q["answer"]), [q["prompt"], *q["choices"]])
        for q in questions
    ]
    index = KeyIndex(key for _, key, _ in keyed)
    placed = [
        Placed(qid, qid, (key,) if key else (), hits_of(shown, index), frozenset({0})) for qid, key, shown in keyed
    ]
    forms, _ = place(placed, 1, keep_small=True)
    return [{"id": f"form-{n}", "questionIds": [keyed[at][0] for at in form]} for n, form in enumerate(forms, 1)]
