"""What each video scene shows and says, step by step: one slide per step, each spoken part with its voice.

A **step** is one slide (``lines``, the ``highlight``-ed line being narrated) and the parts spoken over it
(``segments``: ``{text, voice}``), then ``holdSeconds`` of silence (a quiz's time to think). Voices:
``narrator`` (the interface language), ``course`` (the course language), ``speaker1``/``speaker2`` (the two
dialogue voices, in the course language). Lists longer than :data:`PAGE_SIZE` items go over several slides.
Every word written here comes from the ``video`` catalogue in the interface language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from lessonforge.generation._lessons import Content
from lessonforge.generation._present import fold

NARRATOR, COURSE = "narrator", "course"
SPEAKERS = ("speaker1", "speaker2")
VOICES = (NARRATOR, COURSE, *SPEAKERS)
PAGE_SIZE = 4
THINK_SECONDS = 3.5  # a quiz question stays on screen, silent, this long before its answer
_ENDS = ".!?\u2026\u3002\uff01\uff1f:;"
_QUOTES = "\u201d\u2019\"')\u00bb\u300d\u300f"
_CLOSING = frozenset(_ENDS)
_CLOSING_QUOTES = frozenset(_QUOTES)


class Words(Protocol):
    """The interface-language messages (a gettext translator of the ``video`` domain)."""

    def gettext(self, message: str, /, **values: object) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str: ...


@dataclass(frozen=True)
class Voicing:
    """Who says what: the words of the interface language, and which texts are in the course language."""

    words: Words
    language_course: bool  # False: a subject course, content and interface in one language
    level: Sequence[Content] = ()  # the level's lessons: their texts tell the language of a text to voice
    _known: list[tuple[frozenset[str], frozenset[str]]] = field(default_factory=list, compare=False, repr=False)

    def known_texts(self) -> tuple[frozenset[str], frozenset[str]]:
        """The level's course-language texts (terms, examples, sources, turns) and interface-language ones
        (meanings, translations), folded: how a quiz option or a key point is known to be one or the other.
        Empty for a subject course. Worked out when a voice is first asked (a level of vocabulary never asks),
        then kept (a plain field, not ``functools.cached_property``: mypyc compiles that to a property that
        works it out again at every call)."""
        if not self._known:
            self._known.append(self._read_known_texts())
        return self._known[0]

    def _read_known_texts(self) -> tuple[frozenset[str], frozenset[str]]:
        if not self.language_course:
            return frozenset(), frozenset()
        level = self.level
        course = [e.term for c in level for e in c.entries]
        course += [e.example for c in level for e in c.entries if e.example]
        course += [x.source for c in level for x in c.examples] + [t.text for c in level for t in c.turns]
        interface = [e.meaning for c in level for e in c.entries] + [x.translation for c in level for x in c.examples]
        return frozenset(fold(text) for text in course), frozenset(fold(text) for text in interface)

    def voice_of(self, text: str, default: str = NARRATOR) -> str:
        """The voice of a text the level does not label: ``course`` for a known course-language text,
        ``narrator`` for a known meaning or translation, else ``default``."""
        course_texts, interface_texts = self.known_texts()
        folded = fold(text)  # memoised: the level's texts were folded for known_texts
        if folded in course_texts:
            return COURSE
        return NARRATOR if folded in interface_texts else default


def say(text: str, voice: str) -> dict[str, str]:
    return {"text": " ".join(text.split()), "voice": voice}


def closed(text: str) -> str:
    """``text`` ending as a sentence (a full stop added when it has no closing punctuation)."""
    clean = " ".join(text.split())
    end = clean[-1:]
    if end in _CLOSING_QUOTES:  # rstrip only then: most texts end otherwise
        end = clean.rstrip(_QUOTES)[-1:]
    return clean if not clean or end in _CLOSING else f"{clean}."


def say_closed(text: str, voice: str) -> dict[str, str]:
    """``say(closed(text), voice)`` without collapsing the already collapsed text again."""
    return {"text": closed(text), "voice": voice}


def step(
    lines: Sequence[str], segments: Sequence[dict[str, str]], highlight: int | None = None, hold: float = 0.0
) -> dict[str, Any]:
    return {
        "lines": list(lines),
        "highlight": highlight,
        "segments": [s for s in segments if s["text"]],
        "holdSeconds": hold,
    }


def pages(items: Sequence[Any]) -> Iterator[tuple[int, Sequence[Any]]]:
    """``items`` in pages of :data:`PAGE_SIZE` with the index of each page's first item."""
    for start in range(0, len(items), PAGE_SIZE):
        yield start, items[start : start + PAGE_SIZE]


def listed(lines: Sequence[str], spoken: Callable[[int], list[dict[str, str]]]) -> list[dict[str, Any]]:
    """One step per item, the item highlighted on a page of at most :data:`PAGE_SIZE` lines."""
    steps = []
    for start, page in pages(lines):
        steps += [step(page, spoken(start + offset), highlight=offset) for offset in range(len(page))]
    return steps


