"""Distractor screening: no option may stand out from the key by its grammatical shape, length or category.

Shape is the presence of a leading article or determiner in the options' language ("the bill" among
"coffee", "toast"); length is comparable when the longer is at most twice the shorter plus four characters;
category is the ``category`` (or ``partOfSpeech``) the payload gives an entry, compared when the key has one.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from lessonforge.generation._present import fold
from lessonforge.generation.assembly.keys import KeyFinder
from lessonforge.generation.assembly.typography import base_language


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


DETERMINERS: dict[str, frozenset[str]] = {
    "en": _words("a an the some this that these those my your his her its our their"),
    "es": _words("el la los las un una unos unas lo mi mis tu tus su sus este esta estos estas ese esa"),
    "fr": _words("le la les un une des du mon ma mes ton ta tes son sa ses ce cet cette ces notre votre"),
    "de": frozenset(
        "der die das den dem des ein eine einen einem einer eines kein keine mein meine dein deine sein seine"
    ),
    "pt": _words("o a os as um uma uns umas meu minha seu sua este esta esse essa"),
    "it": _words("il lo la i gli le un uno una mio mia suo sua questo questa"),
}
_ELIDED = ("l'", "l\u2019", "un'", "un\u2019", "d'", "d\u2019")
MIN_DISTRACTORS = 2


_UNSET = "\x00"
"""No language yet (a language tag never holds a NUL)."""


class Candidate:
    """A possible distractor and the category its entry declares (None when it declares none), with its
    comparison key and trimmed length worked out once (a candidate is screened for many items), and what
    screening learnt of it: its shape in the last language asked, and the keys it shows (``hits``, for the
    one key finder, ``hits_by``, of the quiz that made it)."""

    __slots__ = ("category", "folded", "hits", "hits_by", "length", "shape", "shape_language", "text")

    def __init__(self, text: str, category: str | None = None) -> None:
        self.text = text
        self.category = category
        self.folded = fold(text)
        self.length = len(text.strip())
        self.shape = False
        self.shape_language: str | None = _UNSET
        self.hits: tuple[int, ...] = ()
        self.hits_by: object = None

    def __repr__(self) -> str:
        return f"Candidate({self.text!r}, {self.category!r})"

    def opens_with_determiner(self, language: str | None) -> bool:
        """``has_determiner(self.text, language)``, kept for the language last asked (a pool is screened in
        one language)."""
        if self.shape_language is not language and self.shape_language != language:
            self.shape = has_determiner(self.text, language)
            self.shape_language = language
        return self.shape


class KeyFilter:
    """Admits a candidate that shows none of ``keys`` (the keys of the forms an item is planned in), as the
    quiz's ``finder`` reads it; admits every candidate when ``keys`` is None. What a candidate shows is kept on
    it (a candidate is screened for many items)."""

    __slots__ = ("finder", "keys")

    def __init__(self, finder: KeyFinder | None = None, keys: frozenset[int] | None = None) -> None:
        self.finder = finder
        self.keys = keys

    def admits(self, candidate: Candidate) -> bool:
        keys, finder = self.keys, self.finder
        if keys is None or finder is None:
            return True
        if candidate.hits_by is not finder:
            candidate.hits, candidate.hits_by = finder(candidate.text), finder
        return keys.isdisjoint(candidate.hits)


ANYTHING = KeyFilter()
"""Admits every candidate."""


@lru_cache(maxsize=256)
def _determiners(language: str | None) -> tuple[frozenset[str], bool]:
    """The determiners of ``language`` and whether it elides them (``l'``)."""
    tag = base_language(language).split("-")[0]
    return DETERMINERS.get(tag, frozenset()), tag in ("fr", "it")


def has_determiner(text: str, language: str | None) -> bool:
    """Whether ``text`` opens with an article or determiner of ``language`` (``l'`` elisions included)."""
    determiners, elides = _determiners(language)
    found = text.split(maxsplit=1)
    first = found[0].casefold() if found else ""  # casefolding never makes or removes a space
    return (elides and first.startswith(_ELIDED)) or first in determiners


def comparable_length(key: str, other: str) -> bool:
    short, long = sorted((len(key.strip()), len(other.strip())))
    return long <= 2 * short + 4


def screen(
    key: str,
    category: str | None,
    candidates: Iterable[Candidate],
    language: str | None,
    allowed: KeyFilter,
    want: int = 3,
) -> list[str]:
    """Up to ``want`` candidates shaped like the key (the first ones that fit, in the order given).

    Length is relaxed before giving up; shape and category never are. Fewer than ``MIN_DISTRACTORS``
    means the item is not worth asking (the caller drops it). Stops as soon as ``want`` fit.
    """
    shape = has_determiner(key, language)
    size = len(key.strip())
    close: list[str] = []
    far: list[str] = []
    for c in candidates:
        if (category is not None and c.category != category) or c.opens_with_determiner(language) != shape:
            continue
        short, long = (size, c.length) if size <= c.length else (c.length, size)
        if long <= 2 * short + 4:  # comparable_length
            if allowed.admits(c):
                close.append(c.text)
                if len(close) >= want:
                    break
        elif len(far) < want and allowed.admits(c):
            far.append(c.text)
    if len(close) >= MIN_DISTRACTORS or len(close) + len(far) < MIN_DISTRACTORS:
        return close[:want]
    return (close + far)[:want]
