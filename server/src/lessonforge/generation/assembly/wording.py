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

from lessonforge.generation.assembly.typography import quote, space_template, terminal, tidy
from lessonforge.i18n import gettext_noop


class Messages(Protocol):
    """A gettext translator (``lessonforge.i18n.translator(language, "quiz")``)."""

    def gettext(self, message: str, /, **values: object) -> str: ...


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
TERMINAL_MARKS = frozenset(".?!")
Kind = Literal["language", "subject"]
_Template = tuple[str, tuple[tuple[str, str, str | None], ...]]

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
    _quoted: dict[str, tuple[str, bool]] = field(default_factory=dict, compare=False, repr=False)
    _true_false: list[str] = field(default_factory=list, compare=False, repr=False)

    def text(self, name: str, /, *, plain: Mapping[str, str] | None = None, **quoted: str) -> str:
        """The message ``name`` with ``quoted`` values between quotation marks and ``plain`` ones as they are;
        a value that ends a sentence (``“How much is it?”``) takes the place of the template's own mark."""
        template = self._templates.get(name) or self._template(name)
        out = [template[0]]
        for key, literal, unmarked in template[1]:
            value = plain.get(key) if plain else None
            if value is not None:
                ends = unmarked is not None and terminal(value)
            elif key in quoted:
                value, ends = self._quote(quoted[key])
            else:
                value, ends = "{" + key + "}", False
            out.append(value)
            out.append(unmarked if ends and unmarked is not None else literal)
        return tidy("".join(out), self.language)

    def _template(self, name: str) -> _Template:
        """The message ``name`` in this language, split once: its first literal, then per placeholder its
        name, the literal after it, and that literal without its opening terminal mark (None without one)."""
        table = _SUBJECT if self.kind == "subject" and name in _SUBJECT else _LANGUAGE if name in _LANGUAGE else _COMMON
        parts = _PLACEHOLDER.split(space_template(self.messages.gettext(table[name]), self.language))
        steps = tuple(
            (parts[n], parts[n + 1], parts[n + 1][1:] if parts[n + 1][:1] in TERMINAL_MARKS else None)
            for n in range(1, len(parts), 2)
        )
        found = self._templates[name] = (parts[0], steps)
        return found

    def later(self, name: str, /, *, plain: Mapping[str, str] | None = None, **quoted: str) -> Callable[[], str]:
        """``text`` written only when called (a false statement that balance may never choose)."""
        return partial(self.text, name, plain=plain, **quoted)

    def _quote(self, value: str) -> tuple[str, bool]:
        """``value`` quoted for a sentence, and whether it ends one (memoised: a term or meaning is quoted
        in several sentences)."""
        found = self._quoted.get(value)
        if found is None:
            text = quote(_inner(value), self.language)
            found = self._quoted[value] = (text, terminal(text))
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
