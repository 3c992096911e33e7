"""The share page's own texts (buttons, verdicts, progress lines, headings) in the module's interface language.

They come from the ``module`` message domain (``lessonforge.i18n``). Templates call ``_``/``ngettext`` (escaped
markup); the page script gets the texts it builds at run time, keyed by a name of its own, with every plural
form and the form index of each count it can meet (so the script needs no plural rule of its own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from lessonforge.i18n import Translator, translator

_PLACEHOLDER_SPLIT = re.compile(r"\{(\w+)\}")
Text = str | list[str]


def _script_texts(t: Translator, subject: bool) -> dict[str, Text]:
    """What ``_page.js`` says, by the key it uses; a list is the plural forms of a text with ``{count}``.
    A subject course pairs terms with definitions, a language course words with meanings."""
    choose = t.gettext("Now choose its definition.") if subject else t.gettext("Now choose its meaning.")
    return {
        "flashcards.position": list(
            t.plural_forms("Card {position} of {total} · {count} seen", "Card {position} of {total} · {count} seen")
        ),
        "matching.choose_meaning": choose,
        "matching.choose_term": t.gettext("Now choose the term."),
        "matching.correct": t.gettext("Correct: {term} — {meaning}."),
        "matching.done": t.gettext("All pairs matched!"),
        "matching.wrong": t.gettext("Not a match: {term} — {meaning}. Try again."),
        "reveal.show": t.gettext("Show translation"),
        "reveal.hide": t.gettext("Hide translation"),
        "dialogue.position": t.gettext("Line {line} of {total}."),
        "dialogue.end": t.gettext("Line {line} of {total} — the end."),
        "quiz.answered": t.gettext("Answered."),
        "quiz.correct": t.gettext("Correct!"),
        "quiz.wrong": t.gettext("Not quite. The answer is: {answer}."),
        "progress.line": t.gettext("Your progress — {parts}"),
        "progress.separator": t.gettext(" · "),
        "progress.flashcards": t.gettext("Flashcards seen: {seen} of {total}"),
        "progress.quiz": list(
            t.plural_forms(
                "Quiz score: {score} of {total} ({count} answered)",
                "Quiz score: {score} of {total} ({count} answered)",
            )
        ),
        "progress.self_check": t.gettext("Self-check: {ticked} of {total}"),
        "practice.score": t.gettext("Score: {score} / {total}"),
        "practice.best": t.gettext("Best score on this version: {score} / {total}"),
        "practice.wrong": t.gettext("Not quite."),
        "drill.count": list(
            t.plural_forms("{count} card to go · {known} known", "{count} cards to go · {known} known")
        ),
        "drill.known": t.gettext("Known: this card is done."),
        "drill.again": t.gettext("Not yet: this card comes back in a moment."),
        "drill.done": t.gettext("Every card known. Well done!"),
        "recall.count": list(
            t.plural_forms(
                "Term {position} of {total} · {count} typed right", "Term {position} of {total} · {count} typed right"
            )
        ),
        "reset.confirm": t.gettext("Reset my progress? Your answers, scores and cards on this page will be forgotten."),
        "audio.unavailable": t.gettext("Audio not available"),
        "typed.accents": t.gettext("Right — mind the accents: {answer}"),
        "typed.near": list(
            t.plural_forms(
                "So close: {count} letter off. The answer is: {answer}.",
                "So close: {count} letters off. The answer is: {answer}.",
            )
        ),
    }


@dataclass(frozen=True)
class PageTexts:
    """The interface texts of one page: plain text for the view, markup for templates, JSON for the script."""

    translator: Translator

    @property
    def language(self) -> str:
        return self.translator.language

    def gettext(self, message: str, /, **values: object) -> str:
        """Plain text, placeholders filled (escaping is left to the template's autoescape)."""
        return self.translator.gettext(message, **values)

    def markup(self, message: str, /, **values: object) -> Markup:
        """Escaped for HTML; values are escaped too unless they are ``Markup`` (a ``<span>`` hook of the page)."""
        if not values:
            return _static_markup(self.translator, message)
        return _markup(self.translator.translations.gettext(message), values)

    def nmarkup(self, singular: str, plural: str, n: int, /, **values: object) -> Markup:
        return _markup(self.translator.translations.ngettext(singular, plural, n), {"count": n, **values})

    def script_data(self, max_count: int, *, subject: bool = False) -> dict[str, Any]:
        """The script's texts and the plural form of every count from 0 to ``max_count``."""
        plural = [self.translator.plural_index(n) for n in range(max_count + 1)]
        return {"language": self.language, "plural": plural, "texts": _script_texts(self.translator, subject)}


def page_texts(tag: str | None) -> PageTexts:
    """The texts for an interface language tag (English for any language without a catalogue)."""
    return PageTexts(translator(tag, "module"))


@lru_cache(maxsize=4096)
def _static_markup(t: Translator, message: str) -> Markup:
    """A text without values, escaped once per translator (the page's buttons and headings)."""
    return _markup(t.translations.gettext(message), {})


def _markup(template: str, values: dict[str, object]) -> Markup:
    return Markup("").join(
        (escape(values[part]) if part in values else escape("{" + part + "}")) if n % 2 else escape(part)
        for n, part in enumerate(_PLACEHOLDER_SPLIT.split(template))
    )
