"""Candidate quiz items per lesson type: each fact of a lesson with the directions it can be asked in.

A direction knows its key before it is built; it is built later, with a filter that keeps the keys of the
forms it is planned in out of its options (``assembly.forms``). Wording comes from ``assembly.wording``.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lessonforge.generation._lessons import Content, Entry
from lessonforge.generation._present import distinct_entries, fold, groups
from lessonforge.generation.assembly.cues import Candidate, screen
from lessonforge.generation.assembly.keys import KeyIndex, Words, words
from lessonforge.generation.assembly.positions import KeyPositions
from lessonforge.generation.assembly.typography import capitalise, terminal
from lessonforge.generation.assembly.wording import Wording

Item = dict[str, Any]
Allowed = Callable[[str], bool]
BLANK = "_____"
DISTRACTORS = 3
MATCHING_GROUP = 6
MAX_TERM_WORDS = 4
CONTEXT_WORDS = 2
STATEMENT_WORDS = 3
LESSON_CANDIDATES = 24
LEVEL_CANDIDATES = 16
CATEGORY_FIELDS = ("category", "partOfSpeech")
SHOWN_WORDS = 12


@dataclass(frozen=True, slots=True)
class Dropped:
    """A candidate that was not worth asking, and why (``assembly.quality.DROP_REASONS``)."""

    reason: str
    kind: str
    question: str


@dataclass(slots=True)
class Built:
    """A built item, with the false version of a generated true/false statement (None when it has none)."""

    item: Item
    false_question: str | None = None


@dataclass(frozen=True, slots=True)
class Direction:
    """One way to ask a fact: its item type, its key texts, and how to build it under a distractor filter."""

    kind: str
    keys: tuple[str, ...]
    build: Callable[[Allowed, str], Built | Dropped]


@dataclass(frozen=True, slots=True)
class Fact:
    """Something the lesson teaches, asked once per form in one of its directions."""

    id: str
    lesson_id: str
    directions: tuple[Direction, ...]
    matching_group: int | None = None


@dataclass(slots=True)
class Pools:
    """Level-wide candidate pools (distinct case-insensitively) and the lookups that keep items unambiguous."""

    meanings: list[Candidate] = field(default_factory=list)
    terms: list[Candidate] = field(default_factory=list)
    translations: list[Candidate] = field(default_factory=list)
    sources: list[Candidate] = field(default_factory=list)
    lines: list[Candidate] = field(default_factory=list)
    related: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    said_by: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    term_keys: dict[str, str] = field(default_factory=dict)
    term_categories: dict[str, str | None] = field(default_factory=dict)


@dataclass(slots=True)
class Context:
    """What every builder shares: pools, wording, the languages of terms and meanings, key positions."""

    pools: Pools
    wording: Wording
    term_language: str | None
    meaning_language: str | None
    positions: KeyPositions
    rng: random.Random
    source_keys: KeyIndex = field(default_factory=KeyIndex)
    """The answers of the source's own questions (they are in every form)."""
    source_shown: frozenset[Words] = frozenset()
    """Every run of up to ``SHOWN_WORDS`` words the source's own questions show (stems and choices)."""

    def claimed_by_source(self, left: str, right: str) -> bool:
        """Whether a pair shows a source answer, or its right side shows in a source question."""
        if self.source_keys.any_in(left) or self.source_keys.any_in(right):
            return True
        return words(right) in self.source_shown


def category(extra: Mapping[str, Any]) -> str | None:
    """The category an entry declares (``category`` or ``partOfSpeech``), folded; None when none."""
    for name in CATEGORY_FIELDS:
        value = extra.get(name)
        if isinstance(value, str) and value.strip():
            return fold(value)
    return None


def _add(pool: list[Candidate], seen: set[str], value: str, kind: str | None = None) -> None:
    if fold(value) not in seen:
        seen.add(fold(value))
        pool.append(Candidate(value, kind))


def _token_key(value: str) -> str:
    return " ".join(words(value))


