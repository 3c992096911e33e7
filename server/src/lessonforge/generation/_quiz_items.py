"""Builds candidate quiz items per lesson type from level-wide pools (built once, sampled per lesson)."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lessonforge.generation._lessons import Content
from lessonforge.generation._present import distinct_entries, fold, groups

Item = dict[str, Any]
BLANK = "_____"
DISTRACTORS = 3
MATCHING_GROUP = 6
MAX_TERM_WORDS = 4


@dataclass
class Pools:
    """Level-wide answer pools (distinct case-insensitively) and the lookups that keep items unambiguous."""

    meanings: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    translations: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    related: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    said_by: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    term_keys: dict[str, str] = field(default_factory=dict)


def _add(pool: list[str], seen: set[str], value: str) -> None:
    if fold(value) not in seen:
        seen.add(fold(value))
        pool.append(value)


def _token_key(value: str) -> str:
    return " ".join(re.findall(r"\w+", value.casefold()))


def build_pools(contents: Iterable[Content]) -> Pools:
    """One pass over the level. ``related`` maps ``t:term``/``m:meaning``/``s:source``/``x:translation``
    to the answers that are also right for it, so they never become distractors."""
    pools, seen = Pools(), defaultdict[str, set[str]](set)
    for content in contents:
        for e in content.entries:
            _add(pools.meanings, seen["m"], e.meaning)
            _add(pools.terms, seen["t"], e.term)
            pools.related["t:" + fold(e.term)].add(fold(e.meaning))
            pools.related["m:" + fold(e.meaning)].add(fold(e.term))
            if 0 < len(_token_key(e.term).split()) <= MAX_TERM_WORDS:
                pools.term_keys.setdefault(_token_key(e.term), e.term)
        for x in content.examples:
            _add(pools.translations, seen["x"], x.translation)
            _add(pools.sources, seen["s"], x.source)
            pools.related["s:" + fold(x.source)].add(fold(x.translation))
            pools.related["x:" + fold(x.translation)].add(fold(x.source))
        for t in content.turns:
            _add(pools.speakers, seen["p"], t.speaker)
            pools.said_by[fold(t.text)].add(fold(t.speaker))
        for point in content.key_points:
            _add(pools.points, seen["k"], point)
    return pools


def distractors(rng: random.Random, pool: Sequence[str], excluded: set[str], k: int = DISTRACTORS) -> list[str]:
    """Up to ``k`` pool values not in ``excluded`` (folded); bounded work whatever the pool size."""
    if len(pool) <= 4 * k + 8:
        candidates = [value for value in pool if fold(value) not in excluded]
        rng.shuffle(candidates)
        return candidates[:k]
    picked: list[str] = []
    seen = set(excluded)
    for _ in range(8 * k):
        value = pool[rng.randrange(len(pool))]
        if fold(value) not in seen:
            seen.add(fold(value))
            picked.append(value)
            if len(picked) == k:
                break
    return picked


def item(
    kind: str,
    question: str,
    options: list[Any],
    correct: list[Any],
    explanation: str,
    lesson_id: str,
    origin: str = "generated",
    score: int = 1,
) -> Item:
    """An item without its id (the quiz numbers the items it keeps)."""
    return {
        "type": kind,
        "question": question,
        "options": options,
        "correctAnswers": correct,
        "explanation": explanation,
        "score": score,
        "sourceLessonId": lesson_id,
        "origin": origin,
    }


def select(
    rng: random.Random, question: str, answer: str, wrong: list[str], explanation: str, lesson_id: str
) -> list[Item]:
    """A single-answer item with shuffled options, or nothing when there is no distractor."""
    if not wrong:
        return []
    options = [answer, *wrong]
    rng.shuffle(options)
    return [item("select", question, options, [answer], explanation, lesson_id)]


def true_false(statement: str, truth: bool, explanation: str, lesson_id: str) -> Item:
    """A true/false item: options are always ``["True", "False"]``."""
    return item(
        "true-false",
        f"True or false: {statement}",
        ["True", "False"],
        ["True" if truth else "False"],
        explanation,
        lesson_id,
    )


def cloze(sentence: str, term: str) -> tuple[str, str] | None:
    """The sentence with ``term`` blanked out and the text that was removed, if the term occurs."""
    words = term.split()
    one_ascii_word = len(words) == 1 and sentence.isascii() and term.isascii()
    span = _ascii_word_span(sentence, words[0]) if one_ascii_word else _span(sentence, term)
    if span is None:
        return None
    start, end = span
    return sentence[:start] + BLANK + sentence[end:], sentence[start:end]


def _span(sentence: str, term: str) -> tuple[int, int] | None:
    """Where the term's words occur (any non-word characters between them), preferably as whole words."""
    words = r"\W+".join(re.escape(w) for w in term.split())
    found = re.search(rf"(?<!\w){words}(?!\w)", sentence, re.IGNORECASE) or re.search(words, sentence, re.IGNORECASE)
    if found is None or not found.group().strip():
        return None
    return found.span()


def _ascii_word_span(sentence: str, word: str) -> tuple[int, int] | None:
    """``_span`` of a one-word term in ASCII text (the usual case), without compiling a pattern."""
    word, text = word.lower(), sentence.lower()
    first = start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if not (start and _is_word(text[start - 1])) and not (end < len(text) and _is_word(text[end])):
            return start, end
        start = text.find(word, start + 1)
    return (first, first + len(word)) if first >= 0 else None


