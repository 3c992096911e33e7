"""True/false words: recognised in source quizzes in every supported language, written in the interface's.

A source question whose two choices are a true word and a false word (``Vrai``/``Faux``,
``Verdadero``/``Falso``, ``Wahr``/``Falsch``, ``Verdadeiro``/``Falso``, ``Vero``/``Falso``, ``Richtig``/``Falsch``,
``Cierto``/``Falso``, ``True``/``False``, …) becomes a true-false item.
"""

from __future__ import annotations

from collections.abc import Sequence

TRUE_WORDS = frozenset({"true", "vrai", "verdadero", "cierto", "wahr", "richtig", "verdadeiro", "certo", "vero"})
FALSE_WORDS = frozenset({"false", "faux", "falso", "falsch", "errado", "sbagliato"})


def _fold(value: str) -> str:
    return " ".join(value.split()).casefold().strip(".!")


def truth_of(word: str) -> bool | None:
    """``True`` for a true word, ``False`` for a false word, ``None`` for anything else."""
    folded = _fold(word)
    return True if folded in TRUE_WORDS else False if folded in FALSE_WORDS else None


def is_truth_pair(choices: Sequence[str]) -> bool:
    """Whether two choices are one true word and one false word (in any order)."""
    return len(choices) == 2 and {truth_of(choices[0]), truth_of(choices[1])} == {True, False}


def is_true_false_options(options: Sequence[object]) -> bool:
    """The options of a true-false item: a true word then a false word."""
    return (
        len(options) == 2
        and all(isinstance(o, str) for o in options)
        and truth_of(str(options[0])) is True
        and truth_of(str(options[1])) is False
    )