def build_pools(contents: Iterable[Content]) -> Pools:
    """One pass over the level. ``related`` maps ``t:term``/``m:meaning``/``s:source``/``x:translation``
    to the answers that are also right for it, so they never become distractors."""
    pools, seen = Pools(), defaultdict[str, set[str]](set)
    for content in contents:
        for e in content.entries:
            kind = category(e.extra)
            _add(pools.meanings, seen["m"], e.meaning, kind)
            _add(pools.terms, seen["t"], e.term, kind)
            pools.related["t:" + fold(e.term)].add(fold(e.meaning))
            pools.related["m:" + fold(e.meaning)].add(fold(e.term))
            if 0 < len(_token_key(e.term).split()) <= MAX_TERM_WORDS:
                pools.term_keys.setdefault(_token_key(e.term), e.term)
                pools.term_categories.setdefault(fold(e.term), kind)
        for x in content.examples:
            _add(pools.translations, seen["x"], x.translation, category(x.extra))
            _add(pools.sources, seen["s"], x.source, category(x.extra))
            pools.related["s:" + fold(x.source)].add(fold(x.translation))
            pools.related["x:" + fold(x.translation)].add(fold(x.source))
        for t in content.turns:
            _add(pools.lines, seen["l"], t.text)
            pools.said_by[fold(t.text)].add(fold(t.speaker))
    return pools


def lesson_pools(content: Content) -> Pools:
    """The lesson's own values (candidates tried first): no lookups, as sent."""
    return Pools(
        meanings=[Candidate(e.meaning, category(e.extra)) for e in content.entries],
        terms=[Candidate(e.term, category(e.extra)) for e in content.entries],
        translations=[Candidate(x.translation, category(x.extra)) for x in content.examples],
        sources=[Candidate(x.source, category(x.extra)) for x in content.examples],
    )


def candidates(
    rng: random.Random, near: Sequence[Candidate], pool: Sequence[Candidate], excluded: Iterable[str] = ()
) -> Iterator[Candidate]:
    """The lesson's own values first (from a random start), then a bounded random sample of the level's;
    never one of ``excluded`` (folded right answers), each once. Draws only as far as it is read."""
    seen = set(excluded)
    if near:
        start = rng.randrange(len(near))
        for i in range(min(len(near), LESSON_CANDIDATES)):
            c = near[(start + i) % len(near)]
            if c.folded not in seen:
                seen.add(c.folded)
                yield c
    if pool:
        for _ in range(LEVEL_CANDIDATES):
            c = pool[rng.randrange(len(pool))]
            if c.folded not in seen:
                seen.add(c.folded)
                yield c


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
    """An item with an empty id, its first key (the quiz numbers the items it keeps)."""
    return {
        "id": "",
        "type": kind,
        "question": question,
        "options": options,
        "correctAnswers": correct,
        "explanation": explanation,
        "score": score,
        "sourceLessonId": lesson_id,
        "origin": origin,
    }


def fixed(result: Built | Dropped) -> Callable[[Allowed, str], Built | Dropped]:
    """A builder for an item that needs no distractors: the same result whatever the filter."""

    def build(allowed: Allowed, slot: str) -> Built | Dropped:
        return result

    return build


def sentence(text: str) -> str:
    """A payload text used as a sentence: a capital first letter and a terminal mark."""
    text = capitalise(" ".join(text.split()))
    return text if terminal(text) else text + "."


def context_words(question: str) -> int:
    """Words of the sentence a blank sits in (after the stem's last colon before the blank), blank excluded."""
    before, found, after = question.partition(BLANK)
    if not found:
        return 0
    sentence = before.rsplit(":", 1)[-1] + " " + after
    return len(words(sentence))


def _choose(
    ctx: Context,
    key: str,
    near: Sequence[Candidate],
    pool: Sequence[Candidate],
    excluded: set[str],
    language: str | None,
    allowed: Allowed,
    kind: str | None = None,
    want: int = DISTRACTORS,
) -> list[str]:
    return screen(key, kind, candidates(ctx.rng, near, pool, excluded), language, allowed, want)


def _select(
    ctx: Context, slot: str, question: str, key: str, wrong: list[str], explanation: str, lid: str
) -> Built | Dropped:
    if len(wrong) < 2:
        return Dropped("no-distractors", "select", question)
    options = ctx.positions.arrange(key, wrong, slot)
    return Built(item("select", question, options, [key], explanation, lid))


