"""The quality report of a ``test`` body (``body.quality``): what was assembled and what was left out, and why.

Computed from the finished body (not from the generator's intentions), so an integrator can trust it:
forms and items per form, leaks found (0 by construction; counted again over the final forms from each
item's keys and the keys its texts show, which the quiz read once per item for placement), the true share of
true/false items, where the keys of select items sit, and every candidate item dropped with its reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from lessonforge.generation.assembly.keys import body_leaks
from lessonforge.generation.assembly.truth import truth_of

DROP_REASONS = {
    "no-distractors": "fewer than two plausible distractors (same shape, length and category) were left",
    "two-options": "a source question with two choices that are not true/false, and no third choice to add",
    "no-context": "a blank without a context sentence of at least two words",
    "true-false-balance": "a true-only statement dropped to keep True within 40-60 % of true/false answers",
    "duplicate": "asks what an earlier item asks",
    "invalid": "failed the item check",
    "no-leak-free-form": "every form of a useful size shows its answer (often the source's own question on the fact)",
}


def quality_report(
    body: Mapping[str, Any], dropped: Sequence[Mapping[str, str]], leaks: int | None = None
) -> dict[str, Any]:
    """``body.quality`` for a body that already has its ``items`` and ``forms``; ``leaks`` when the caller
    counted them over these forms from the items' own texts (``keys.form_leaks``), else counted here."""
    items = [it for it in body.get("items") or [] if isinstance(it, Mapping)]
    forms = [f for f in body.get("forms") or [] if isinstance(f, Mapping)]
    return {
        "forms": len(forms),
        "itemsPerForm": {str(f.get("id")): len(f.get("itemIds") or []) for f in forms},
        "leaks": body_leaks(body) if leaks is None else leaks,
        "trueFalse": _true_false(items),
        "correctPosition": correct_positions(items),
        "dropped": {
            "count": len(dropped),
            "reasons": dict(sorted(Counter(d["reason"] for d in dropped).items())),
            "items": list(dropped),
        },
    }


def _true_false(items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    answers = [it.get("correctAnswers") or [] for it in items if it.get("type") == "true-false"]
    truths = [truth_of(str(a[0])) is True for a in answers if a]
    return {
        "items": len(truths),
        "true": sum(truths),
        "trueShare": round(sum(truths) / len(truths), 3) if truths else None,
    }


def correct_positions(items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Where the key sits (1-based) over the single-answer select items, against a uniform expectation."""
    counts: Counter[int] = Counter()
    sizes: Counter[int] = Counter()  # select items per option count
    for it in items:
        if it.get("type") != "select":
            continue
        options, correct = it.get("options") or [], it.get("correctAnswers") or []
        if len(correct) != 1 or correct[0] not in options:
            continue
        counts[options.index(correct[0]) + 1] += 1
        sizes[len(options)] += 1
    expected: dict[int, float] = {}
    for size in sorted(sizes):  # each item of ``size`` options expects 1/size at each of its positions
        for position in range(1, size + 1):
            expected[position] = expected.get(position, 0.0) + sizes[size] / size
    positions = sorted(set(counts) | set(expected))
    deviation = max((abs(counts[p] - expected.get(p, 0.0)) for p in positions), default=0.0)
    return {
        "items": sum(counts.values()),
        "counts": {str(p): counts[p] for p in positions},
        "expected": {str(p): round(expected.get(p, 0.0), 2) for p in positions},
        "maxDeviation": round(deviation, 2),
    }
