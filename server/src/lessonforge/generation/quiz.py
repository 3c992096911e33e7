"""The expanded_quiz generator: the source's questions plus checked generated items, and the item check."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from lessonforge.domain.course import course
from lessonforge.domain.payload import SourcePayload
from lessonforge.generation._lessons import Content, Question, invalid
from lessonforge.generation._present import flatten_text, fold, fold_once
from lessonforge.generation._quiz_items import (
    BLANK,
    CONTEXT_WORDS,
    MIN_MATCHING_PAIRS,
    SHOWN_WORDS,
    Built,
    Context,
    Dropped,
    Fact,
    Item,
    Near,
    build_pools,
    context_words,
    dialogue_facts,
    entry_facts,
    example_facts,
    item,
    review_facts,
)
from lessonforge.generation.assembly.balance import Statement, choose, excess
from lessonforge.generation.assembly.cues import ANYTHING, KeyFilter, screen
from lessonforge.generation.assembly.forms import Placed, place, plan
from lessonforge.generation.assembly.keys import Hits, KeyFinder, KeyIndex, Words, form_leaks, words
from lessonforge.generation.assembly.positions import KeyPositions, order_matters, seeded
from lessonforge.generation.assembly.quality import quality_report
from lessonforge.generation.assembly.truth import is_true_false_options, is_truth_pair, truth_of
from lessonforge.generation.assembly.wording import Wording
from lessonforge.i18n import translator

ITEM_TYPES = ("select", "true-false", "blank", "matching")
ORIGINS = ("source", "generated")
MIN_SELECT_OPTIONS = 3
MIN_FORMS = 3

_BUILDERS: Mapping[str, Callable[[Context, Content, Near], list[Fact]]] = {
    "vocabulary": entry_facts,
    "term": entry_facts,
    "example": example_facts,
    "dialogue": dialogue_facts,
    "review": review_facts,
}


def build_quiz(payload: SourcePayload, contents: tuple[Content, ...]) -> tuple[str, dict[str, Any]]:
    """The resource title and the ``test`` body (items, leak-free forms, quality); raises ``SourceInvalidError``."""
    ctx = _context(payload, contents)
    words = ctx.wording.messages
    title = words.gettext("{title} — Quiz", title=payload.title or words.gettext("Untitled lesson set"))
    facts = _source_facts(ctx, contents) + _generated_facts(ctx, contents)
    forms, built, dropped, found = _plan_and_build(ctx, facts, contents)
    del facts  # their builders' data goes before the items are numbered and placed
    built = _balance(ctx, built, payload.fingerprint, forms, dropped)
    items, facts_of, planned, keys, known = _number(built, dropped)
    del built
    hits = _hits(found, items, known)  # each item's texts read once: for placement and the report
    placed = [  # hits on keys no item has are harmless: no form ever holds them
        Placed(n, fact, its_keys, its_hits, forms_of, first=it["origin"] == "source")
        for n, (it, fact, forms_of, its_keys, its_hits) in enumerate(
            zip(items, facts_of, planned, keys, hits, strict=True)
        )
    ]
    del facts_of, planned
    forms_at, unplaced = place(placed, forms)  # items as their positions in ``items`` until the end
    del placed
    left_out = set(unplaced)
    gone = left_out | _trim_true_false(items, left_out)
    dropped += [
        _dropped_item(it, "no-leak-free-form" if n in left_out else "true-false-balance")
        for n, it in enumerate(items)
        if n in gone
    ]
    ids = _renumber(items, gone)
    forms_at = sorted(  # form-1, the default export, is the fullest
        filter(None, ([n for n in form if n not in gone] for form in forms_at)), key=len, reverse=True
    )
    about = course(payload)
    body: dict[str, Any] = {
        "title": title,
        "language": payload.language,
        "interfaceLanguage": about.interface_language,  # the exports word and tag what they write by these
        "courseKind": about.kind,
        "items": [it for n, it in enumerate(items) if n not in gone],
    }
    body["forms"] = [{"id": f"form-{k}", "itemIds": [ids[n] for n in form]} for k, form in enumerate(forms_at, 1)]
    leaks = form_leaks(forms_at, keys, hits)  # counted again over the final forms, texts not reread
    body["quality"] = quality_report(body, dropped, leaks)
    body["extras"] = [_extra(content) for content in contents if content.extra]
    return title, body


def _context(payload: SourcePayload, contents: tuple[Content, ...]) -> Context:
    about = course(payload)
    wording = Wording(about.kind, about.interface_language, translator(about.interface_language, "quiz"))
    meanings = about.interface_language if about.kind == "language" else payload.language
    job = payload.fingerprint
    questions = [q for content in contents for q in content.questions]
    keys = KeyIndex(words(q.answer) for q in questions)
    shown = _meanings_shown(contents, questions) if questions else frozenset()
    positions, rng = KeyPositions(job), seeded(job, "quiz")
    return Context(build_pools(contents), wording, payload.language, meanings, positions, rng, keys, shown)


def _meanings_shown(contents: Sequence[Content], questions: Sequence[Question]) -> frozenset[Words]:
    """The level's meanings (of up to ``SHOWN_WORDS`` words) that the source's questions show in a stem or a
    choice: a matching pair giving one of them away could sit in no form (found by indexing the meanings)."""
    index = KeyIndex(
        found for content in contents for e in content.entries if len(found := words(e.meaning)) <= SHOWN_WORDS
    )
    return frozenset(
        meaning for q in questions for text in (q.question, *q.choices) for meaning in index.found_in(text)
    )


def _generated_facts(ctx: Context, contents: Sequence[Content]) -> list[Fact]:
    facts: list[Fact] = []
    for content in contents:
        builder = _BUILDERS.get(content.lesson.type)
        if builder is not None:
            facts += builder(ctx, content, Near(content, ctx.pools))
    return facts


def _plan_and_build(
    ctx: Context, facts: list[Fact], contents: Sequence[Content]
) -> tuple[int, list[Built], list[dict[str, str]], KeyFinder]:
    """Plan every direction into forms, then build each under its forms' key filter; in lesson order: the
    forms, the built items, the dropped ones, and the finder of the directions' keys in texts (every text
    scanned once, reused by placement and quality)."""
    order = {content.lesson.id: n for n, content in enumerate(contents)}
    facts = sorted(facts, key=lambda f: order[f.lesson_id])  # stable: source facts first in their lesson
    has_matching = any(f.matching_group for f in facts)
    forms = max((len(f.kinds) for f in facts), default=1) + (1 if has_matching else 0)
    if any(len(f.kinds) == 1 and not _is_source(f) for f in facts):
        forms = max(forms, MIN_FORMS)  # single-direction facts (dialogue replies) spread over a few forms
    plans: list[list[frozenset[int]]] = []
    same: dict[frozenset[int], frozenset[int]] = {}  # one object per distinct set of forms
    matching_forms: dict[str, set[int]] = {}
    for fact in facts:
        if fact.matching_group:
            form = (order[fact.lesson_id] + fact.matching_group - 1) % forms
            matching_forms.setdefault(fact.lesson_id, set()).add(form)
    for n, fact in enumerate(facts):
        lesson = order[fact.lesson_id]
        if fact.matching_group:
            plans.append([_one(same, {(lesson + fact.matching_group - 1) % forms})])
            continue
        if len(fact.kinds) == 1 and not _is_source(fact):
            plans.append([_one(same, {(lesson + n) % forms})])  # one way to ask it: one form, its key free elsewhere
            continue
        rotated = plan(len(fact.kinds), lesson + n, forms, matching_forms.get(fact.lesson_id, set()))
        plans.append([_one(same, where) for where in rotated])
    direction_words = [tuple(tuple(key for key in map(words, texts) if key) for texts in fact.keys) for fact in facts]
    found = ctx.finder = KeyFinder(KeyIndex(key for keys in direction_words for its_keys in keys for key in its_keys))
    direction_keys = [tuple(map(found.ids_of, keys)) for keys in direction_words]  # keys as the index's numbers
    del direction_words
    form_keys: list[set[int]] = [set() for _ in range(forms)]
    for keys_of_fact, planned in zip(direction_keys, plans, strict=True):
        for keys, where in zip(keys_of_fact, planned, strict=True):
            for k in where:
                form_keys[k].update(keys)
    filters: dict[frozenset[int], KeyFilter] = {}  # one per set of forms (a handful per level)
    built: list[Built] = []
    dropped: list[dict[str, str]] = []
    for fact_number, (fact, planned, keys_of_fact) in enumerate(zip(facts, plans, direction_keys, strict=True)):
        for number, where in enumerate(planned):
            slot = f"{fact.id}:{number}"
            allowed = filters.get(where)
            if allowed is None:
                allowed = filters[where] = KeyFilter(found, frozenset().union(*(form_keys[k] for k in where)))
            result = fact.direction(ctx, number, allowed, slot)
            if isinstance(result, Dropped) and result.reason == "no-distractors":
                result = fact.direction(ctx, number, ANYTHING, slot)  # placement keeps it from forms it leaks into
            if isinstance(result, Dropped):
                dropped.append(_dropped(fact.lesson_id, result))
            else:
                result.fact, result.planned, result.keys = fact_number, where, keys_of_fact[number]
                built.append(result)
    return forms, built, dropped, found


def _hits(found: KeyFinder, items: list[Item], known: list[Hits | None]) -> list[Hits]:
    """``found.shown_by`` of every item: as read when it was built (``Context.shown``), else (the matching
    items, built before the finder) read now."""
    return [found.shown_by(it) if hits is None else hits for it, hits in zip(items, known, strict=True)]


def _one(same: dict[frozenset[int], frozenset[int]], forms: set[int]) -> frozenset[int]:
    found = frozenset(forms)
    return same.setdefault(found, found)


def _is_source(fact: Fact) -> bool:
    return fact.id.rsplit(":", 1)[-1].startswith("q")


def _balance(ctx: Context, built: list[Built], job: str, forms: int, dropped: list[dict[str, str]]) -> list[Built]:
    """True/false truths chosen for balance; a generated false statement takes its false version."""
    statements = [b for b in built if b.item["type"] == "true-false"]
    wanted = [
        Statement(
            min(b.planned, default=forms),
            b.false_question is not None,
            _fixed_truth(b.item) if b.item["origin"] == "source" else None,
        )
        for b in statements
    ]
    truths = iter(choose(wanted, job))  # one per statement, in the same order
    kept = []
    for b in built:
        truth = next(truths) if b.item["type"] == "true-false" else True
        if truth is None:
            dropped.append(_dropped_item(b.item, "true-false-balance"))
            continue
        if truth is False and b.item["origin"] == "generated" and b.false_question:
            no = b.item["options"][1]
            b.item.update(question=b.false_question(), correctAnswers=[no])
            b.hits = ctx.shown(b.item["question"], b.item["options"])
        kept.append(b)
    return kept


def _trim_true_false(items: list[Item], left_out: set[int]) -> set[int]:
    """Generated statements to drop (their positions) when leaving items out tipped the level's true share."""
    statements = [n for n, it in enumerate(items) if it["type"] == "true-false" and n not in left_out]
    truths = [_fixed_truth(items[n]) for n in statements]
    generated = [items[n]["origin"] == "generated" for n in statements]
    return {statements[k] for k in excess(truths, generated)}


