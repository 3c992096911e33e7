"""Language of parts on the share page (WCAG 3.1.2): which texts of a module are in the course language.

The page's ``lang`` is the interface language; every course-language text is wrapped in ``<span lang>``.
Always the course language: flashcard fronts and examples, matching terms, the sentences of reveal cards,
dialogue lines. In a language course, any other text equal to one of those (a quiz choice "hola") is too, and
so is a free text (a key point, a summary, a source quiz question, choice or explanation, a note) whose words
clearly say so (``video_languages.Evidence``, as the video voices it); in a subject course every text taken
from the source is. Never what the generator wrote in the interface language (its true/false words among
them). Inside an interface sentence such a text is found as the quiz writes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from markupsafe import Markup, escape

from lessonforge.domain.course import primary_subtag
from lessonforge.generation._present import fold
from lessonforge.generation._quiz_items import BLANK, MAX_TERM_WORDS
from lessonforge.generation.assembly.truth import is_truth_pair
from lessonforge.generation.assembly.wording import Wording
from lessonforge.generation.video_languages import Evidence, lexicon
from lessonforge.i18n import Translator, translator

View = dict[str, Any]


MIN_QUOTED = 4
"""A course text this long (or of several words) is also marked inside a sentence of the interface
("I can explain this in my own words: ¿Cuánto es?"); shorter ones ("no", "sí") could be interface words."""
FRAME_WORDS = 2
"""A course text the quiz wrote with one of its terms blanked or swapped for another ("¿A cuánto están _____?")
is marked when at least this many of its own words stay around the gap."""
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class CourseText:
    """Renders a text, wrapped in ``<span lang>`` when it is in the course language (escaped either way).

    Inside an interface sentence a course text is found as the quiz writes it (``assembly.wording``): spacing
    collapsed, a capital added, the final period dropped when it is quoted, or one of its terms blanked
    (``_____``) or swapped for another course term (a false statement)."""

    language: str | None
    texts: frozenset[str]

    @cached_property
    def _finder(self) -> _Finder | None:
        return _finder(self.texts)

    def whole(self, text: str) -> bool:
        """Whether all of ``text`` is in the course language (for elements that cannot hold a span: ``<option>``)."""
        return bool(self.language and text) and self._known(fold(text))

    def __call__(self, text: str) -> Markup:
        if not (self.language and text):
            return escape(text)
        if self._known(fold(text)):
            return self._span(text)
        finder = self._finder
        spans = finder.spans(text) if finder is not None else []
        return self._marked(text, spans) if spans else escape(text)  # most texts quote nothing

    def _known(self, folded: str) -> bool:
        """A course text, or one quoted without its final period."""
        return folded in self.texts or (not folded.endswith(".") and folded + "." in self.texts)

    def _marked(self, text: str, spans: Iterable[tuple[int, int]]) -> Markup:
        """``text`` escaped, each of ``spans`` (in order, not overlapping) wrapped in the course's span."""
        out: list[str] = []
        last = 0
        for start, end in spans:
            out += [escape(text[last:start]), self._open, escape(text[start:end]), "</span>"]
            last = end
        out.append(escape(text[last:]))
        return Markup("".join(out))  # noqa: S704 - every part is escaped

    @cached_property
    def _open(self) -> str:
        return f'<span lang="{escape(self.language or "")}">'

    def _span(self, text: str) -> Markup:
        return Markup(f"{self._open}{escape(text)}</span>")  # noqa: S704 - both parts are escaped


Frame = tuple[str, str]
"""A course text around one of its terms: the text before the term and the text after it (folded)."""


@dataclass(frozen=True)
class _Finder:
    """Where course texts are in a sentence: whole (``pattern``), or around a gap (``frames``, by the words
    next to the gap)."""

    pattern: re.Pattern[str]
    frames: Mapping[tuple[str, str], tuple[Frame, ...]]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The spans of course texts in ``text``, in order and not overlapping."""
        found = [match.span() for match in self.pattern.finditer(text)]
        if not self.frames:
            return found
        gaps = sorted(found + [(at.start(), at.end()) for at in _BLANKS.finditer(text)] if BLANK in text else found)
        framed: list[tuple[int, int]] = []
        for start, end in gaps:
            if framed and start < framed[-1][1]:
                continue  # inside a course text found around an earlier gap
            around = self._around(text, start, end)
            if around is not None:
                framed.append(around)
        if not framed:
            return found
        kept = [span for span in found if not any(a < span[1] and span[0] < b for a, b in framed)]
        return sorted(kept + framed)

    def _around(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The span of a course text of which ``text[start:end]`` took the place of a term, if any."""
        before, after = text[:start], text[end:]
        last, first = _last_word(before), _first_word(after)
        for key in dict.fromkeys(((last, first), (last, ""), ("", first))):
            for head, tail in self.frames.get(key, ()):
                opened = _before_gap(head).search(before)
                closed = _after_gap(tail).match(after) if opened is not None else None
                if opened is not None and closed is not None:
                    return opened.start(), end + closed.end()
        return None


_BLANKS = re.compile(re.escape(BLANK))


@lru_cache(maxsize=256)
def _finder(texts: frozenset[str]) -> _Finder | None:
    """The finder of ``texts``: each long enough to be told from an interface word as a whole-word match
    (longest first, final period optional: ``assembly.wording`` drops it when it quotes a text), and the
    frames of every text around each shorter text (a term) it holds."""
    quotable = sorted((t for t in texts if len(_unended(t)) >= MIN_QUOTED or " " in t), key=len, reverse=True)
    if not quotable:
        return None
    alternatives = "|".join(_alternative(t) for t in quotable)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return _Finder(pattern, _frames(texts))


