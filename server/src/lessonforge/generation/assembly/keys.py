"""Answer keys and what an item shows, as word sequences, and the leak rule between items of one form.

An item *leaks* into another delivered with it when one of its keys (a select or blank item's correct
answers, a matching item's right sides) occurs, as whole words (case and spacing ignored), in the other's
stem, options or matching left sides. True/false items have no key text (their answer is a truth value),
but what they show counts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from lessonforge.generation._memo import text_memo

Words = tuple[str, ...]
SHORT_KEY = 8
"""Keys of more words are searched in a text as a whole (see ``KeyIndex``)."""
_WORD = re.compile(r"\w+")


def is_word_char(char: str) -> bool:
    """Whether ``char`` (one character) is a ``\\w`` character, as ``tokens`` reads words."""
    return char.isalnum() or char == "_"


def tokens(text: str) -> Words:
    """The case-folded word sequence of ``text``."""
    return tuple(_WORD.findall(text.casefold()))


words = text_memo(tokens)
"""``tokens`` memoised: keys, options and pool values are read again and again."""


def item_keys(item: Mapping[str, Any]) -> list[Words]:
    """The key texts of a body item, as word sequences (empty ones left out)."""
    kind, correct = item.get("type"), item.get("correctAnswers") or []
    if kind == "matching":
        texts = [pair.get("right") for pair in correct if isinstance(pair, Mapping)]
    elif kind in ("select", "blank"):
        texts = list(correct)
    else:
        texts = []
    return [found for found in (words(t) for t in texts if isinstance(t, str)) if found]


def item_shown(item: Mapping[str, Any]) -> list[str]:
    """Every text the item shows before it is answered: stem, options, matching left sides."""
    shown = [item.get("question"), *(item.get("options") or [])]
    if item.get("type") == "matching":
        shown += [pair.get("left") for pair in item.get("correctAnswers") or [] if isinstance(pair, Mapping)]
    return [text for text in shown if isinstance(text, str)]


class KeyIndex:
    """Finds which of many word sequences occur in a text, in time linear in the text and the keys.

    Keys of up to ``SHORT_KEY`` words: one look-up per word of the text, and a run tried only where a key
    starts (of the lengths of the keys starting with that word). Longer keys (a whole sentence, or a hostile
    term of thousands of words) are searched as whole words in the text joined by spaces, each key at most
    once per text and only when its first word occurs in it: runs of their length at every position would
    cost the text's length times the key's (a 100 000-word term held the quiz for minutes).

    Each key gets a number (``id_of``): sets of key numbers are what placement and leak counts compare, as
    a number hashes and compares without reading the words (a level of 1000 lessons holds sets of thousands
    of keys, and reading a tuple's words to hash it missed the caches at every look-up)."""

    __slots__ = ("_ids", "_keys", "_long", "_starts")

    def __init__(self, keys: Iterable[Words] = ()) -> None:
        self._ids: dict[Words, int] = {}
        self._keys: list[Words] = []  # by number
        self._starts: dict[str, tuple[int, ...]] = {}
        self._long: dict[str, dict[Words, str]] = {}  # first word -> long key -> its words joined, spaced
        for key in keys:
            self.add(key)

    def add(self, key: Words) -> None:
        if key and key not in self._ids:
            self._ids[key] = len(self._keys)
            self._keys.append(key)
            if len(key) > SHORT_KEY:
                self._long.setdefault(key[0], {})[key] = " " + " ".join(key) + " "
                return
            lengths = self._starts.get(key[0], ())
            if len(key) not in lengths:
                self._starts[key[0]] = (*lengths, len(key))

    def __contains__(self, key: object) -> bool:
        return key in self._ids

    def __len__(self) -> int:
        return len(self._keys)

    def id_of(self, key: Words) -> int:
        """The number of a key of this index (``KeyError`` for another)."""
        return self._ids[key]

    def ids_in(self, text: str | Words) -> Iterator[int]:
        """The numbers of the keys occurring in ``text`` (a short key once per occurrence, a long one once)."""
        tokens = words(text) if isinstance(text, str) else text
        starts, ids, end = self._starts, self._ids, len(tokens)
        for start, token in enumerate(tokens):
            lengths = starts.get(token)
            if lengths is not None:
                for length in lengths:
                    if start + length <= end:
                        number = ids.get(tokens[start : start + length])
                        if number is not None:
                            yield number
        if self._long and end > SHORT_KEY:
            firsts = self._long.keys() & set(tokens)
            if firsts:
                joined = " " + " ".join(tokens) + " "
                for first in sorted(firsts):
                    for key, spaced in self._long[first].items():
                        if len(key) <= end and spaced in joined:
                            yield ids[key]

    def found_in(self, text: str | Words) -> Iterator[Words]:
        """The keys occurring in ``text`` (a short key once per occurrence, a long one once)."""
        keys = self._keys
        return (keys[number] for number in self.ids_in(text))

    def any_in(self, text: str | Words) -> bool:
        return next(self.ids_in(text), None) is not None

    def keys(self) -> frozenset[Words]:
        return frozenset(self._keys)


Hits = tuple[int, ...]
"""The numbers of the keys a text shows (a key once per occurrence): short tuples, compared with the sets of
keys a form holds (a frozenset of five numbers takes a table of 32 slots)."""


class KeyFinder:
    """The numbers of one index's keys found in texts (``KeyIndex.id_of``), each distinct text scanned once
    (a memo for one quiz)."""

    __slots__ = ("_found", "index")

    def __init__(self, index: KeyIndex) -> None:
        self.index = index
        self._found: dict[str, Hits] = {}

    def ids_of(self, keys: Iterable[Words]) -> tuple[int, ...]:
        """The numbers of ``keys`` (keys of the index)."""
        return tuple(map(self.index.id_of, keys))

    def with_words(self, text_words: Words) -> Hits:
        """``self(text)`` for a text read once, from its words (known already: a question the quiz wrote);
        not kept in the memo, which would only grow by thousands of texts never asked for again."""
        return tuple(self.index.ids_in(text_words))

    def __call__(self, text: str) -> Hits:
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = tuple(self.index.ids_in(text))
        return found

    def shown_by(self, item: Mapping[str, Any]) -> Hits:
        """The index's keys found in every text ``item`` shows."""
        return tuple(number for text in item_shown(item) for number in self(text))


def find_leaks(items: Sequence[Mapping[str, Any]], item_ids: Iterable[str]) -> list[tuple[str, str]]:
    """``(leaking item, item showing its key)`` pairs among ``item_ids`` (the items delivered together)."""
    chosen = set(item_ids)
    form = [it for it in items if it.get("id") in chosen]
    found = KeyFinder(KeyIndex(key for it in form for key in item_keys(it)))
    owners: defaultdict[int, set[str]] = defaultdict(set)
    for it in form:
        for key in found.ids_of(item_keys(it)):
            owners[key].add(str(it["id"]))
    pairs: set[tuple[str, str]] = set()
    for it in form:
        shower = str(it["id"])
        for key in found.shown_by(it):
            pairs |= {(owner, shower) for owner in owners[key] if owner != shower}
    return sorted(pairs)


def body_leaks(body: Mapping[str, Any]) -> int:
    """Leaks over every form of a ``test`` body (all items as one form when it has none).

    Linear in the body: the keys are indexed once and every distinct shown text is scanned once."""
    items = [it for it in body.get("items") or [] if isinstance(it, Mapping)]
    forms = [f for f in body.get("forms") or [] if isinstance(f, Mapping)]
    groups = [f.get("itemIds") or [] for f in forms] or [[it.get("id") for it in items]]
    shown = {str(it.get("id")): it for it in items}  # by id (a repeated id: the last item)
    keys = [item_keys(it) for it in shown.values()]
    found = KeyFinder(KeyIndex(key for its_keys in keys for key in its_keys))
    at = {item_id: n for n, item_id in enumerate(shown)}
    return form_leaks(
        [[at[member] for member in map(str, group) if member in at] for group in groups],
        [found.ids_of(its_keys) for its_keys in keys],
        [found.shown_by(it) for it in shown.values()],
    )


def form_leaks(
    groups: Iterable[Sequence[int]], keys: Sequence[Iterable[Hashable]], hits: Sequence[Iterable[Hashable]]
) -> int:
    """``(leaking item, item showing its key)`` pairs counted over ``groups`` of items delivered together
    (items as positions in ``keys`` and ``hits``), from each item's keys and the keys its shown texts hold
    (``hits``, keys as the same kind of values, e.g. ``KeyIndex`` numbers)."""
    leaks = 0
    size = len(keys)
    for group in groups:
        owners: dict[Hashable, list[int]] = {}
        for member in group:
            for key in keys[member]:
                found = owners.get(key)
                if found is None:
                    owners[key] = [member]
                else:
                    found.append(member)
        pairs: set[int] = set()
        for member in group:
            for key in hits[member]:
                for owner in owners.get(key, ()):
                    if owner != member:
                        pairs.add(owner * size + member)
        leaks += len(pairs)
    return leaks