def _fixed_truth(it: Item) -> bool:
    return truth_of(str(it["correctAnswers"][0])) is True


def _number(
    built: list[Built], dropped: list[dict[str, str]]
) -> tuple[list[Item], list[int], list[frozenset[int]], list[tuple[int, ...]], list[Hits | None]]:
    """The items kept in order (a generated item that repeats an earlier one goes), with each one's fact
    number, planned forms, keys and shown keys (in flat lists: the built records can go)."""
    seen: set[tuple[str, str]] = set()
    items: list[Item] = []
    facts: list[int] = []
    planned: list[frozenset[int]] = []
    keys: list[tuple[int, ...]] = []
    hits: list[Hits | None] = []
    for b in built:
        it = b.item
        key = item_key(it)
        if it["origin"] == "generated" and key in seen:
            dropped.append(_dropped_item(it, "duplicate"))
            continue  # otherwise valid by construction (the tests run check_items over every quiz)
        seen.add(key)
        items.append(it)
        facts.append(b.fact)
        planned.append(b.planned)
        keys.append(b.keys)
        hits.append(b.hits)
    return items, facts, planned, keys, hits


def _renumber(items: list[Item], gone: set[int]) -> list[str]:
    """Ids ``q-<lesson>-<n>`` in order, without gaps, for the items not ``gone`` (their positions); each
    position's id (empty for the ones gone)."""
    counts: dict[str, int] = {}
    ids = []
    for n, it in enumerate(items):
        if n in gone:
            ids.append("")
            continue
        lid = it["sourceLessonId"]
        counts[lid] = counts.get(lid, 0) + 1
        it["id"] = f"q-{lid}-{counts[lid]}"  # its first key already (``item``): no copy
        ids.append(it["id"])
    return ids


