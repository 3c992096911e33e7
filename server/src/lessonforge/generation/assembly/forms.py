"""Forms: parallel versions of a quiz, each testing a fact at most once and leak-free by construction.

Planning rotates each fact's directions (recognise, recall, true/false, blank, …) over the forms so every
form covers every fact in a different direction and mixes the key kinds (which leaves distractors to draw
from). Placement then admits an item into a planned form only when none of its keys occurs in what the
form's items show and none of the form's keys occurs in what it shows; an item no planned form admits goes
to the first form that does, or starts a new one.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from lessonforge.generation.assembly.keys import KeyIndex, Words


def plan(directions: int, index: int, forms: int, excluded: Iterable[int] = ()) -> list[set[int]]:
    """For each of a fact's ``directions``, the forms that ask it: rotated by the fact's ``index``."""
    slots = [k for k in range(forms) if k not in set(excluded)]
    planned: list[set[int]] = [set() for _ in range(directions)]
    for j, k in enumerate(slots):
        planned[(index + j) % directions].add(k)
    return planned


@dataclass(slots=True)
class Placed:
    """What placement needs of an item: its id, fact, keys, the level keys it shows, its planned forms (keys as
    words or as ``KeyIndex`` numbers, the same kind throughout; ids and facts any hashable values, e.g. the
    quiz's item and fact numbers)."""

    id: Hashable
    fact: Hashable
    keys: tuple[Hashable, ...]
    hits: Collection[Hashable]
    planned: frozenset[int]
    first: bool = False
    """Placed ahead of the others in each planned form (the source's own questions)."""


@dataclass(slots=True)
class _Form:
    at: list[int] = field(default_factory=list)
    """The positions (in the items placed) of the items it holds."""
    facts: set[Hashable] = field(default_factory=set)
    keys: set[Hashable] = field(default_factory=set)
    hits: set[Hashable] = field(default_factory=set)

    def admits(self, item: Placed) -> bool:
        return item.fact not in self.facts and self.hits.isdisjoint(item.keys) and self.keys.isdisjoint(item.hits)

    def add(self, position: int, item: Placed) -> None:
        self.at.append(position)
        self.facts.add(item.fact)
        self.keys.update(item.keys)
        self.hits.update(item.hits)


def hits_of(shown: Iterable[str], keys: KeyIndex) -> frozenset[Words]:
    """The ``keys`` that occur in the texts an item shows."""
    return frozenset(key for text in shown for key in keys.found_in(text))


MIN_FORM_ITEMS = 3
"""A form started for left-over items that ends smaller than this is not worth delivering (unless it holds
the source's own questions): its items are returned as unplaced."""


def place(
    items: Sequence[Placed], planned_forms: int, *, keep_small: bool = False
) -> tuple[list[list[int]], list[int]]:
    """The positions (in ``items``) of the items of each form, in item order, and the positions of the items
    no form of a useful size admits."""
    forms = [_Form() for _ in range(planned_forms)]
    placed = [False] * len(items)
    planned: list[list[int]] = [[] for _ in forms]
    for n, it in enumerate(items):
        for k in it.planned:
            planned[k].append(n)
    for form, mine in zip(forms, planned, strict=True):
        ordered = [n for n in mine if items[n].first]
        ordered += [n for n in mine if not items[n].first and not placed[n]]
        ordered += [n for n in mine if not items[n].first and placed[n]]
        for n in ordered:
            it = items[n]
            if form.admits(it):
                form.add(n, it)
                placed[n] = True
    for n, it in enumerate(items):
        if placed[n]:
            continue
        home = next((form for form in forms if form.admits(it)), None)
        if home is None:
            home = _Form()
            forms.append(home)
        home.add(n, it)
        placed[n] = True
    kept: list[list[int]] = []
    unplaced: list[int] = []
    for k, form in enumerate(forms):
        small = (
            not keep_small
            and k >= planned_forms
            and len(form.at) < MIN_FORM_ITEMS
            and not any(items[n].first for n in form.at)
        )
        if small:
            unplaced += sorted(form.at)
        elif form.at:
            kept.append(sorted(form.at))
    return kept, unplaced
