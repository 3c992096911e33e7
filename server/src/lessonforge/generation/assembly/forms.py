"""Forms: parallel versions of a quiz, each testing a fact at most once and leak-free by construction.

Planning rotates each fact's directions (recognise, recall, true/false, blank, …) over the forms so every
form covers every fact in a different direction and mixes the key kinds (which leaves distractors to draw
from). Placement then admits an item into a planned form only when none of its keys occurs in what the
form's items show and none of the form's keys occurs in what it shows; an item no planned form admits goes
to the first form that does, or starts a new one.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
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
    words or as ``KeyIndex`` numbers, the same kind throughout)."""

    id: str
    fact: str
    keys: tuple[Hashable, ...]
    hits: frozenset[Hashable]
    planned: frozenset[int]
    first: bool = False
    """Placed ahead of the others in each planned form (the source's own questions)."""


@dataclass(slots=True)
class _Form:
    ids: list[str] = field(default_factory=list)
    facts: set[str] = field(default_factory=set)
    keys: set[Hashable] = field(default_factory=set)
    hits: set[Hashable] = field(default_factory=set)

    def admits(self, item: Placed) -> bool:
        return item.fact not in self.facts and self.hits.isdisjoint(item.keys) and item.hits.isdisjoint(self.keys)

    def add(self, item: Placed) -> None:
        self.ids.append(item.id)
        self.facts.add(item.fact)
        self.keys.update(item.keys)
        self.hits |= item.hits


def hits_of(shown: Iterable[str], keys: KeyIndex) -> frozenset[Words]:
    """The ``keys`` that occur in the texts an item shows."""
    return frozenset(key for text in shown for key in keys.found_in(text))


MIN_FORM_ITEMS = 3
"""A form started for left-over items that ends smaller than this is not worth delivering (unless it holds
the source's own questions): its items are returned as unplaced."""


def place(
    items: Sequence[Placed], planned_forms: int, *, keep_small: bool = False
) -> tuple[list[list[str]], list[str]]:
    """Item ids per form (in item order) and the ids of generated items no form of a useful size admits."""
    forms = [_Form() for _ in range(planned_forms)]
    placed: set[str] = set()
    planned: list[list[Placed]] = [[] for _ in forms]
    for it in items:
        for k in it.planned:
            planned[k].append(it)
    for form, mine in zip(forms, planned, strict=True):
        ordered = [it for it in mine if it.first]
        ordered += [it for it in mine if not it.first and it.id not in placed]
        ordered += [it for it in mine if not it.first and it.id in placed]
        for it in ordered:
            if form.admits(it):
                form.add(it)
                placed.add(it.id)
    for it in items:
        if it.id in placed:
            continue
        home = next((form for form in forms if form.admits(it)), None)
        if home is None:
            home = _Form()
            forms.append(home)
        home.add(it)
        placed.add(it.id)
    order = {it.id: n for n, it in enumerate(items)}
    first = {it.id for it in items if it.first}
    kept: list[list[str]] = []
    unplaced: list[list[str]] = []
    for n, form in enumerate(forms):
        small = not keep_small and n >= planned_forms and len(form.ids) < MIN_FORM_ITEMS and not first & set(form.ids)
        (unplaced if small else kept).append(sorted(form.ids, key=order.__getitem__))
    return [ids for ids in kept if ids], [i for ids in unplaced for i in ids]
