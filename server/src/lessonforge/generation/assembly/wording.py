"""Every word a quiz writes itself, per course kind, in the interface language (gettext domain ``quiz``).

msgids are the English texts with ``{name}`` placeholders. Values are inserted already quoted with the
interface language's quotation marks; the template's own spacing (French ``« »``, `` ?``), one terminal
mark per sentence and the initial capital are then settled by ``typography``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Literal, Protocol

from lessonforge.generation.assembly.keys import Words, is_word_char, tokens, words
from lessonforge.generation.assembly.typography import closes_inverted_mark, quote, space_template, terminal, tidy
from lessonforge.i18n import gettext_noop


class Messages(Protocol):
    """A gettext translator (``lessonforge.i18n.translator(language, "quiz")``)."""

    def gettext(self, message: str, /, **values: object) -> str: ...


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
TERMINAL_MARKS = frozenset(".?!")
Kind = Literal["language", "subject"]
_Step = tuple[str, str, str | None, Words, bool, bool, bool]
_Template = tuple[str, Words, bool, tuple[_Step, ...]]
_Quoted = tuple[str, bool, Words]
_EXPLANATIONS = frozenset(
    ("explain", "match_explain", "example_explain", "reply_explain", "who_explain", "point_explain", "source_explain")
)
"""Messages no item shows before it is answered: their words are never looked for keys."""

_LANGUAGE: Mapping[str, str] = {
    "meaning": gettext_noop("What does {term} mean?"),
    "term": gettext_noop("Which word or phrase means {meaning}?"),
    "true_false": gettext_noop("True or false: {term} means {meaning}."),
    "blank": gettext_noop("Fill in the blank with the word that means {meaning}: {sentence}"),
    "explain": gettext_noop("{term} means {meaning}."),
    "match": gettext_noop("Match each word from {lesson} with its meaning."),
    "match_part": gettext_noop("Match each word from {lesson} with its meaning (part {part})."),
    "match_explain": gettext_noop("Each word is paired with its meaning."),
    "example_meaning": gettext_noop("What does {sentence} mean?"),
    "example_say": gettext_noop("How do you say {translation}?"),
    "example_true_false": gettext_noop("True or false: {sentence} means {translation}."),
    "example_blank": gettext_noop("Complete the sentence that means {translation}: {sentence}"),
    "example_explain": gettext_noop("{sentence} means {translation}."),
}
_SUBJECT: Mapping[str, str] = {
    "meaning": gettext_noop("What is {term}?"),
    "term": gettext_noop("Which term does this definition describe: {meaning}?"),
    "true_false": gettext_noop("True or false: {term} is {meaning}."),
    "blank": gettext_noop("Complete the sentence with the right term: {sentence}"),
    "explain": gettext_noop("{term} is {meaning}."),
    "match": gettext_noop("Match each term from {lesson} with its definition."),
    "match_part": gettext_noop("Match each term from {lesson} with its definition (part {part})."),
    "match_explain": gettext_noop("Each term is paired with its definition."),
    "example_meaning": gettext_noop("Which explanation goes with {sentence}?"),
    "example_say": gettext_noop("Which example goes with this explanation: {translation}?"),
    "example_true_false": gettext_noop("True or false: {translation} explains {sentence}."),
    "example_blank": gettext_noop("Complete the example that goes with {translation}: {sentence}"),
    "example_explain": gettext_noop("{sentence}: {translation}."),
}
_COMMON: Mapping[str, str] = {
    "reply": gettext_noop("In {dialogue}, what does {speaker} answer when {other} says {line}?"),
    "reply_explain": gettext_noop("{speaker} answers {line}."),
    "who": gettext_noop("Who says {line} in {dialogue}?"),
    "who_explain": gettext_noop("{speaker} says {line} in {dialogue}."),
    "point_blank": gettext_noop("Complete this key point of {lesson}: {sentence}"),
    "point_true_false": gettext_noop("True or false: {statement}"),
    "point_which": gettext_noop("Which statement about {lesson} is true?"),
    "point_explain": gettext_noop("A key point of {lesson}: {point}"),
    "source_explain": gettext_noop("The correct answer is {answer}."),
    "true": gettext_noop("True"),
    "false": gettext_noop("False"),
}


@dataclass(frozen=True)
class Wording:
    """The quiz's own words for one course kind and interface language."""

    kind: Kind
    language: str
    messages: Messages
    _templates: dict[str, _Template] = field(default_factory=dict, compare=False, repr=False)
    _quoted: dict[str, _Quoted] = field(default_factory=dict, compare=False, repr=False)
    _true_false: list[str] = field(default_factory=list, compare=False, repr=False)
    _stem_words: dict[str, Words] = field(default_factory=dict, compare=False, repr=False)

    def text(self, name: str, /, *, plain: Mapping[str, str] | None = None, **quoted: str) -> str:
        """The message ``name`` with ``quoted`` values between quotation marks and ``plain`` ones as they are;
        a value that ends a sentence (``“How much is it?”``) takes the place of the template's own mark, except
        a mark that closes the template's ``¿`` or ``¡`` (``¿Cómo se dice «¿Cuánto cuesta?»?``).

        The words of a question are assembled from its parts' words as it is written (``words_of``)."""
        first, first_words, ends_word, steps = self._templates.get(name) or self._template(name)
        out = [first]
        found: list[str] | None = list(first_words) if name not in _EXPLANATIONS else None
        for key, literal, unmarked, literal_words, opens_word, unmarked_opens_word, literal_ends_word in steps:
            value = plain.get(key) if plain else None
            if value is not None:
                ends = unmarked is not None and terminal(value)
                if found is not None:  # a plain value may run into the text around it: then read the whole
                    if ends_word and _opens_word(value):
                        found = None
                    else:
                        found.extend(tokens(value))
                value_ends_word = _ends_word(value) if value else ends_word  # empty: the texts around it meet
            else:
                value, ends, value_words = self._quote(quoted[key]) if key in quoted else _unknown(key)
                if found is not None:
                    found.extend(value_words)
                value_ends_word = False  # between quotation marks (or braces)
            out.append(value)
            if ends and unmarked is not None:
                literal, opens_word = unmarked, unmarked_opens_word
            out.append(literal)
            if found is not None:
                if value_ends_word and opens_word:
                    found = None
                else:
                    found.extend(literal_words)
            ends_word = literal_ends_word if literal else value_ends_word
        written = "".join(out)
        text = tidy(written, self.language)
        if found is not None and _same_words_when_capitalised(written):
            self._stem_words[text] = tuple(found)
        return text

    def words_of(self, text: str) -> Words | None:
        """The words of a question this wording wrote (as ``keys.words`` reads them), None for other texts;
        handed over once (the record goes: a level's questions are many, and each is read once)."""
        return self._stem_words.pop(text, None)

    def _template(self, name: str) -> _Template:
        """The message ``name`` in this language, split once: its first literal with its words and whether
        it ends in a word character, then per placeholder its name, the literal after it, that literal
        without its opening terminal mark (None without one), its words, and where it meets word characters."""
        table = _SUBJECT if self.kind == "subject" and name in _SUBJECT else _LANGUAGE if name in _LANGUAGE else _COMMON
        parts = _PLACEHOLDER.split(space_template(self.messages.gettext(table[name]), self.language))
        steps = []
        for n in range(1, len(parts), 2):
            literal = parts[n + 1]
            closes_opener = closes_inverted_mark("".join(parts[0:n:2]), literal[:1])  # ¿…? keeps its ?
            unmarked = literal[1:] if literal[:1] in TERMINAL_MARKS and not closes_opener else None
            opens = _opens_word(literal)
            steps.append(
                (parts[n], literal, unmarked, tokens(literal), opens, _opens_word(unmarked or ""), _ends_word(literal))
            )
        found = self._templates[name] = (parts[0], tokens(parts[0]), _ends_word(parts[0]), tuple(steps))
        return found

    def later(self, name: str, /, *, plain: Mapping[str, str] | None = None, **quoted: str) -> Callable[[], str]:
        """``text`` written only when called (a false statement that balance may never choose)."""
        return partial(self.text, name, plain=plain, **quoted)

    def _quote(self, value: str) -> _Quoted:
        """``value`` quoted for a sentence, whether it ends one, and its words (memoised: a term or meaning
        is quoted in several sentences)."""
        found = self._quoted.get(value)
        if found is None:
            text = quote(_inner(value), self.language)
            found = self._quoted[value] = (text, terminal(text), words(value))
        return found

    @property
    def true_false(self) -> list[str]:
        """The two options of a true-false item: the true word, then the false word (a new list each time)."""
        if not self._true_false:  # looked up once: a level asks thousands of statements
            self._true_false.extend(self.messages.gettext(_COMMON[word]) for word in ("true", "false"))
        return list(self._true_false)


def _inner(value: str) -> str:
    """A value quoted inside a sentence loses a final period (the sentence has its own mark)."""
    text = " ".join(value.split())
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _opens_word(text: str) -> bool:
    return bool(text) and is_word_char(text[0].casefold()[:1])


def _ends_word(text: str) -> bool:
    return bool(text) and is_word_char(text[-1].casefold()[-1:])


def _unknown(key: str) -> _Quoted:
    """A placeholder no value was given for: written as it is."""
    text = "{" + key + "}"
    return text, False, tokens(text)


def _same_words_when_capitalised(text: str) -> bool:
    """Whether ``typography.capitalise`` leaves the words of ``text`` as they were (case-folded): true but
    for a few letters whose capital folds to another letter (the dotless i, U+0131)."""
    for char in text:
        if char.isalpha():
            return not char.islower() or char.upper().casefold() == char.casefold()
        if char.isdigit():
            return True
    return True