def _is_word(char: str) -> bool:
    """``\\w`` for an ASCII character."""
    return char.isalnum() or char == "_"


def level_term_in(sentence: str, pools: Pools) -> str | None:
    """The longest level term whose words occur in the sentence (bounded n-gram lookup)."""
    tokens = _token_key(sentence).split()
    for size in range(MAX_TERM_WORDS, 0, -1):
        for i in range(len(tokens) - size + 1):
            term = pools.term_keys.get(" ".join(tokens[i : i + size]))
            if term is not None:
                return term
    return None


def matching(rng: random.Random, content: Content) -> list[Item]:
    """Term→meaning matching items of up to ``MATCHING_GROUP`` unambiguous pairs."""
    pairs = [{"left": e.term, "right": e.meaning} for e in distinct_entries(content.entries)]
    chunks = [g for g in groups(pairs, MATCHING_GROUP) if len(g) >= 2]
    items = []
    for n, chunk in enumerate(chunks, 1):
        part = f" (part {n})" if len(chunks) > 1 else ""
        rights = [pair["right"] for pair in chunk]
        rng.shuffle(rights)
        question = f"Match each term from “{content.title}” with its meaning{part}."
        items.append(
            item(
                "matching",
                question,
                rights,
                chunk,
                "Each term is paired with its meaning.",
                content.lesson.id,
                score=len(chunk),
            )
        )
    return items


def _entries(content: Content, pools: Pools, rng: random.Random) -> list[Item]:
    lid, items = content.lesson.id, []
    for e in content.entries:
        means = f"“{e.term}” means “{e.meaning}”."
        wrong_meanings = distractors(rng, pools.meanings, pools.related["t:" + fold(e.term)])
        wrong_terms = distractors(rng, pools.terms, pools.related["m:" + fold(e.meaning)])
        items += select(rng, f"What does “{e.term}” mean?", e.meaning, wrong_meanings, means, lid)
        items += select(rng, f"Which term means “{e.meaning}”?", e.term, wrong_terms, means, lid)
        blanked = cloze(e.example, e.term) if e.example else None
        if blanked:
            question = f"Fill in the blank with the term that means “{e.meaning}”: {blanked[0]}"
            items.append(item("blank", question, [], [blanked[1]], means, lid))
        truth = not wrong_meanings or rng.random() < 0.5
        shown = e.meaning if truth else wrong_meanings[0]
        items.append(true_false(f"“{e.term}” means “{shown}”.", truth, means, lid))
    return items + matching(rng, content)


def _examples(content: Content, pools: Pools, rng: random.Random) -> list[Item]:
    lid, items = content.lesson.id, []
    for x in content.examples:
        means = f"“{x.source}” means “{x.translation}”."
        wrong = distractors(rng, pools.translations, pools.related["s:" + fold(x.source)])
        items += select(rng, f"What does “{x.source}” mean?", x.translation, wrong, means, lid)
        wrong = distractors(rng, pools.sources, pools.related["x:" + fold(x.translation)])
        items += select(rng, f"How do you say “{x.translation}”?", x.source, wrong, means, lid)
        term = level_term_in(x.source, pools)
        blanked = cloze(x.source, term) if term else None
        if blanked:
            question = f"Fill in the blank: {blanked[0]} (“{x.translation}”)"
            items.append(item("blank", question, [], [blanked[1]], means, lid))
    return items


def _dialogue(content: Content, pools: Pools, rng: random.Random) -> list[Item]:
    lid, items = content.lesson.id, []
    own = list(dict.fromkeys(t.speaker for t in content.turns))
    cast = own if len({fold(s) for s in own}) >= 2 else pools.speakers
    for t in content.turns:
        speakers = pools.said_by[fold(t.text)]
        if len(speakers) != 1:
            continue  # the same line said by several people has no single answer
        wrong = distractors(rng, cast, speakers)
        explanation = f"{t.speaker} says “{t.text}” in “{content.title}”."
        items += select(rng, f"Who says “{t.text}”?", t.speaker, wrong, explanation, lid)
    return items


def _review(content: Content, pools: Pools, rng: random.Random) -> list[Item]:
    """Clozes and statements from key points (only true ones: a swapped term may still be true)."""
    lid, items = content.lesson.id, []
    for point in content.key_points:
        explanation = f"A key point of “{content.title}”: {point}"
        term = level_term_in(point, pools)
        blanked = cloze(point, term) if term else None
        if blanked:
            items.append(item("blank", f"Fill in the blank: {blanked[0]}", [], [blanked[1]], explanation, lid))
        items.append(true_false(f"“{content.title}” teaches: {point}", True, explanation, lid))
    if content.key_points:
        point = rng.choice(content.key_points)
        wrong = distractors(rng, pools.points, {fold(p) for p in content.key_points})
        question = f"Which of these is a key point of “{content.title}”?"
        items += select(rng, question, point, wrong, f"A key point of “{content.title}”: {point}", lid)
    return items


Builder = Callable[[Content, Pools, random.Random], list[Item]]
BUILDERS: Mapping[str, Builder] = {
    "vocabulary": _entries,
    "term": _entries,
    "example": _examples,
    "dialogue": _dialogue,
    "review": _review,
}