def _dropped(lesson_id: str, d: Dropped) -> dict[str, str]:
    return {"lessonId": lesson_id, "type": d.kind, "reason": d.reason, "question": d.question}


def _dropped_item(it: Item, reason: str) -> dict[str, str]:
    return {"lessonId": it["sourceLessonId"], "type": it["type"], "reason": reason, "question": it["question"]}


def item_key(it: Mapping[str, Any]) -> tuple[str, str]:
    """What makes two items duplicates: the same type and question (case and spacing ignored)."""
    question = it.get("question")
    return str(it.get("type")), fold_once(question) if isinstance(question, str) else ""  # one-off: not memoised


def _source_item(ctx: Context, q: Question, lesson_id: str, slot: str, allowed: KeyFilter) -> Built | Dropped:
    if is_truth_pair(q.choices):  # asked with the interface's true/false words, and explained with them
        yes, no = ctx.wording.true_false
        answer = yes if truth_of(q.answer) else no
        explanation = q.explanation or ctx.wording.text("source_explain", answer=answer)
        options = ctx.wording.true_false
        built = item("true-false", q.question, options, [answer], explanation, lesson_id, "source")
        return Built(built, hits=ctx.shown(q.question, options))
    explanation = q.explanation or ctx.wording.text("source_explain", answer=q.answer)
    others = [c for c in q.choices if c != q.answer]
    if len(q.choices) < MIN_SELECT_OPTIONS:
        others += _third_choice(ctx, q, ANYTHING)  # the source's questions are placed first
        if len(others) + 1 < MIN_SELECT_OPTIONS:
            return Dropped("two-options", "select", q.question)
    options = list(q.choices) if order_matters(q.choices) else ctx.positions.arrange(q.answer, others, slot)
    built = item("select", q.question, options, [q.answer], explanation, lesson_id, "source")
    return Built(built, hits=ctx.shown(q.question, options))


