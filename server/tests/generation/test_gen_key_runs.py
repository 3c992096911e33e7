"""Finding keys in shown texts stays linear in the text: a run is tried only where a key starts, and a key
longer than a few words is searched as a whole, never as runs of its length at every position."""

from __future__ import annotations

import time

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import generate
from lessonforge.generation.assembly.forms import hits_of
from lessonforge.generation.assembly.keys import KeyIndex, words


def test_a_key_of_thousands_of_words_is_found_without_making_every_shorter_run() -> None:
    long_term = "palabra " * 25_600
    index = KeyIndex([words(long_term), words("el café"), words("la cuenta")])
    assert hits_of([f"¿Qué es {long_term}? el café"], index) == {
        words(long_term),
        words("el café"),
    }


def test_keys_of_every_length_are_found_as_whole_words_short_or_long() -> None:
    text = "uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece"
    tokens = words(text)
    keys = [tokens[i : i + n] for n in range(1, 13) for i in (0, 1)] + [words("dos tres cinco"), words("ce doce")]
    index = KeyIndex(keys)
    found = set(index.found_in(text))
    assert found == {key for key in keys if any(tokens[i : i + len(key)] == key for i in range(len(tokens)))}
    assert words("uno dos tres cuatro cinco seis siete ocho nueve") in found  # a long key (9 words)
    assert words("dos tres cinco") not in found  # not consecutive
    partial = set(index.found_in("unos dos tres cuatro cinco seis siete ocho nueve diez"))
    assert partial and not any(key[0] == "uno" for key in partial)  # whole words only: "uno" is not in "unos"


def test_a_quiz_over_a_term_of_a_hundred_thousand_repeated_words_is_assembled_in_seconds() -> None:
    term, meaning = "palabra " * 100_000, "palabra " * 50_000  # 1.2 MB: under the 5 MiB body limit
    entries = [{"term": term, "meaning": meaning, "example": f"x {term}"}]
    entries += [{"term": t, "meaning": m} for t, m in (("el café", "coffee"), ("el té", "tea"), ("la cuenta", "bill"))]
    raw = {"language": "es", "level": {"id": "h", "title": "H", "lessons": [
        {"id": "l1", "type": "vocabulary", "title": "T", "items": entries}]}}  # fmt: skip
    started = time.process_time()
    body = generate("expanded_quiz", parse_payload(raw)).body
    assert time.process_time() - started < 20  # runs of the meaning's length at every position: many minutes
    assert body["quality"]["leaks"] == 0
