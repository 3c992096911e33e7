"""The comparison key of texts (``fold_once``): its shortcut for already single-spaced texts gives exactly what
collapsing the whitespace and casefolding gives, for every character and for random texts."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from lessonforge.generation._present import fold, fold_once

EVERY_CHARACTER = [chr(code) for code in range(sys.maxunicode + 1)]


def reference(value: str) -> str:
    return " ".join(value.split()).casefold()


def test_the_only_printable_whitespace_is_the_ascii_space() -> None:
    assert [c for c in EVERY_CHARACTER if c.isspace() and c.isprintable()] == [" "]


def test_casefolding_neither_makes_nor_removes_whitespace_nor_makes_a_printable_text_unprintable() -> None:
    assert [c for c in EVERY_CHARACTER if any(f.isspace() for f in c.casefold()) != c.isspace()] == []
    assert [c for c in EVERY_CHARACTER if c.isprintable() and not c.casefold().isprintable()] == []


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(" \t\n\u00a0\u202f\u3000\u2028\u0085ẞßİΣ")))
def test_fold_is_whitespace_collapsed_casefolding(value: str) -> None:
    assert fold_once(value) == reference(value)
    assert fold(value) == reference(value)


def test_examples() -> None:
    assert fold_once("  What does “Straße”\u00a0mean?\n") == "what does “strasse” mean?"
    assert fold_once("Déjà  vu") == fold_once("déjà vu") == "déjà vu"
    assert fold_once("") == fold_once(" \t ") == ""