def _true_false(ctx: Context, statement: str, wrong: str | None, explanation: str, lid: str) -> Built:
    yes, _ = ctx.wording.true_false
    return Built(item("true-false", statement, ctx.wording.true_false, [yes], explanation, lid), wrong)


def cloze(sentence: str, term: str) -> tuple[str, str] | None:
    """The sentence with ``term`` blanked out and the text that was removed, if the term occurs."""
    parts = term.split()
    if not parts:
        return None
    one_ascii_word = len(parts) == 1 and sentence.isascii() and term.isascii()
    span = _ascii_word_span(sentence, parts[0]) if one_ascii_word else _span(sentence, parts)
    if span is None:
        return None
    start, end = span
    return sentence[:start] + BLANK + sentence[end:], sentence[start:end]


def _span(sentence: str, parts: list[str]) -> tuple[int, int] | None:
    """Where the term's words occur (any non-word characters between them), preferably as whole words."""
    pattern = r"\W+".join(re.escape(w) for w in parts)
    found = re.search(rf"(?<!\w){pattern}(?!\w)", sentence, re.IGNORECASE) or re.search(
        pattern, sentence, re.IGNORECASE
    )
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


def _blank(ctx: Context, question: str, answer: str, explanation: str, lid: str) -> Built | Dropped:
    if context_words(question) < CONTEXT_WORDS:
        return Dropped("no-context", "blank", question)
    return Built(item("blank", question, [], [answer], explanation, lid))


def entry_facts(ctx: Context, content: Content, lesson_pool: Pools) -> list[Fact]:
    """Per entry: its meaning, its term, a true/false statement and (with an example) a blank."""
    lid, w, pools = content.lesson.id, ctx.wording, ctx.pools
    facts = []
    for n, e in enumerate(content.entries, 1):
        slot = f"{lid}:e{n}"
        explain = w.text("explain", term=e.term, meaning=e.meaning)
        no_meanings = pools.related["t:" + fold(e.term)]
        no_terms = pools.related["m:" + fold(e.meaning)]

        def meaning(
            allowed: Allowed, s: str, e: Entry = e, x: str = explain, no: set[str] = no_meanings
        ) -> Built | Dropped:
            wrong = _choose(
                ctx,
                e.meaning,
                lesson_pool.meanings,
                pools.meanings,
                no,
                ctx.meaning_language,
                allowed,
                category(e.extra),
            )
            return _select(ctx, s, w.text("meaning", term=e.term), e.meaning, wrong, x, lid)

        def term(allowed: Allowed, s: str, e: Entry = e, x: str = explain, no: set[str] = no_terms) -> Built | Dropped:
            wrong = _choose(
                ctx, e.term, lesson_pool.terms, pools.terms, no, ctx.term_language, allowed, category(e.extra)
            )
            return _select(ctx, s, w.text("term", meaning=e.meaning), e.term, wrong, x, lid)

        def statement(
            allowed: Allowed, s: str, e: Entry = e, x: str = explain, no: set[str] = no_meanings
        ) -> Built | Dropped:
            wrong = _choose(
                ctx,
                e.meaning,
                lesson_pool.meanings,
                pools.meanings,
                no,
                ctx.meaning_language,
                allowed,
                category(e.extra),
                1,
            )
            false = w.text("true_false", term=e.term, meaning=wrong[0]) if wrong else None
            return _true_false(ctx, w.text("true_false", term=e.term, meaning=e.meaning), false, x, lid)

        directions = [
            Direction("select", (e.meaning,), meaning),
            Direction("select", (e.term,), term),
            Direction("true-false", (), statement),
        ]
        blanked = cloze(e.example, e.term) if e.example else None
        if blanked:
            question = w.text("blank", meaning=e.meaning, plain={"sentence": capitalise(blanked[0])})
            directions.append(Direction("blank", (blanked[1],), fixed(_blank(ctx, question, blanked[1], explain, lid))))
        facts.append(Fact(slot, lid, tuple(directions)))
    return facts + matching_facts(ctx, content)


