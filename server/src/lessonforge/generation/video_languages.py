"""Which of a course's two languages a text is in, told by its words: the level's own texts of each
language, and the most common words of the catalogue languages (docs/generators.md, "Quiz options" and
"Free texts"). The video (``video_script.Voicing``) and the share page (``_page_languages``) both use it.

Pure data and word splitting: ``word_score`` weighs the evidence, ``Evidence.says_course`` is the cautious
rule for the payload's free texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from lessonforge.domain.course import primary_subtag

_WORD = re.compile(r"[^\W\d_]+")  # letters only: numbers and punctuation belong to no language
_QUOTED = re.compile(  # guillemets, double quotes, corner brackets; single quotes that are not apostrophes
    r"\u00ab[^\u00bb]*\u00bb|\u201c[^\u201d]*\u201d|\u201e[^\u201c\u201d]*[\u201c\u201d]|\"[^\"]*\"|\u300c[^\u300d]*\u300d"
    r"|(?<!\w)'[^']*'(?!\w)|(?<!\w)\u2018[^\u2019]*\u2019(?!\w)"
)

COMMON_WORDS: Mapping[str, frozenset[str]] = {
    language: frozenset(words.split())
    for language, words in {
        "en": "the a an and or of to in on at for with from by as is are was were be been it this that these those"
        " he she they we you i his her its their my your our not no yes what which who how why where when do does"
        " did has have had but there some any very too please thank true false",
        "es": "el la los las un una unos unas y o de del al en con por para es son está están estoy soy eres que"
        " qué no sí se su sus mi mis tu tus yo tú él ella nosotros ustedes este esta estos estas ese esa muy pero"
        " cómo cuánto cuánta dónde cuándo hay lo le les me te nos también gracias verdadero falso",
        "fr": "le la les un une des du de et ou en au aux avec pour par dans sur est sont être avoir a ont je tu il"
        " elle nous vous ils elles ce cette ces son sa ses mon ma mes ton ta leur qui que quoi ne pas oui non mais"
        " très aussi comment où combien quand merci vrai faux",
        "de": "der die das den dem des ein eine einen einem einer und oder in im mit von vom zu zum zur für auf"
        " ist sind bin bist war ich du er sie es wir ihr nicht kein keine ja nein was wie wo wer wann auch sehr"
        " aber bitte danke wahr falsch richtig",
        "it": "il lo la i gli le un uno una e o di del della dei da in con per su è sono che non sì io tu lui lei"
        " noi voi loro mio mia questo questa come dove quanto quando anche molto ma grazie vero falso sbagliato",
        "pt": "o a os as um uma e ou de do da dos das em no na nos nas com por para é são está estão eu você ele"
        " ela nós eles elas não sim que meu minha seu sua este esta isso muito mas como onde quanto quando"
        " também obrigado obrigada verdadeiro falso errado",
    }.items()
}
"""The most common words (articles, pronouns, prepositions, a few verbs, yes/no, true/false) of each
catalogue language, lower case. A word two languages share (``la``, ``de``, ``que``) tells neither apart."""


def words_of(text: str) -> list[str]:
    """The words of ``text``, case-folded (``l'orange`` → ``l``, ``orange``; numbers left out)."""
    return _WORD.findall(text.casefold())


def unquoted(text: str) -> str:
    """``text`` without what it quotes (``Que veut dire « el pan » ?`` → ``Que veut dire  ?``): a question
    or an explanation quotes the other language."""
    return _QUOTED.sub(" ", text)


def lexicon(texts: Iterable[str], language: str | None) -> frozenset[str]:
    """The words of ``texts`` and the common words of ``language`` (none for a language without a list)."""
    common = COMMON_WORDS.get(primary_subtag(language), frozenset()) if language else frozenset()
    return common.union(words_of("\n".join(texts)))  # one pass over all the texts


MIN_COURSE_WORDS = 2
"""A free text is in the course language only with at least this many course-only words (all of its words
when it has fewer)."""
MIN_NAMED = 4
"""A course text this long (or of several words) is a term or sentence a free text may name; shorter ones
("no", "sí") could be words of the free text's own language."""


def word_score(words: Iterable[str], course_words: frozenset[str], interface_words: frozenset[str]) -> tuple[int, int]:
    """How many of ``words`` belong to the course language alone, and how many to the interface language alone."""
    course = interface = 0
    for word in words:
        if word in course_words:
            course += word not in interface_words
        elif word in interface_words:
            interface += 1
    return course, interface


@dataclass(frozen=True)
class Evidence:
    """What tells a free text's language: the words of each language (:func:`lexicon`) and the level's
    course-language texts (terms, examples, sources, dialogue lines), which a free text in either language
    may name."""

    course_words: frozenset[str]
    interface_words: frozenset[str]
    course_texts: frozenset[str]

    def says_course(self, text: str) -> bool:
        """Whether the words of a free text (a key point, a summary, a source question, a note) clearly say it
        is in the course language. Its own words count, not what it quotes (:func:`unquoted`) nor the course
        texts it names (``Nouns have a gender: el café, la cuenta.``): more than twice as many belong to the
        course language alone as to the interface language alone, and at least :data:`MIN_COURSE_WORDS` do
        (every word of a shorter text). Anything else (a name, a number, a text in a third language) stays
        the interface language's. False when there are no course words (one language, a subject course)."""
        if not self.course_words:
            return False
        words = _without_named(words_of(unquoted(text)), _named(self.course_texts))
        course, interface = word_score(words, self.course_words, self.interface_words)
        return course > 2 * interface and course >= min(MIN_COURSE_WORDS, len(words))


Named = dict[str, tuple[frozenset[tuple[str, ...]], tuple[int, ...]]]
"""First word → the word sequences of the course texts starting with it, and their lengths, longest first."""


@lru_cache(maxsize=64)
def _named(texts: frozenset[str]) -> Named:
    """The course texts a free text may name (of ``MIN_NAMED`` characters or two words), by their words,
    indexed by first word: a text is scanned once, trying only the lengths of the texts its words start
    (one pattern of every course text made a 1000-lesson level's video cost three times per lesson what 100 did)."""
    found: dict[str, set[tuple[str, ...]]] = {}
    for text in texts:
        if len(text) >= MIN_NAMED or " " in text.strip():
            words = tuple(words_of(text))
            if words:
                found.setdefault(words[0], set()).add(words)
    return {
        first: (frozenset(seqs), tuple(sorted({len(seq) for seq in seqs}, reverse=True)))
        for first, seqs in found.items()
    }


def _without_named(words: list[str], named: Named) -> list[str]:
    """``words`` without the course texts they name (the longest at each place, left to right): linear in the
    words times the few lengths of the texts starting with each word."""
    kept: list[str] = []
    i = 0
    while i < len(words):
        entry = named.get(words[i])
        if entry is not None:
            seqs, lengths = entry
            length = next((n for n in lengths if tuple(words[i : i + n]) in seqs), 0)
            if length:
                i += length
                continue
        kept.append(words[i])
        i += 1
    return kept
