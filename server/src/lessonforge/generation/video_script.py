"""What each video scene shows and says, step by step: one slide per step, each spoken part with its voice.

A **step** is one slide (``lines``, the ``highlight``-ed line being narrated) and the parts spoken over it
(``segments``: ``{text, voice}``), then ``holdSeconds`` of silence (a quiz's time to think). Voices:
``narrator`` (the interface language), ``course`` (the course language), ``speaker1``/``speaker2`` (the two
dialogue voices, in the course language). Lists longer than :data:`PAGE_SIZE` items go over several slides.
Every word written here comes from the ``video`` catalogue in the interface language. A quiz option is said
in the language it is in (:meth:`Voicing.option_voices`); the payload's own prose (titles, definitions,
questions, explanations, notes, summaries) in a subject course is in the course language, and said in its
voice when that differs from the interface language (:attr:`Voicing.prose`); in a language course its free
texts (questions, explanations, notes, summaries, key points) are said in the language their words clearly
say (:meth:`Voicing.free_voice`), the interface language's otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from lessonforge.domain.course import primary_subtag
from lessonforge.generation._lessons import Content
from lessonforge.generation._present import fold
from lessonforge.generation.assembly.truth import is_truth_pair, truth_of
from lessonforge.generation.video_languages import Evidence, lexicon, unquoted, word_score, words_of
from lessonforge.i18n import catalogue_language, translator

NARRATOR, COURSE = "narrator", "course"
SPEAKERS = ("speaker1", "speaker2")
VOICES = (NARRATOR, COURSE, *SPEAKERS)
PAGE_SIZE = 4
THINK_SECONDS = 3.5  # a quiz question stays on screen, silent, this long before its answer
_ENDS = ".!?\u2026\u3002\uff01\uff1f:;"
_QUOTES = "\u201d\u2019\"')\u00bb\u300d\u300f"
_CLOSING = frozenset(_ENDS)
_CLOSING_QUOTES = frozenset(_QUOTES)
_TRUTH_MESSAGES = {True: "True", False: "False"}
_BASIC = frozenset("abcdefghijklmnopqrstuvwxyz")  # letters every Latin-script language has: they tell none apart
_AROUND = f" {_ENDS},\u00a1\u00bf\u201c\u2018\u00ab\u300c\u300e({_QUOTES}"


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
    course_language: str | None = None  # the payload's ``language`` (BCP-47), None when unknown
    interface_language: str | None = None  # the learner's language (BCP-47)
    prose: str = NARRATOR  # the voice of the payload's own prose (:func:`prose_voice`)
    _known: list[tuple[frozenset[str], frozenset[str]]] = field(default_factory=list, compare=False, repr=False)
    _lexicons: list[tuple[frozenset[str], frozenset[str]]] = field(default_factory=list, compare=False, repr=False)
    _evidence: list[Evidence] = field(default_factory=list, compare=False, repr=False)
    _letters: list[tuple[frozenset[str], frozenset[str]]] = field(default_factory=list, compare=False, repr=False)

    def known_texts(self) -> tuple[frozenset[str], frozenset[str]]:
        """The level's course-language texts (terms, examples, sources, turns) and interface-language ones
        (meanings, translations), as :func:`text_key`: how a quiz option or a key point is known to be one or
        the other. Empty for a subject course. Worked out when a voice is first asked (a level of vocabulary
        never asks), then kept (a plain field, not ``functools.cached_property``: mypyc compiles that to a
        property that works it out again at every call)."""
        if not self._known:
            self._known.append(self._read_known_texts())
        return self._known[0]

    def _read_known_texts(self) -> tuple[frozenset[str], frozenset[str]]:
        if not self.language_course:
            return frozenset(), frozenset()
        course, interface = self._texts()
        return frozenset(text_key(text) for text in course), frozenset(text_key(text) for text in interface)

    def _texts(self) -> tuple[list[str], list[str]]:
        level = self.level
        course = [e.term for c in level for e in c.entries]
        course += [e.example for c in level for e in c.entries if e.example]
        course += [x.source for c in level for x in c.examples] + [t.text for c in level for t in c.turns]
        interface = [e.meaning for c in level for e in c.entries] + [x.translation for c in level for x in c.examples]
        return course, interface

    def evidence(self) -> Evidence:
        """What tells a free text's language (``video_languages.Evidence``): the words of the level's
        course-language texts and of its meanings and translations, each with its language's common words,
        and those course texts. Empty for a subject course or when the two languages are one (nothing to
        tell apart)."""
        if not self._evidence:
            self._evidence.append(self._read_evidence())
        return self._evidence[0]

    def _read_evidence(self) -> Evidence:
        course_language, interface_language = self.course_language, self.interface_language
        if not self.language_course or (
            course_language
            and interface_language
            and primary_subtag(course_language) == primary_subtag(interface_language)
        ):
            return Evidence(frozenset(), frozenset(), frozenset())
        course, interface = self._texts()
        words = lexicon(course, course_language), lexicon(interface, interface_language)
        return Evidence(*words, frozenset(course))

    def lexicons(self) -> tuple[frozenset[str], frozenset[str]]:
        """The words of each language that tell a quiz option's: :meth:`evidence`'s, the interface's with
        the words of the level's notes, quiz questions, explanations and summaries that are not in the course
        language (:meth:`free_voice`), without what they quote."""
        if not self._lexicons:
            self._lexicons.append(self._read_lexicons())
        return self._lexicons[0]

    def _read_lexicons(self) -> tuple[frozenset[str], frozenset[str]]:
        evidence = self.evidence()
        course_words, interface_words = evidence.course_words, evidence.interface_words
        if not course_words:
            return course_words, interface_words
        level = self.level
        prose = [x.note for c in level for x in c.examples if x.note]
        prose += [q.question for c in level for q in c.questions]
        prose += [q.explanation for c in level for q in c.questions if q.explanation]
        prose += [c.summary for c in level if c.summary]
        # what they quote is often the course language's
        interface = [unquoted(text) for text in prose if not evidence.says_course(text)]
        return course_words, interface_words.union(lexicon(interface, None))

    def free_voice(self, text: str) -> str:
        """The voice of a free text of the payload (a quiz question or explanation, a note, a summary, a key
        point; docs/generators.md, "Free texts"). A subject course says it with its prose voice; in a language
        course a known text of the level is said in its language (:meth:`voice_of`), any other in the course
        language when its words clearly say so (``video_languages.Evidence``), else by the narrator."""
        if not self.language_course:
            return self.prose
        voice = self.voice_of(text, "")
        if voice:
            return voice
        return COURSE if self.evidence().says_course(text) else self.prose

    def voice_of(self, text: str, default: str = NARRATOR) -> str:
        """The voice of a text the level does not label: ``course`` for a known course-language text,
        ``narrator`` for a known meaning or translation, else ``default``."""
        course_texts, interface_texts = self.known_texts()
        key = text_key(text)
        if key in course_texts:
            return COURSE
        return NARRATOR if key in interface_texts else default

    def option_voices(self, choices: Sequence[str]) -> list[str]:
        """The voice of each option of a quiz question (docs/generators.md, "Quiz options").

        A subject course says its options like its questions (its prose voice). In a language course each
        option is what it is: a true/false word is the interface language's (unless it is the course
        language's own word and not the interface's); a course-language text of the level (term, example,
        source, dialogue line) is the course's, a meaning or translation the interface's; any other option
        goes by its words (:meth:`language_by_words`). An option still undecided takes the language most of
        its question's decided options have, else the interface language's (the question's own)."""
        if not self.language_course:
            return [self.prose] * len(choices)
        found = [self._option_voice(choice) for choice in choices]
        rest = COURSE if found.count(COURSE) > found.count(NARRATOR) else NARRATOR
        return [voice or rest for voice in found]

    def _option_voice(self, text: str) -> str | None:
        truth = truth_of(text)
        if truth is not None:
            course_word = _truth_word(self.course_language, truth)
            return COURSE if text_key(text) == course_word != _truth_word(self.interface_language, truth) else NARRATOR
        voice = self.voice_of(text, "")
        return voice or self.language_by_words(text)

    def language_by_words(self, text: str) -> str | None:
        """``course`` when more of the words of ``text`` belong to the course language alone than to the
        interface language alone, ``narrator`` for the reverse; on a tie, the same count over its letters
        beyond the basic Latin ``a``-``z`` (``ó``, ``ß``, a kana: a letter one language's words use and the
        other's never do — every Latin-script language uses every basic letter, so a ``z`` tells nothing);
        None when neither tells (names, numbers, or one language on both sides)."""
        course_words, interface_words = self.lexicons()
        words = words_of(text)
        course, interface = word_score(words, course_words, interface_words)
        score = course - interface
        if not score and words:
            course_letters, interface_letters = self.letters()
            for letter in "".join(words):
                if letter in course_letters:
                    score += letter not in interface_letters
                elif letter in interface_letters:
                    score -= 1
        return COURSE if score > 0 else NARRATOR if score < 0 else None

    def letters(self) -> tuple[frozenset[str], frozenset[str]]:
        """The letters of each language's words (:meth:`lexicons`) but the basic Latin ones (:data:`_BASIC`)."""
        if not self._letters:
            course_words, interface_words = self.lexicons()
            course_letters = frozenset("".join(course_words)) - _BASIC
            self._letters.append((course_letters, frozenset("".join(interface_words)) - _BASIC))
        return self._letters[0]


def prose_voice(language_course: bool, language: str | None, interface: str | None) -> str:
    """The voice of the payload's own prose (titles, definitions, questions, options, explanations, notes,
    summaries, key points): in a language course it is written for the learner (the interface language's,
    ``narrator``); in a subject course it is in the course ``language``: ``course`` when that differs from
    the interface language (their primary subtags: French science for English speakers), else ``narrator``."""
    if language_course or not language or not interface:
        return NARRATOR
    return COURSE if primary_subtag(language) != primary_subtag(interface) else NARRATOR


def true_false(interface: str | None) -> tuple[str, str]:
    """The interface language's true and false words (the ``quiz`` catalogue's, as the test and module ask a
    true/false question)."""
    quiz = translator(interface, "quiz")
    return quiz.gettext(_TRUTH_MESSAGES[True]), quiz.gettext(_TRUTH_MESSAGES[False])


def _truth_word(language: str | None, truth: bool) -> str:
    """The true (or false) word of a language's ``quiz`` catalogue, as :func:`text_key`; empty for a language
    without a catalogue (its word is not known)."""
    if not language or catalogue_language(language) != primary_subtag(language):
        return ""
    message = _TRUTH_MESSAGES[truth]  # the quiz domain's msgids (a variable: not the video domain's)
    return text_key(translator(language, "quiz").gettext(message))


def text_key(text: str) -> str:
    """How two texts are the same words: spacing and case ignored, and the punctuation and quotation marks
    around them (``¿Algo más?`` and ``algo más`` are one text)."""
    return fold(text).strip(_AROUND)


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


def opening(title: str, lines: Sequence[str], v: Voicing, extra: Sequence[dict[str, str]] = ()) -> dict[str, Any]:
    """The lesson's title said over its first page."""
    return step(lines[:PAGE_SIZE], [say_closed(title, v.prose), *extra])


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
        parts.append(say_closed(entry.meaning, NARRATOR if v.language_course else v.prose))
        if entry.example:
            parts += [{"text": for_example, "voice": NARRATOR}, say_closed(entry.example, COURSE)]
        return parts

    return [opening(content.title, lines, v), *listed(lines, spoken)]


def examples_steps(content: Content, v: Voicing) -> list[dict[str, Any]]:
    examples = content.examples
    lines = [f"{x.source} — {x.translation}" for x in examples]

    def spoken(index: int) -> list[dict[str, str]]:
        line = examples[index]
        parts = [say_closed(line.source, COURSE), say_closed(line.translation, NARRATOR)]
        return parts + ([say_closed(line.note, v.free_voice(line.note))] if line.note else [])

    return [opening(content.title, lines, v), *listed(lines, spoken)]


def dialogue_steps(content: Content, v: Voicing) -> list[dict[str, Any]]:
    """The speakers take turns in two voices; their names are on the slide, never read out."""
    turns = content.turns
    order = list(dict.fromkeys(t.speaker for t in turns))
    lines = [f"{t.speaker}: {t.text}" for t in turns]

    def spoken(index: int) -> list[dict[str, str]]:
        turn = turns[index]
        return [say_closed(turn.text, SPEAKERS[order.index(turn.speaker) % len(SPEAKERS)])]

    intro = [say(v.words.gettext("Listen to the conversation."), NARRATOR)]
    return [opening(content.title, lines, v, intro), *listed(lines, spoken)]


def quiz_steps(content: Content, v: Voicing) -> list[dict[str, Any]]:
    """Each question with its options, :data:`THINK_SECONDS` of silence, then the answer shown and said.

    A true/false question (two choices, a true word and a false word in any language) is asked as the test
    and module ask it: the interface language's true then false words, said by the narrator."""
    steps = [
        step([], [say_closed(content.title, v.prose), say(v.words.gettext("Let's check what you know."), NARRATOR)])
    ]
    for question in content.questions:
        choices, answer_text = question.choices, question.answer
        if is_truth_pair(choices):
            choices = true_false(v.interface_language)
            at = 0 if truth_of(question.answer) else 1
            answer_text = choices[at]
            voices = [NARRATOR, NARRATOR]
        else:
            at = choices.index(answer_text)
            voices = v.option_voices(choices)
        lines = [question.question, *(f"{chr(65 + i)}) {c}" for i, c in enumerate(choices))]
        asked = [
            say(question.question, v.free_voice(question.question)),
            *(say_closed(c, voice) for c, voice in zip(choices, voices, strict=True)),
        ]
        steps.append(step(lines, asked, hold=THINK_SECONDS))
        answer = [say(v.words.gettext("The answer is:"), NARRATOR), say_closed(answer_text, voices[at])]
        if question.explanation:
            answer.append(say_closed(question.explanation, v.free_voice(question.explanation)))
        steps.append(step(lines, answer, highlight=1 + at))
    return steps


def review_steps(content: Content, v: Voicing) -> list[dict[str, Any]]:
    points = list(content.key_points)
    first = [say_closed(content.title, v.prose)]
    if content.summary:
        first.append(say_closed(content.summary, v.free_voice(content.summary)))
    steps = [step([content.summary] if content.summary else points[:PAGE_SIZE], first)]
    if points:
        steps.append(step(points[:PAGE_SIZE], [say(v.words.gettext("Key points:"), NARRATOR)]))
        steps += listed(points, lambda i: [say_closed(points[i], v.free_voice(points[i]))])
    return steps


def unknown_steps(content: Content, v: Voicing) -> list[dict[str, Any]]:
    """A lesson type no generator knows: its prose, never its labels or metadata (single words, numbers)."""
    lines = prose(content.extra)
    return [opening(content.title, lines, v), *listed(lines, lambda i: [say_closed(lines[i], v.prose)])]


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