def matching_facts(ctx: Context, content: Content) -> list[Fact]:
    """Term→meaning matching items of up to ``MATCHING_GROUP`` unambiguous pairs (one fact per group)."""
    lid, w = content.lesson.id, ctx.wording
    pairs = [
        {"left": e.term, "right": e.meaning}
        for e in distinct_entries(content.entries)
        if not ctx.claimed_by_source(e.term, e.meaning)  # else no form could hold the matching item
    ]
    chunks = [g for g in groups(pairs, MATCHING_GROUP) if len(g) >= 2]
    facts = []
    for n, chunk in enumerate(chunks, 1):
        rights = [pair["right"] for pair in chunk]
        ctx.rng.shuffle(rights)
        if len(chunks) > 1:
            question = w.text("match_part", lesson=content.title, plain={"part": str(n)})
        else:
            question = w.text("match", lesson=content.title)
        built = Built(item("matching", question, rights, chunk, w.text("match_explain"), lid, score=len(chunk)))
        direction = Direction("matching", tuple(rights), fixed(built))
        facts.append(Fact(f"{lid}:m{n}", lid, (direction,), matching_group=n))
    return facts


def example_facts(ctx: Context, content: Content, lesson_pool: Pools) -> list[Fact]:
    """Per example: its translation, the sentence itself, a true/false statement and a blank with a level term."""
    lid, w, pools = content.lesson.id, ctx.wording, ctx.pools
    facts = []
    for n, x in enumerate(content.examples, 1):
        explain = w.text("example_explain", sentence=x.source, translation=x.translation)
        no_translations = pools.related["s:" + fold(x.source)]
        no_sources = pools.related["x:" + fold(x.translation)]

        def meaning(
            allowed: Allowed, s: str, x: Any = x, e: str = explain, no: set[str] = no_translations
        ) -> Built | Dropped:
            wrong = _choose(
                ctx, x.translation, lesson_pool.translations, pools.translations, no, ctx.meaning_language, allowed
            )
            return _select(ctx, s, w.text("example_meaning", sentence=x.source), x.translation, wrong, e, lid)

        def say(allowed: Allowed, s: str, x: Any = x, e: str = explain, no: set[str] = no_sources) -> Built | Dropped:
            wrong = _choose(ctx, x.source, lesson_pool.sources, pools.sources, no, ctx.term_language, allowed)
            return _select(ctx, s, w.text("example_say", translation=x.translation), x.source, wrong, e, lid)

        def statement(
            allowed: Allowed, s: str, x: Any = x, e: str = explain, no: set[str] = no_translations
        ) -> Built | Dropped:
            wrong = _choose(
                ctx,
                x.translation,
                lesson_pool.translations,
                pools.translations,
                no,
                ctx.meaning_language,
                allowed,
                None,
                1,
            )
            false = w.text("example_true_false", sentence=x.source, translation=wrong[0]) if wrong else None
            true = w.text("example_true_false", sentence=x.source, translation=x.translation)
            return _true_false(ctx, true, false, e, lid)

        directions = [
            Direction("select", (x.translation,), meaning),
            Direction("select", (x.source,), say),
            Direction("true-false", (), statement),
        ]
        term = level_term_in(x.source, pools)
        blanked = cloze(x.source, term) if term else None
        if blanked:
            question = w.text("example_blank", translation=x.translation, plain={"sentence": capitalise(blanked[0])})
            directions.append(Direction("blank", (blanked[1],), fixed(_blank(ctx, question, blanked[1], explain, lid))))
        facts.append(Fact(f"{lid}:x{n}", lid, tuple(directions)))
    return facts


