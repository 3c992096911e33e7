"""Finding keys in shown texts stays linear in the text: runs are made only of the keys' own lengths."""

from __future__ import annotations

from lessonforge.generation.assembly.forms import hits_of
from lessonforge.generation.assembly.keys import KeyIndex, ngrams, words


def test_a_key_of_thousands_of_words_is_found_without_making_every_shorter_run() -> None:
    long_term = "palabra " * 25_600
    index = KeyIndex([words(long_term), words("el café"), words("la cuenta")])
    runs = ngrams(f"{long_term} y el café", index.sizes)
    assert len(runs) < 30  # runs of 1, 2 and 25 600 words only (was every length up to 25 600: billions)
    assert hits_of([f"¿Qué es {long_term}? el café"], index) == {
        words(long_term),
        words("el café"),
    }


def test_an_int_still_means_every_run_up_to_that_many_words() -> None:
    assert ngrams("a b c", 2) == {("a",), ("b",), ("c",), ("a", "b"), ("b", "c")}
