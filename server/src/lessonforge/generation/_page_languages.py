"""Language of parts on the share page (WCAG 3.1.2): which texts of a module are in the course language.

The page's ``lang`` is the interface language; every course-language text is wrapped in ``<span lang>``.
Always the course language: flashcard fronts and examples, matching terms, the sentences of reveal cards,
dialogue lines. In a language course, any other text equal to one of those (a quiz choice "hola") is too; in a
subject course every text taken from the source is, except what the generator wrote in the interface language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from markupsafe import Markup, escape

from lessonforge.generation._present import fold
from lessonforge.i18n import Translator

View = dict[str, Any]


MIN_QUOTED = 4
"""A course text this long (or of several words) is also marked inside a sentence of the interface
("I can explain this in my own words: ¿Cuánto es?"); shorter ones ("no", "sí") could be interface words."""


@dataclass(frozen=True)
class CourseText:
    """Renders a text, wrapped in ``<span lang>`` when it is in the course language (escaped either way)."""

    language: str | None
    texts: frozenset[str]

    @cached_property
    def _inside(self) -> re.Pattern[str] | None:
        return _quoted_pattern(self.texts)

    def whole(self, text: str) -> bool:
        """Whether all of ``text`` is in the course language (for elements that cannot hold a span: ``<option>``)."""
        return bool(self.language and text) and fold(text) in self.texts

    def __call__(self, text: str) -> Markup:
        if not (self.language and text):
            return escape(text)
        if fold(text) in self.texts:
            return self._span(text)
        pattern = self._inside
        if pattern is None or pattern.search(text) is None:  # most texts quote nothing
            return escape(text)
        return Markup(pattern.sub(self._quoted, str(escape(text))))  # noqa: S704 - escaped, then spans added

    def _quoted(self, found: re.Match[str]) -> str:
        return f"{self._open}{found[0]}</span>"  # matched inside text already escaped

    @cached_property
    def _open(self) -> str:
        return f'<span lang="{escape(self.language or "")}">'

    def _span(self, text: str) -> Markup:
        return Markup(f"{self._open}{escape(text)}</span>")  # noqa: S704 - both parts are escaped


@lru_cache(maxsize=256)
def _quoted_pattern(texts: frozenset[str]) -> re.Pattern[str] | None:
    """Any of ``texts`` long enough to be told from an interface word, as a whole-word match (longest first)."""
    quotable = sorted((t for t in texts if len(t) >= MIN_QUOTED or " " in t), key=len, reverse=True)
    if not quotable:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, t.split())) for t in quotable)
    # searched in escaped text: never from inside an entity (``&amp;``, ``&#34;``)
    return re.compile(rf"(?<![\w&#])(?:{alternatives})(?![\w;])", re.IGNORECASE)


def course_text(language: str | None, subject: bool, sections: list[View], t: Translator) -> CourseText:
    """The rule for one page: ``language`` is the course's; ``t`` says what the generator wrote itself."""
    if not language:
        return CourseText(None, frozenset())
    texts = set(_core(sections))
    if subject:
        generated = set(_generated(sections, t))
        texts |= {fold(text) for text in _source(sections)} - generated
    return CourseText(language, frozenset(texts - {""}))


def _activities(sections: list[View]) -> Iterable[View]:
    return (activity for section in sections for activity in section["activities"])


def _core(sections: list[View]) -> Iterable[str]:
    for a in _activities(sections):
        kind = a["kind"]
        if kind == "flashcards":
            yield from (fold(text) for card in a["cards"] for text in (card["front"], card["example"]))
        elif kind == "matching":
            yield from (fold(pair["left"]) for pair in a["pairs"])
        elif kind == "reveal_cards":
            yield from (fold(card["front"]) for card in a["cards"])
        elif kind == "dialogue":
            yield from (fold(turn["text"]) for turn in a["turns"])


_SOURCE_FIELDS: Mapping[str, tuple[str, ...]] = {
    "flashcards": ("cards", "back"),
    "matching": ("pairs", "right"),
    "reveal_cards": ("cards", "back", "note"),
    "quiz": ("questions", "prompt", "explanation"),
}


def _source(sections: list[View]) -> Iterable[str]:
    """Every text a subject course took from its source (titles the page or generator made are filtered later)."""
    yield from (section["title"] for section in sections)
    for a in _activities(sections):
        list_key, *fields = _SOURCE_FIELDS.get(a["kind"], ("", ""))
        for element in a.get(list_key, []) if list_key else []:
            yield from (element[field] for field in fields)
        if a["kind"] == "quiz":
            yield from (choice for q in a["questions"] for choice in q["choices"])
        elif a["kind"] == "review":
            yield from [a["summary"], *a["keyPoints"]]
        elif a["kind"] == "content":
            yield from (line for block in a["blocks"] for line in block["lines"])


def _generated(sections: list[View], t: Translator) -> Iterable[str]:
    """Texts the generator or page wrote in the interface language: numbered titles, default explanations."""
    yield from (fold(t.gettext("Lesson {number}", number=n)) for n in range(1, len(sections) + 1))
    for a in _activities(sections):
        if a["kind"] == "quiz":
            for q in a["questions"]:
                index = q["answerIndex"]
                answer = q["choices"][index] if index is not None else ""
                yield fold(t.gettext("The correct answer is “{answer}”.", answer=answer))