def dialogue_facts(ctx: Context, content: Content, lesson_pool: Pools) -> list[Fact]:
    """Per reply: what the speaker answers (the dialogue's other lines as options); with three or more
    speakers also who says a line. Never a two-option item."""
    lid, w, pools = content.lesson.id, ctx.wording, ctx.pools
    turns = content.turns
    own_lines = [Candidate(t.text) for t in turns]
    speakers = list(dict.fromkeys(t.speaker for t in turns))
    many = len({fold(s) for s in speakers}) >= 3
    facts = []
    for n, t in enumerate(turns):
        directions: list[Direction] = []
        prev = turns[n - 1] if n else None
        if prev is not None and fold(prev.speaker) != fold(t.speaker) and fold(prev.text) != fold(t.text):
            names = {"speaker": t.speaker, "other": prev.speaker}
            question = w.text("reply", dialogue=content.title, line=prev.text, plain=names)
            explain = w.text("reply_explain", line=t.text, plain=names)
            no = {fold(t.text), fold(prev.text)}

            def reply(
                allowed: Allowed, s: str, q: str = question, key: str = t.text, x: str = explain, no: set[str] = no
            ) -> Built | Dropped:
                wrong = _choose(ctx, key, own_lines, pools.lines, no, ctx.term_language, allowed)
                return _select(ctx, s, q, key, wrong, x, lid)

            directions.append(Direction("select", (t.text,), reply))
        if many and len(pools.said_by[fold(t.text)]) == 1:
            question = w.text("who", line=t.text, dialogue=content.title)
            explain = w.text("who_explain", line=t.text, dialogue=content.title, plain={"speaker": t.speaker})
            others = list({fold(s): s for s in speakers if fold(s) != fold(t.speaker)}.values())

            def who(
                allowed: Allowed,
                s: str,
                q: str = question,
                key: str = t.speaker,
                x: str = explain,
                o: list[str] = others,
            ) -> Built | Dropped:
                wrong = [name for name in o if allowed(name)][:DISTRACTORS]
                return _select(ctx, s, q, key, wrong, x, lid)

            directions.append(Direction("select", (t.speaker,), who))
        if directions:
            facts.append(Fact(f"{lid}:d{n}", lid, tuple(directions)))
    return facts


def review_facts(ctx: Context, content: Content, lesson_pool: Pools) -> list[Fact]:
    """Per key point that is a statement (three words or more): a blank on its level term, a true/false
    statement (false: another term of the same kind in its place) and which statement is true."""
    lid, w, pools = content.lesson.id, ctx.wording, ctx.pools
    facts = []
    for n, point in enumerate(content.key_points, 1):
        if len(words(point)) < STATEMENT_WORDS:
            continue
        explain = w.text("point_explain", lesson=content.title, plain={"point": point})
        term = level_term_in(point, pools)
        blanked = cloze(point, term) if term else None
        directions: list[Direction] = []
        swap = _swapper(ctx, point, term, blanked)

        def statement(allowed: Allowed, s: str, p: str = point, x: str = explain, sw: Any = swap) -> Built | Dropped:
            false = sw(allowed, 1)
            return _true_false(
                ctx,
                w.text("point_true_false", plain={"statement": sentence(p)}),
                w.text("point_true_false", plain={"statement": sentence(false[0])}) if false else None,
                x,
                lid,
            )

        directions.append(Direction("true-false", (), statement))
        if blanked:
            question = w.text("point_blank", lesson=content.title, plain={"sentence": capitalise(blanked[0])})
            directions.append(Direction("blank", (blanked[1],), fixed(_blank(ctx, question, blanked[1], explain, lid))))

            def which(allowed: Allowed, s: str, p: str = point, x: str = explain, sw: Any = swap) -> Built | Dropped:
                return _select(
                    ctx,
                    s,
                    w.text("point_which", lesson=content.title),
                    capitalise(p),
                    [capitalise(f) for f in sw(allowed, DISTRACTORS)],
                    x,
                    lid,
                )

            directions.append(Direction("select", (capitalise(point),), which))
        facts.append(Fact(f"{lid}:k{n}", lid, tuple(directions)))
    return facts


def _swapper(
    ctx: Context, point: str, term: str | None, blanked: tuple[str, str] | None
) -> Callable[[Allowed, int], list[str]]:
    """Versions of ``point`` with another level term (same shape and kind) where its term stands."""

    def swapped(allowed: Allowed, want: int) -> list[str]:
        if term is None or blanked is None:
            return []
        pools = ctx.pools
        kind = pools.term_categories.get(fold(term))
        no = {fold(term)} | {fold(t) for m in pools.related["t:" + fold(term)] for t in pools.related["m:" + m]}
        others = _choose(ctx, blanked[1], [], pools.terms, no, ctx.term_language, allowed, kind, want)
        return [blanked[0].replace(BLANK, other, 1) for other in others]

    return swapped