def _third_choice(ctx: Context, q: Question, allowed: KeyFilter) -> list[str]:
    """A level value of the same pool as the answer (meanings, terms, translations, sentences), screened."""
    pools = ctx.pools
    for pool, language in (
        (pools.meanings, ctx.meaning_language),
        (pools.terms, ctx.term_language),
        (pools.translations, ctx.meaning_language),
        (pools.sources, ctx.term_language),
    ):
        folded = {fold(c.text) for c in pool}
        if fold(q.answer) in folded:
            taken = {fold(c) for c in q.choices}
            found = [
                c
                for c in pool
                if fold(c.text) not in taken and fold(c.text) not in pools.meanings_of.get(fold(q.question), ())
            ]
            return screen(q.answer, None, found[:64], language, allowed, 1)
    return []


def _source_facts(ctx: Context, contents: Sequence[Content]) -> list[Fact]:
    """The source's own questions, each checked; a repeat is kept once, a contradicting repeat is fatal."""
    found: dict[tuple[str, str], tuple[str, Question]] = {}
    facts: list[Fact] = []
    for content in contents:
        lesson = content.lesson
        for i, question in enumerate(content.questions):
            probe = _probe(ctx, question, lesson.id)
            problems = check_item(probe | {"id": "probe"}, strict=False)
            if problems:
                raise invalid(lesson, f"questions[{i}]", "; ".join(problems))
            first = found.setdefault(item_key(probe), (lesson.id, question))
            if first[1] is not question:
                if fold(first[1].answer) != fold(question.answer):
                    where = f'lesson "{first[0]}"'
                    raise invalid(
                        lesson, f"questions[{i}].question", f"repeats a question of {where} with another answer"
                    )
                continue
            keys = () if is_truth_pair(question.choices) else (question.answer,)
            kind = "true-false" if is_truth_pair(question.choices) else "select"
            facts.append(Fact(f"{lesson.id}:q{i}", lesson.id, (kind,), (keys,), _source, (question,)))
    return facts


def _probe(ctx: Context, q: Question, lesson_id: str) -> Item:
    """The source question as an item with its own choices, for the structural check."""
    if is_truth_pair(q.choices):
        yes, no = ctx.wording.true_false
        return item("true-false", q.question, [yes, no], [yes if truth_of(q.answer) else no], "", lesson_id, "source")
    return item("select", q.question, list(q.choices), [q.answer], "", lesson_id, "source")


def _source(ctx: Context, fact: Fact, number: int, allowed: KeyFilter, slot: str) -> Built | Dropped:
    return _source_item(ctx, fact.data[0], fact.lesson_id, slot, allowed)


def _extra(content: Content) -> dict[str, Any]:
    """A lesson's content that no item shows (unknown types and unknown fields), kept readable."""
    return {
        "lessonId": content.lesson.id,
        "lessonType": content.lesson.type,
        "title": content.title,
        "fields": content.extra,
        "lines": flatten_text(content.extra),
    }