def _frames(texts: frozenset[str]) -> dict[tuple[str, str], tuple[Frame, ...]]:
    """Every text around each term it holds (a text of at most ``MAX_TERM_WORDS`` words, found by its words as
    the quiz finds the term it blanks), keyed by the words next to the gap."""
    terms = {" ".join(words) for words in (_WORD.findall(t) for t in texts) if 0 < len(words) <= MAX_TERM_WORDS}
    frames: dict[tuple[str, str], list[Frame]] = {}
    for text in texts:
        spans = [(w.start(), w.end()) for w in _WORD.finditer(text)]
        if len(spans) <= FRAME_WORDS:
            continue
        for first in range(len(spans)):
            for size in range(1, min(MAX_TERM_WORDS, len(spans) - first) + 1):
                if len(spans) - size < FRAME_WORDS:
                    break
                gap = text[spans[first][0] : spans[first + size - 1][1]]
                if " ".join(_WORD.findall(gap)) in terms:
                    head, tail = text[: spans[first][0]], text[spans[first + size - 1][1] :]
                    frames.setdefault((_last_word(head), _first_word(tail)), []).append((head, tail))
    return {key: tuple(found) for key, found in frames.items()}


def _last_word(text: str) -> str:
    words = _WORD.findall(text[-64:])
    return words[-1].casefold() if words else ""


def _first_word(text: str) -> str:
    found = _WORD.search(text)
    return found[0].casefold() if found else ""


@lru_cache(maxsize=4096)
def _before_gap(head: str) -> re.Pattern[str]:
    """``head`` (a course text's start) at the end of a sentence part: any spacing, any case."""
    spacing = r"\s+" if head[-1:].isspace() else ""
    return re.compile(rf"(?<!\w){_words(head)}{spacing}\Z", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _after_gap(tail: str) -> re.Pattern[str]:
    """``tail`` (a course text's end) at the start of a sentence part, its final period optional."""
    spacing = r"\s+" if tail[:1].isspace() else ""
    return re.compile(rf"{spacing}{_alternative(tail)}(?!\w)", re.IGNORECASE)


def _unended(text: str) -> str:
    """``text`` without the final period a quotation drops (an ellipsis ``..`` stays)."""
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _words(text: str) -> str:
    """The pattern of ``text`` with any spacing between its parts."""
    return r"\s+".join(map(re.escape, text.split()))


def _alternative(text: str) -> str:
    """The pattern of one course text: any spacing between its words, its final period optional."""
    body = _unended(text)
    return f"{_words(body)}\\.?" if body != text else _words(body)


def course_text(language: str | None, subject: bool, sections: list[View], t: Translator) -> CourseText:
    """The rule for one page: ``language`` is the course's; ``t`` says what the generator wrote itself."""
    if not language:
        return CourseText(None, frozenset())
    texts = set(_core(sections))
    if subject:
        generated = set(_generated(sections, t))
        texts |= {fold(text) for text in _source(sections)} - generated
    elif primary_subtag(language) != primary_subtag(t.language):
        texts |= _free_course_texts(language, sections, t)
    return CourseText(language, frozenset(texts - {""}))


def _free_course_texts(language: str, sections: list[View], t: Translator) -> set[str]:
    """The free texts of a language course (folded) whose words say they are in the course language, told
    by the words of its course texts and of its meanings and translations (``video_languages.lexicon``)."""
    core = list(_core(sections))
    evidence = Evidence(lexicon(core, language), lexicon(_meanings(sections), t.language), frozenset(core))
    generated = set(_generated(sections, t))
    found = {fold(text) for text in _free(sections) if evidence.says_course(text)}
    return found - generated


def _meanings(sections: list[View]) -> Iterable[str]:
    """The interface-language texts of a language course: flashcard backs, matching meanings, translations."""
    for a in _activities(sections):
        kind = a["kind"]
        if kind in ("flashcards", "reveal_cards"):
            yield from (card["back"] for card in a["cards"])
        elif kind == "matching":
            yield from (pair["right"] for pair in a["pairs"])


def _free(sections: list[View]) -> Iterable[str]:
    """The free texts of a language course: key points and summaries, the source's quiz questions, choices
    and explanations, the notes of examples."""
    for a in _activities(sections):
        kind = a["kind"]
        if kind == "review":
            yield from [a["summary"], *a["keyPoints"]]
        elif kind == "quiz":
            for q in a["questions"]:
                yield from [q["prompt"], *q["choices"], q["explanation"]]
        elif kind == "reveal_cards":
            yield from (card["note"] for card in a["cards"])


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
    """Texts the generator or page wrote in the interface language: numbered titles, default explanations,
    the true/false words of a true/false question."""
    yield from (fold(t.gettext("Lesson {number}", number=n)) for n in range(1, len(sections) + 1))
    for a in _activities(sections):
        if a["kind"] == "quiz":
            for q in a["questions"]:
                index = q["answerIndex"]
                answer = q["choices"][index] if index is not None else ""
                yield fold(t.gettext("The correct answer is “{answer}”.", answer=answer))
                if is_truth_pair(q["choices"]):
                    yield from _truth_words(t.language)


@lru_cache(maxsize=64)
def _truth_words(language: str) -> tuple[str, ...]:
    """The interface's true and false words, folded (the generator's: ``Wording.true_false``)."""
    return tuple(fold(word) for word in Wording("language", language, translator(language, "quiz")).true_false)
