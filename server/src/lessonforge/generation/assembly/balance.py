"""True/false balance: 40-60 % of a level's true/false answers are True whenever it yields six or more.

Generated statements alternate True/False within each form (from a parity seeded by the job); the level is
then corrected by flipping statements that have a false version, and when the source's own statements or
statements without a false version still tip it, true-only generated statements are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lessonforge.generation.assembly.positions import seeded

LOW, HIGH, MINIMUM = 0.4, 0.6, 6


@dataclass(slots=True)  # not frozen: compiled, a frozen dataclass is built through its Python __init__
class Statement:
    """A true/false item to decide: its form (for alternation), whether it has a false version, and a
    fixed truth for the source's own statements."""

    form: int
    can_be_false: bool
    fixed: bool | None = None


def choose(statements: Sequence[Statement], job: str) -> list[bool | None]:
    """The truth of each statement (None: dropped for balance)."""
    truths: list[bool | None] = [s.fixed if s.fixed is not None else True for s in statements]
    parity = seeded(job, "true-false").random() < 0.5
    turn: dict[int, bool] = {}
    for n, s in enumerate(statements):
        if s.fixed is None and s.can_be_false:
            truth = turn.get(s.form, parity)
            truths[n] = truth
            turn[s.form] = not truth
    flexible = [n for n, s in enumerate(statements) if s.fixed is None and s.can_be_false]
    _correct(truths, flexible)
    if len(statements) >= MINIMUM:
        _drop_true_only(statements, truths)
    return truths


def share(truths: Sequence[bool | None]) -> float | None:
    kept = [t for t in truths if t is not None]
    return sum(kept) / len(kept) if kept else None


def _correct(truths: list[bool | None], flexible: list[int]) -> None:
    kept = [t for t in truths if t is not None]
    trues, total = sum(kept), len(kept)
    for n in reversed(flexible):
        current = trues / total if total else 0.5
        if current > HIGH and truths[n] is True:
            truths[n], trues = False, trues - 1
        elif current < LOW and truths[n] is False:
            truths[n], trues = True, trues + 1


def _drop_true_only(statements: Sequence[Statement], truths: list[bool | None]) -> None:
    kept = [t for t in truths if t is not None]
    trues, total = sum(kept), len(kept)
    for n in reversed(range(len(statements))):
        if not total or trues / total <= HIGH:
            return
        if statements[n].fixed is None and not statements[n].can_be_false and truths[n] is True:
            truths[n], trues, total = None, trues - 1, total - 1


def excess(truths: Sequence[bool], generated: Sequence[bool]) -> list[int]:
    """Indexes of generated statements to drop (last ones first) so True stays within 40-60 %."""
    kept = list(range(len(truths)))
    out: list[int] = []
    for n in reversed(range(len(truths))):
        if len(kept) < MINIMUM:
            break
        trues = sum(truths[i] for i in kept)
        ratio = trues / len(kept)
        if LOW <= ratio <= HIGH:
            break
        if generated[n] and truths[n] == (ratio > HIGH):
            kept.remove(n)
            out.append(n)
    return out