def check_item(it: Mapping[str, Any], *, strict: bool = True) -> list[str]:
    """Problems with one item (empty when it is fine): shape, answer count, distinct options; ``strict``
    adds the assessment rules (three options or more for select, three pairs or more for matching, a blank's
    context sentence)."""
    problems = _check_common(it)
    if problems:
        return problems
    check = _CHECKS[it["type"]]
    problems = check(it["options"], it["correctAnswers"], it["question"])
    if strict and not problems:
        problems = _check_assessment(it)
    return problems


def _check_assessment(it: Mapping[str, Any]) -> list[str]:
    if it["type"] == "select" and len(it["options"]) < MIN_SELECT_OPTIONS:
        return [f"a select item needs at least {MIN_SELECT_OPTIONS} options"]
    if it["type"] == "blank" and context_words(it["question"]) < CONTEXT_WORDS:
        return [f"a blank needs a context sentence of at least {CONTEXT_WORDS} words"]
    if it["type"] == "matching" and len(it["correctAnswers"]) < MIN_MATCHING_PAIRS:
        return [f"a matching item needs at least {MIN_MATCHING_PAIRS} pairs"]
    return []


def check_items(items: Iterable[Mapping[str, Any]]) -> list[str]:
    """Problems with a whole item list: each item's, plus repeated ids and duplicate items."""
    problems: list[str] = []
    ids: set[Any] = set()
    keys: set[tuple[str, str]] = set()
    for it in items:
        problems += [f"item {it.get('id')!r}: {p}" for p in check_item(it)]
        if it.get("id") in ids:
            problems.append(f"item {it.get('id')!r}: repeated id")
        if item_key(it) in keys:
            problems.append(f"item {it.get('id')!r}: duplicates an earlier item")
        ids.add(it.get("id"))
        keys.add(item_key(it))
    return problems


def _nonempty(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_common(it: Mapping[str, Any]) -> list[str]:
    problems = [
        f"{key} must be a non-empty text" for key in ("id", "question", "sourceLessonId") if not _nonempty(it.get(key))
    ]
    if it.get("type") not in ITEM_TYPES:
        problems.append(f"type must be one of {', '.join(ITEM_TYPES)}")
    if it.get("origin") not in ORIGINS:
        problems.append("origin must be source or generated")
    if not isinstance(it.get("explanation"), str):
        problems.append("explanation must be a text")
    score = it.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float) or score <= 0:
        problems.append("score must be a positive number")
    for key in ("options", "correctAnswers"):
        if not isinstance(it.get(key), list):
            problems.append(f"{key} must be a list")
    return problems


def _distinct_texts(values: list[Any], name: str) -> list[str]:
    if not all(_nonempty(v) for v in values):
        return [f"{name} must be non-empty texts"]
    folded = [fold(v) for v in values]
    return [f"{name} are not distinct"] if len(set(folded)) != len(folded) else []


def _check_select(options: list[Any], correct: list[Any], question: str) -> list[str]:
    problems = _distinct_texts(options, "options")
    if len(options) < 2:
        problems.append("a select item needs at least 2 options")
    if len(correct) != 1:
        problems.append(f"a select item needs exactly 1 correct answer, not {len(correct)}")
    elif correct[0] not in options:
        problems.append(f"correct answer {correct[0]!r} is not among the options")
    return problems


def _check_true_false(options: list[Any], correct: list[Any], question: str) -> list[str]:
    problems = [] if is_true_false_options(options) else ["options must be a true word then a false word"]
    if len(correct) != 1 or correct[0] not in options:
        problems.append("a true-false item needs exactly 1 correct answer, one of its options")
    return problems


def _check_blank(options: list[Any], correct: list[Any], question: str) -> list[str]:
    problems = [] if BLANK in question else [f"the question has no blank ({BLANK})"]
    if options:
        problems.append("a blank item has no options")
    if not correct:
        problems.append("a blank item needs at least 1 accepted answer")
    return problems + _distinct_texts(correct, "accepted answers")


def _check_matching(options: list[Any], correct: list[Any], question: str) -> list[str]:
    if len(correct) < 2 or not all(isinstance(p, Mapping) and set(p) == {"left", "right"} for p in correct):
        return ["a matching item needs at least 2 pairs of {left, right}"]
    lefts, rights = [p["left"] for p in correct], [p["right"] for p in correct]
    problems = _distinct_texts(lefts, "left sides") + _distinct_texts(rights, "right sides")
    problems += _distinct_texts(options, "options")
    if sorted(map(str, options)) != sorted(map(str, rights)):
        problems.append("options must be exactly the right sides of the pairs")
    return problems


_CHECKS = {
    "select": _check_select,
    "true-false": _check_true_false,
    "blank": _check_blank,
    "matching": _check_matching,
}