def opening(title: str, lines: Sequence[str], extra: Sequence[dict[str, str]] = ()) -> dict[str, Any]:
    """The lesson's title said over its first page."""
    return step(lines[:PAGE_SIZE], [say_closed(title, NARRATOR), *extra])


def terms_steps(content: Content, v: Voicing) -> list[dict[str, Any]]:
    entries = content.entries
    lines = [f"{e.term} — {e.meaning}" for e in entries]
    means = say(v.words.gettext("means"), NARRATOR)["text"]  # translated once a lesson, not once an entry
    for_example = say(v.words.gettext("For example:"), NARRATOR)["text"]

    def spoken(index: int) -> list[dict[str, str]]:
        entry = entries[index]
        parts = [say(entry.term, COURSE)]
        if v.language_course:
            parts.append({"text": means, "voice": NARRATOR})
        parts.append(say_closed(entry.meaning, NARRATOR))
        if entry.example:
            parts += [{"text": for_example, "voice": NARRATOR}, say_closed(entry.example, COURSE)]
        return parts

    return [opening(content.title, lines), *listed(lines, spoken)]


def examples_steps(content: Content, v: Voicing) -> list[dict[str, Any]]:
    examples = content.examples
    lines = [f"{x.source} — {x.translation}" for x in examples]

    def spoken(index: int) -> list[dict[str, str]]:
        line = examples[index]
        parts = [say_closed(line.source, COURSE), say_closed(line.translation, NARRATOR)]
        return parts + ([say_closed(line.note, NARRATOR)] if line.note else [])

    return [opening(content.title, lines), *listed(lines, spoken)]


def dialogue_steps(content: Content, v: Voicing) -> list[dict[str, Any]]:
    """The speakers take turns in two voices; their names are on the slide, never read out."""
    turns = content.turns
    order = list(dict.fromkeys(t.speaker for t in turns))
    lines = [f"{t.speaker}: {t.text}" for t in turns]

    def spoken(index: int) -> list[dict[str, str]]:
        turn = turns[index]
        return [say_closed(turn.text, SPEAKERS[order.index(turn.speaker) % len(SPEAKERS)])]

    intro = [say(v.words.gettext("Listen to the conversation."), NARRATOR)]
    return [opening(content.title, lines, intro), *listed(lines, spoken)]


def quiz_steps(content: Content, v: Voicing) -> list[dict[str, Any]]:
    """Each question with its options, :data:`THINK_SECONDS` of silence, then the answer shown and said."""
    steps = [
        step([], [say_closed(content.title, NARRATOR), say(v.words.gettext("Let's check what you know."), NARRATOR)])
    ]
    for question in content.questions:
        lines = [question.question, *(f"{chr(65 + i)}) {c}" for i, c in enumerate(question.choices))]
        asked = [say(question.question, NARRATOR), *(say_closed(c, v.voice_of(c, COURSE)) for c in question.choices)]
        steps.append(step(lines, asked, hold=THINK_SECONDS))
        answer = [
            say(v.words.gettext("The answer is:"), NARRATOR),
            say_closed(question.answer, v.voice_of(question.answer, COURSE)),
        ]
        if question.explanation:
            answer.append(say_closed(question.explanation, NARRATOR))
        steps.append(step(lines, answer, highlight=1 + question.choices.index(question.answer)))
    return steps


def review_steps(content: Content, v: Voicing) -> list[dict[str, Any]]:
    points = list(content.key_points)
    first = [say_closed(content.title, NARRATOR)]
    if content.summary:
        first.append(say_closed(content.summary, NARRATOR))
    steps = [step([content.summary] if content.summary else points[:PAGE_SIZE], first)]
    if points:
        steps.append(step(points[:PAGE_SIZE], [say(v.words.gettext("Key points:"), NARRATOR)]))
        steps += listed(points, lambda i: [say_closed(points[i], v.voice_of(points[i]))])
    return steps


def unknown_steps(content: Content, v: Voicing) -> list[dict[str, Any]]:
    """A lesson type no generator knows: its prose, never its labels or metadata (single words, numbers)."""
    lines = prose(content.extra)
    return [opening(content.title, lines), *listed(lines, lambda i: [say_closed(lines[i], NARRATOR)])]


def prose(value: Any) -> list[str]:
    """The texts of ``value`` that are content: strings of two words or more, at any depth, without labels."""
    if isinstance(value, str):
        return [value.strip()] if len(value.split()) >= 2 else []
    if isinstance(value, Mapping):
        return [line for item in value.values() for line in prose(item)]
    if isinstance(value, list | tuple):
        return [line for item in value for line in prose(item)]
    return []


STEPS: Mapping[str, Callable[[Content, Voicing], list[dict[str, Any]]]] = {
    "vocabulary": terms_steps,
    "term": terms_steps,
    "example": examples_steps,
    "dialogue": dialogue_steps,
    "quiz": quiz_steps,
    "review": review_steps,
}
