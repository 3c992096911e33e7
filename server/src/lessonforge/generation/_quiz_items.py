"""Candidate quiz items per lesson type: each fact of a lesson with the directions it can be asked in.

A direction knows its key before it is built; it is built later, with a filter that keeps the keys of the
forms it is planned in out of its options (``assembly.forms``). Wording comes from ``assembly.wording``.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from lessonforge.generation._lessons import Content
from lessonforge.generation._present import distinct_entries, fold
from lessonforge.generation.assembly.cues import Candidate, KeyFilter, screen
from lessonforge.generation.assembly.keys import Hits, KeyFinder, KeyIndex, Words, is_word_char, tokens, words
from lessonforge.generation.assembly.positions import KeyPositions
from lessonforge.generation.assembly.typography import CLOSING, NNBSP, capitalise, terminal
from lessonforge.generation.assembly.wording import Wording

Item = dict[str, Any]
T = TypeVar("T")
BLANK = "_____"
DISTRACTORS = 3
MATCHING_GROUP = 6
MIN_MATCHING_PAIRS = 3
"""Fewer pairs would make a matching item a coin flip (two options)."""
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
    """A built item, with the false version of a generated true/false statement (None when it has none);
    the quiz notes its fact (its number) and the forms it is planned in (no other object per item while it
    assembles)."""

    item: Item
    false_question: Callable[[], str] | None = None
    """Writes the false version (only when balance chooses it)."""
    fact: int = -1
    planned: frozenset[int] = frozenset()
    keys: tuple[int, ...] = ()
    """Its direction's keys (what ``keys.item_keys`` reads off the item) as the quiz's ``KeyIndex`` numbers."""
    hits: Hits | None = None
    """The keys its question and options show (``KeyFinder.shown_by``), when read as it was built."""


Build = Callable[["Context", "Fact", int, KeyFilter, str], "Built | Dropped"]


@dataclass(slots=True)  # not frozen: a frozen dataclass pays object.__setattr__ per field, per fact
class Fact:
    """Something the lesson teaches, asked once per form in one of its directions (recognise, recall,
    true/false, blank, …). A direction is known by its item type and key texts before it is built; it is
    built when its turn comes, by ``build(ctx, fact, number, allowed, slot)`` from the fact's ``data`` (no
    closure or object per direction: a big level has tens of thousands)."""

    id: str
    lesson_id: str
    kinds: tuple[str, ...]
    """The item type of each direction."""
    keys: tuple[tuple[str, ...], ...]
    """The key texts of each direction."""
    build: Build
    data: tuple[Any, ...] = ()
    matching_group: int | None = None

    def direction(self, ctx: Context, number: int, allowed: KeyFilter, slot: str) -> Built | Dropped:
        """Direction ``number`` built under the distractor filter ``allowed``."""
        return self.build(ctx, self, number, allowed, slot)


def built(ctx: Context, fact: Fact, number: int, allowed: KeyFilter, slot: str) -> Built | Dropped:
    """The builder of a fact whose one direction needs no distractors: its result is its data."""
    result: Built | Dropped = fact.data[0]
    return result


Related = dict[str, tuple[str, ...]]
"""Folded text → the folded texts related to it, each once (a tuple: most texts have one, and a set of one
takes a table of eight slots)."""


def relate(table: Related, key: str, value: str) -> None:
    """Adds ``value`` to what ``key`` is related to (once)."""
    found = table.get(key)
    if found is None:
        table[key] = (value,)
    elif value not in found:
        table[key] = (*found, value)


@dataclass(slots=True)
class Pools:
    """Level-wide candidate pools (distinct case-insensitively) and the lookups that keep items unambiguous."""

    meanings: list[Candidate] = field(default_factory=list)
    terms: list[Candidate] = field(default_factory=list)
    translations: list[Candidate] = field(default_factory=list)
    sources: list[Candidate] = field(default_factory=list)
    lines: list[Candidate] = field(default_factory=list)
    meanings_of: Related = field(default_factory=dict)
    """Folded term → the folded meanings the level gives it (every one is a right answer)."""
    terms_of: Related = field(default_factory=dict)
    """Folded meaning → the folded terms that mean it."""
    translations_of: Related = field(default_factory=dict)
    """Folded example sentence → its folded translations."""
    sources_of: Related = field(default_factory=dict)
    """Folded translation → the folded sentences it translates."""
    said_by: Related = field(default_factory=dict)
    term_keys: dict[str, str] = field(default_factory=dict)
    term_categories: dict[str, str | None] = field(default_factory=dict)
    known: dict[tuple[str, str | None], Candidate] = field(default_factory=dict)
    """Every candidate made, by text and category (a lesson's own values are the level's)."""

    def candidate(self, text: str, kind: str | None = None) -> Candidate:
        found = self.known.get((text, kind))
        if found is None:
            found = self.known[text, kind] = Candidate(text, kind)
        return found


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
    """The level's meanings of up to ``SHOWN_WORDS`` words that the source's own questions show (stems and
    choices), as word sequences (found by indexing the meanings, not by making every run of every question)."""
    finder: KeyFinder | None = None
    """The finder of the keys of every direction, once the quiz has planned them (items built before it, the
    matching items, have their shown keys read later)."""

    def shown(self, question: str, options: Sequence[str]) -> Hits | None:
        """The keys an item shows (``KeyFinder.shown_by``), read as soon as it is written: the wording hands
        the question's words over right away, so they are never kept for the whole level. None before the
        finder exists."""
        finder = self.finder
        if finder is None:
            return None
        question_words = self.wording.words_of(question)
        found = finder(question) if question_words is None else finder.with_words(question_words)
        for option in options:
            more = finder(option)
            if more:
                found += more
        return found

    def claimed_by_source(self, left: str, right: str) -> bool:
        """Whether a pair shows a source answer, or its right side shows in a source question."""
        if not self.source_shown and not self.source_keys:  # no source question (the usual generated level)
            return False
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


def _add(pools: Pools, pool: list[Candidate], seen: set[str], value: str, kind: str | None = None) -> None:
    folded = fold(value)
    if folded not in seen:
        seen.add(folded)
        pool.append(pools.candidate(value, kind))


def build_pools(contents: Iterable[Content]) -> Pools:
    """One pass over the level. ``meanings_of``, ``terms_of``, ``translations_of`` and ``sources_of`` give the
    answers that are also right for a term, meaning, sentence or translation, so they never become distractors."""
    pools, seen = Pools(), defaultdict[str, set[str]](set)
    for content in contents:
        for e in content.entries:
            kind = category(e.extra)
            _add(pools, pools.meanings, seen["m"], e.meaning, kind)
            _add(pools, pools.terms, seen["t"], e.term, kind)
            relate(pools.meanings_of, fold(e.term), fold(e.meaning))
            relate(pools.terms_of, fold(e.meaning), fold(e.term))
            term_words = words(e.term)
            if 0 < len(term_words) <= MAX_TERM_WORDS:
                pools.term_keys.setdefault(" ".join(term_words), e.term)
                pools.term_categories.setdefault(fold(e.term), kind)
        for x in content.examples:
            _add(pools, pools.translations, seen["x"], x.translation, category(x.extra))
            _add(pools, pools.sources, seen["s"], x.source, category(x.extra))
            relate(pools.translations_of, fold(x.source), fold(x.translation))
            relate(pools.sources_of, fold(x.translation), fold(x.source))
        for t in content.turns:
            _add(pools, pools.lines, seen["l"], t.text)
            relate(pools.said_by, fold(t.text), fold(t.speaker))
    return pools


class Near:
    """A lesson's own values (candidates tried first), as sent: the level's candidate objects."""

    __slots__ = ("meanings", "sources", "terms", "translations")

    def __init__(self, content: Content, level: Pools) -> None:
        made = level.candidate
        self.meanings = [made(e.meaning, category(e.extra)) for e in content.entries]
        self.terms = [made(e.term, category(e.extra)) for e in content.entries]
        self.translations = [made(x.translation, category(x.extra)) for x in content.examples]
        self.sources = [made(x.source, category(x.extra)) for x in content.examples]


def candidates(
    rng: random.Random, near: Sequence[Candidate], pool: Sequence[Candidate], excluded: Iterable[str] = ()
) -> Iterator[Candidate]:
    """The lesson's own values first (from a random start), then a bounded random sample of the level's;
    never one of ``excluded`` (folded right answers), each once. Draws only as far as it is read."""
    seen = set(excluded)
    getrandbits = rng.getrandbits
    if near:
        size = len(near)
        start = _below(getrandbits, size, size.bit_length())
        for i in range(min(size, LESSON_CANDIDATES)):
            c = near[(start + i) % size]
            if c.folded not in seen:
                seen.add(c.folded)
                yield c
    if pool:
        size = len(pool)
        bits = size.bit_length()
        for _ in range(LEVEL_CANDIDATES):
            c = pool[_below(getrandbits, size, bits)]
            if c.folded not in seen:
                seen.add(c.folded)
                yield c


def _below(getrandbits: Callable[[int], int], n: int, bits: int) -> int:
    """``random.Random.randrange(n)`` for ``n > 0`` (the same draws: its ``_randbelow_with_getrandbits``),
    without its argument checks and two call levels: a level draws tens of thousands."""
    r = getrandbits(bits)
    while r >= n:
        r = getrandbits(bits)
    return r


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
    return len(tokens(sentence))  # a one-off text: not memoised


def _choose(
    ctx: Context,
    key: str,
    near: Sequence[Candidate],
    pool: Sequence[Candidate],
    excluded: Collection[str],
    language: str | None,
    allowed: KeyFilter,
    kind: str | None = None,
    want: int = DISTRACTORS,
) -> list[str]:
    return screen(key, kind, candidates(ctx.rng, near, pool, excluded), language, allowed, want)


def _select(
    ctx: Context, slot: str, question: str, key: str, wrong: list[str], explanation: str, lid: str
) -> Built | Dropped:
    """A select item of ``key`` among ``wrong`` (distinct from each other and from the key case- and
    spacing-insensitively: candidates are drawn once each, never one of the answers that are right)."""
    if len(wrong) < 2:
        ctx.wording.words_of(question)  # not asked: its words go
        return Dropped("no-distractors", "select", question)
    options = ctx.positions.arrange(key, wrong, slot)
    return Built(item("select", question, options, [key], explanation, lid), hits=ctx.shown(question, options))


def _true_false(ctx: Context, statement: str, wrong: Callable[[], str] | None, explanation: str, lid: str) -> Built:
    yes, _ = ctx.wording.true_false
    options = ctx.wording.true_false
    built = item("true-false", statement, options, [yes], explanation, lid)
    return Built(built, wrong, hits=ctx.shown(statement, options))


def cloze(sentence: str, term: str) -> tuple[str, str] | None:
    """The sentence with ``term`` blanked out and the text that was removed, if the term occurs."""
    parts = term.split()
    if not parts or BLANK in sentence:  # a text that holds a blank already cannot take another
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
        if not (start and is_word_char(text[start - 1])) and not (end < len(text) and is_word_char(text[end])):
            return start, end
        start = text.find(word, start + 1)
    return (first, first + len(word)) if first >= 0 else None


def level_term_in(sentence: str, pools: Pools) -> str | None:
    """The longest level term whose words occur in the sentence (bounded n-gram lookup)."""
    tokens = words(sentence)
    for size in range(MAX_TERM_WORDS, 0, -1):
        for i in range(len(tokens) - size + 1):
            term = pools.term_keys.get(" ".join(tokens[i : i + size]))
            if term is not None:
                return term
    return None


def _blank(ctx: Context, question: str, answer: str, explanation: str, lid: str) -> Built | Dropped:
    if context_words(question) < CONTEXT_WORDS:
        ctx.wording.words_of(question)  # not asked: its words go
        return Dropped("no-context", "blank", question)
    return Built(item("blank", question, [], [answer], explanation, lid), hits=ctx.shown(question, ()))


_ENTRY = ("select", "select", "true-false")
_ENTRY_BLANK = (*_ENTRY, "blank")


def entry_facts(ctx: Context, content: Content, lesson_pool: Near) -> list[Fact]:
    """Per entry: its meaning, its term, a true/false statement and (with an example) a blank."""
    lid, w, pools = content.lesson.id, ctx.wording, ctx.pools
    facts = []
    for n, e in enumerate(content.entries, 1):
        explain = w.text("explain", term=e.term, meaning=e.meaning)
        blanked = cloze(e.example, e.term) if e.example else None
        keys: tuple[tuple[str, ...], ...] = ((e.meaning,), (e.term,), ())
        if blanked:
            keys += ((blanked[1],),)
        unlike = (  # looked up once per entry, not once per direction
            pools.meanings_of.get(fold(e.term), ()),
            pools.terms_of.get(fold(e.meaning), ()),
            category(e.extra),
        )
        data = (e, explain, lesson_pool, blanked, unlike)
        facts.append(Fact(f"{lid}:e{n}", lid, _ENTRY_BLANK if blanked else _ENTRY, keys, _entry, data))
    return facts + matching_facts(ctx, content)


def _entry(ctx: Context, fact: Fact, number: int, allowed: KeyFilter, s: str) -> Built | Dropped:
    e, explain, lesson_pool, blanked, (meanings_of_term, terms_of_meaning, kind) = fact.data
    w, pools, lid = ctx.wording, ctx.pools, fact.lesson_id
    if number == 0:  # what the term means
        wrong = _choose(
            ctx, e.meaning, lesson_pool.meanings, pools.meanings, meanings_of_term, ctx.meaning_language, allowed, kind
        )
        return _select(ctx, s, w.text("meaning", term=e.term), e.meaning, wrong, explain, lid)
    if number == 1:  # which term means it
        wrong = _choose(ctx, e.term, lesson_pool.terms, pools.terms, terms_of_meaning, ctx.term_language, allowed, kind)
        return _select(ctx, s, w.text("term", meaning=e.meaning), e.term, wrong, explain, lid)
    if number == 2:  # true or false
        wrong = _choose(
            ctx,
            e.meaning,
            lesson_pool.meanings,
            pools.meanings,
            meanings_of_term,
            ctx.meaning_language,
            allowed,
            kind,
            1,
        )
        false = w.later("true_false", term=e.term, meaning=wrong[0]) if wrong else None
        return _true_false(ctx, w.text("true_false", term=e.term, meaning=e.meaning), false, explain, lid)
    question = w.text("blank", meaning=e.meaning, plain={"sentence": capitalise(blanked[0])})
    return _blank(ctx, question, blanked[1], explain, lid)


def matching_facts(ctx: Context, content: Content) -> list[Fact]:
    """Term→meaning matching items of up to ``MATCHING_GROUP`` unambiguous pairs (one fact per group)."""
    lid, w = content.lesson.id, ctx.wording
    pairs = [
        {"left": e.term, "right": e.meaning}
        for e in distinct_entries(content.entries)
        if not ctx.claimed_by_source(e.term, e.meaning)  # else no form could hold the matching item
    ]
    chunks = balanced_groups(pairs, MATCHING_GROUP, MIN_MATCHING_PAIRS)
    facts = []
    for n, chunk in enumerate(chunks, 1):
        rights = [pair["right"] for pair in chunk]
        ctx.rng.shuffle(rights)  # now, in lesson order: the level's draws stay where they were
        if len(chunks) > 1:
            question = w.text("match_part", lesson=content.title, plain={"part": str(n)})
        else:
            question = w.text("match", lesson=content.title)
        result = Built(item("matching", question, rights, chunk, w.text("match_explain"), lid, score=len(chunk)))
        facts.append(Fact(f"{lid}:m{n}", lid, ("matching",), (tuple(rights),), built, (result,), matching_group=n))
    return facts


def balanced_groups(items: Sequence[T], most: int, least: int) -> list[list[T]]:
    """Consecutive groups of ``least`` to ``most`` items, as even as possible (8 → 4 + 4, 13 → 5 + 4 + 4);
    none when there are fewer than ``least``."""
    if len(items) < least:
        return []
    count = -(-len(items) // most)
    size, larger = divmod(len(items), count)
    out: list[list[T]] = []
    start = 0
    for k in range(count):
        end = start + size + (1 if k < larger else 0)
        out.append(list(items[start:end]))
        start = end
    return out


def example_facts(ctx: Context, content: Content, lesson_pool: Near) -> list[Fact]:
    """Per example: its translation, the sentence itself, a true/false statement and a blank with a level term."""
    lid, w, pools = content.lesson.id, ctx.wording, ctx.pools
    facts = []
    for n, x in enumerate(content.examples, 1):
        explain = w.text("example_explain", sentence=x.source, translation=x.translation)
        term = level_term_in(x.source, pools)
        blanked = cloze(x.source, term) if term else None
        keys: tuple[tuple[str, ...], ...] = ((x.translation,), (x.source,), ())
        if blanked:
            keys += ((blanked[1],),)
        data = (x, explain, lesson_pool, blanked)
        facts.append(Fact(f"{lid}:x{n}", lid, _ENTRY_BLANK if blanked else _ENTRY, keys, _example, data))
    return facts


def _example(ctx: Context, fact: Fact, number: int, allowed: KeyFilter, s: str) -> Built | Dropped:
    x, explain, lesson_pool, blanked = fact.data
    w, pools, lid = ctx.wording, ctx.pools, fact.lesson_id
    if number == 0:  # what the sentence means
        no = pools.translations_of.get(fold(x.source), ())
        wrong = _choose(
            ctx, x.translation, lesson_pool.translations, pools.translations, no, ctx.meaning_language, allowed
        )
        return _select(ctx, s, w.text("example_meaning", sentence=x.source), x.translation, wrong, explain, lid)
    if number == 1:  # how to say it
        no = pools.sources_of.get(fold(x.translation), ())
        wrong = _choose(ctx, x.source, lesson_pool.sources, pools.sources, no, ctx.term_language, allowed)
        return _select(ctx, s, w.text("example_say", translation=x.translation), x.source, wrong, explain, lid)
    if number == 2:  # true or false
        no = pools.translations_of.get(fold(x.source), ())
        translations = lesson_pool.translations
        wrong = _choose(
            ctx, x.translation, translations, pools.translations, no, ctx.meaning_language, allowed, None, 1
        )
        false = w.later("example_true_false", sentence=x.source, translation=wrong[0]) if wrong else None
        true = w.text("example_true_false", sentence=x.source, translation=x.translation)
        return _true_false(ctx, true, false, explain, lid)
    question = w.text("example_blank", translation=x.translation, plain={"sentence": capitalise(blanked[0])})
    return _blank(ctx, question, blanked[1], explain, lid)


def dialogue_facts(ctx: Context, content: Content, lesson_pool: Near) -> list[Fact]:
    """Per reply: what the speaker answers (the dialogue's other lines as options); with three or more
    speakers also who says a line. Never a two-option item."""
    lid, w, pools = content.lesson.id, ctx.wording, ctx.pools
    turns = content.turns
    own_lines = [Candidate(t.text) for t in turns]
    speakers = list(dict.fromkeys(t.speaker for t in turns))
    many = len({fold(s) for s in speakers}) >= 3
    facts = []
    for n, t in enumerate(turns):
        asked: list[tuple[Any, ...]] = []
        keys: list[tuple[str, ...]] = []
        prev = turns[n - 1] if n else None
        if prev is not None and fold(prev.speaker) != fold(t.speaker) and fold(prev.text) != fold(t.text):
            names = {"speaker": t.speaker, "other": prev.speaker}
            question = w.text("reply", dialogue=content.title, line=prev.text, plain=names)
            explain = w.text("reply_explain", line=t.text, plain=names)
            asked.append(("reply", question, t.text, explain, {fold(t.text), fold(prev.text)}, own_lines))
            keys.append((t.text,))
        if many and len(pools.said_by.get(fold(t.text), ())) == 1:
            question = w.text("who", line=t.text, dialogue=content.title)
            explain = w.text("who_explain", line=t.text, dialogue=content.title, plain={"speaker": t.speaker})
            others = [Candidate(s) for s in {fold(s): s for s in speakers if fold(s) != fold(t.speaker)}.values()]
            asked.append(("who", question, t.speaker, explain, others))
            keys.append((t.speaker,))
        if asked:
            kinds = ("select",) * len(asked)
            facts.append(Fact(f"{lid}:d{n}", lid, kinds, tuple(keys), _dialogue, tuple(asked)))
    return facts


def _dialogue(ctx: Context, fact: Fact, number: int, allowed: KeyFilter, s: str) -> Built | Dropped:
    asked = fact.data[number]
    if asked[0] == "reply":  # what the speaker answers
        _, question, key, explain, no, own_lines = asked
        wrong = _choose(ctx, key, own_lines, ctx.pools.lines, no, ctx.term_language, allowed)
    else:  # who says the line
        _, question, key, explain, others = asked
        wrong = [name.text for name in others if allowed.admits(name)][:DISTRACTORS]
    return _select(ctx, s, question, key, wrong, explain, fact.lesson_id)


_STATEMENT = ("true-false",)
_STATEMENT_BLANK = ("true-false", "blank", "select")
_QUESTION_BLANK = ("blank",)


def review_facts(ctx: Context, content: Content, lesson_pool: Near) -> list[Fact]:
    """Per key point of three words or more: a blank on its level term and, when it is a statement (not a
    question or an exclamation), a true/false statement (false: another term of the same kind in its place) and which
    statement is true."""
    lid, w, pools = content.lesson.id, ctx.wording, ctx.pools
    facts = []
    for n, point in enumerate(content.key_points, 1):
        if len(words(point)) < STATEMENT_WORDS:
            continue
        explain = w.text("point_explain", lesson=content.title, plain={"point": sentence(point)})
        term = level_term_in(point, pools)
        blanked = cloze(point, term) if term else None
        data = (point, explain, term, blanked, content.title)
        statement = is_statement(point)  # "True or false: Where is the station?" asks nothing
        if blanked and statement:
            keys: tuple[tuple[str, ...], ...] = ((), (blanked[1],), (capitalise(point),))
            facts.append(Fact(f"{lid}:k{n}", lid, _STATEMENT_BLANK, keys, _review, data))
        elif blanked:
            facts.append(Fact(f"{lid}:k{n}", lid, _QUESTION_BLANK, ((blanked[1],),), _review, data))
        elif statement:
            facts.append(Fact(f"{lid}:k{n}", lid, _STATEMENT, ((),), _review, data))
    return facts


def is_statement(text: str) -> bool:
    """Whether a text states something (a true/false statement can be made of it), rather than asks or
    exclaims: it neither ends with ``?`` or ``!`` (inside closing quotation marks too) nor opens with ``¿`` or
    ``¡`` (``¿A cuánto están las fresas?``, ``¡La cuenta, por favor!``)."""
    ends = text.rstrip(CLOSING + " " + NNBSP)
    return not text.strip().startswith(("¿", "¡")) and not ends.endswith(("?", "!", "\uff1f", "\uff01"))


def _review(ctx: Context, fact: Fact, number: int, allowed: KeyFilter, s: str) -> Built | Dropped:
    point, explain, term, blanked, title = fact.data
    w, lid, kind = ctx.wording, fact.lesson_id, fact.kinds[number]
    if kind == "true-false":  # true or false (false: another term in its place)
        false = _swapped(ctx, term, blanked, allowed, 1)
        return _true_false(
            ctx,
            w.text("point_true_false", plain={"statement": sentence(point)}),
            w.later("point_true_false", plain={"statement": sentence(false[0])}) if false else None,
            explain,
            lid,
        )
    if kind == "blank":  # the blank on its level term
        question = w.text("point_blank", lesson=title, plain={"sentence": capitalise(blanked[0])})
        return _blank(ctx, question, blanked[1], explain, lid)
    wrong = [capitalise(f) for f in _swapped(ctx, term, blanked, allowed, DISTRACTORS)]  # which statement is true
    question = w.text("point_which", lesson=title)
    if len({fold(option) for option in (point, *wrong)}) <= len(wrong):  # two versions read the same
        w.words_of(question)  # not asked: its words go
        return Dropped("invalid", "select", question)
    return _select(ctx, s, question, capitalise(point), wrong, explain, lid)


def _swapped(
    ctx: Context, term: str | None, blanked: tuple[str, str] | None, allowed: KeyFilter, want: int
) -> list[str]:
    """Versions of a key point with another level term (same shape and kind) where its term stands."""
    if term is None or blanked is None:
        return []
    pools = ctx.pools
    kind = pools.term_categories.get(fold(term))
    no = {fold(term)} | {fold(t) for m in pools.meanings_of.get(fold(term), ()) for t in pools.terms_of.get(m, ())}
    others = _choose(ctx, blanked[1], [], pools.terms, no, ctx.term_language, allowed, kind, want)
    return [blanked[0].replace(BLANK, other, 1) for other in others]
