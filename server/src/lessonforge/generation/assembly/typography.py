"""Typography per interface language: quotation marks, one terminal mark per sentence, initial capitals.

Quotation marks follow the Unicode CLDR delimiters of each language: English and Portuguese (Brazil, CLDR's
``pt``) “ ”, German „ “, Spanish, Italian and European Portuguese (``pt-PT``) « », French « » with a narrow
no-break space (U+202F) inside the marks and before ``; : ! ?``. Other languages get “ ”.
"""

from __future__ import annotations

import re
from functools import lru_cache

NNBSP = "\u202f"
_MARKS: dict[str, tuple[str, str]] = {
    "en": ("“", "”"),
    "pt": ("“", "”"),
    "de": ("„", "“"),
    "es": ("«", "»"),
    "it": ("«", "»"),
    "pt-pt": ("«", "»"),
    "fr": ("«" + NNBSP, NNBSP + "»"),
}
CLOSING = "”“»\u2019\"'"
TERMINAL = ".?!…"
# A terminal mark closed by a quotation mark and followed by another terminal mark: keep the first.
_DOUBLED_AT_QUOTE = re.compile(rf"([{re.escape(TERMINAL)}][\s{NNBSP}]*[{re.escape(CLOSING)}])[\s{NNBSP}]*[.?!]")
# A sentence that ends with ``?.``, ``!.``, ``….``, ``....`` or a lone ``..``: the last period is one too many.
_DOUBLED_AT_END = re.compile(r"(?:(?<=[?!…])|(?<=\.\.\.)|(?<=[^.]\.))\.$")
_SPACES = re.compile(r"[ \t\r\n]+")
_FRENCH_SPACE = re.compile(r"[ \u00a0\u202f]*([;:!?])")


@lru_cache(maxsize=256)
def base_language(language: str | None) -> str:
    """``fr-CA`` → ``fr``; ``pt-PT`` stays ``pt-pt`` (its quotation marks differ); None → ``en``."""
    tag = (language or "en").strip().lower().replace("_", "-")
    return "pt-pt" if tag.startswith("pt-pt") else tag.split("-")[0] or "en"


@lru_cache(maxsize=256)
def quotes(language: str | None) -> tuple[str, str]:
    """The opening and closing quotation marks of ``language`` (with French spacing)."""
    return _MARKS.get(base_language(language), _MARKS.get(base_language(language).split("-")[0], ("“", "”")))


def quote(text: str, language: str | None) -> str:
    """``text`` between the language's quotation marks, trimmed."""
    opening, closing = quotes(language)
    return f"{opening}{text.strip()}{closing}"


def tidy(sentence: str, language: str | None) -> str:
    """One terminal mark per sentence and a capital first letter (French spacing is the template's:
    ``space_template``, so quoted course-language text is never respaced).

    ``How do you say “How much is it?”?`` → ``How do you say “How much is it?”``; a mark that closes the
    sentence's ``¿``/``¡`` stays: ``¿Cómo se dice «¿Cuánto cuesta?»?``.
    """
    text = _SPACES.sub(" ", sentence).strip(" ") if _loose(sentence) else sentence  # no-break spaces stay
    if _mark_before_end(text) and _DOUBLED_AT_QUOTE.search(text):
        whole = text
        text = _DOUBLED_AT_QUOTE.sub(lambda found: _one_mark(found, whole), text)
    if text.endswith(".") and len(text) > 1 and text[-2] in TERMINAL:
        text = _DOUBLED_AT_END.sub("", text)
    return capitalise(text)


_INVERTED = {"?": "¿", "!": "¡"}
_QUOTED = re.compile('«[^»]*»|“[^”]*”|„[^“”]*[“”]|"[^"]*"')
"""What a sentence quotes (each language's marks): its own marks are counted without it."""


def closes_inverted_mark(before: str, mark: str) -> bool:
    """Whether ``mark`` (``?``, ``!``) closes an inverted mark (``¿``, ``¡``) that ``before`` opened and left open."""
    opener = _INVERTED.get(mark)
    return opener is not None and before.count(opener) > before.count(mark)


def _one_mark(found: re.Match[str], text: str) -> str:
    """A doubled mark at a closing quotation mark, reduced to the first, unless the second closes an inverted
    mark the sentence itself opened, outside what it quotes (Spanish ``¿Cómo se dice «¿Cuánto cuesta?»?`` and
    ``¿Qué significa «How much is it?»?`` keep both)."""
    mark = found.group(0)[-1]
    opener = _INVERTED.get(mark)
    if opener is not None:
        own = _QUOTED.sub("", text)
        if own.count(opener) >= own.count(mark):
            return found.group(0)
    return found.group(1)


def _mark_before_end(text: str) -> bool:
    """Whether a terminal mark occurs before the last two characters (``_DOUBLED_AT_QUOTE`` needs one there:
    most sentences have their only mark at the end, and four searches cost less than the pattern's)."""
    end = len(text) - 2
    return any(text.find(mark, 0, end) >= 0 for mark in TERMINAL)


def _loose(text: str) -> bool:
    """Whether spacing needs collapsing: a tab or line break, a doubled space, a space at either end."""
    return "  " in text or "\n" in text or "\t" in text or "\r" in text or text.startswith(" ") or text.endswith(" ")


def space_template(template: str, language: str | None) -> str:
    """A message template's own spacing (French ``; : ! ?``), applied before values are filled in."""
    return _french_spacing(template) if base_language(language) == "fr" else template


def _french_spacing(text: str) -> str:
    """A narrow no-break space before ``; : ! ?`` that follow a word or a closing mark (not ``?!`` runs, URLs)."""
    out: list[str] = []
    last = 0
    for found in _FRENCH_SPACE.finditer(text):
        start = found.start()
        before = text[start - 1] if start else ""
        after = text[found.end() : found.end() + 1]
        if not before or before in ";:!?" or (found.group(1) == ":" and after == "/"):
            continue
        out += [text[last:start], NNBSP, found.group(1)]
        last = found.end()
    return "".join(out) + text[last:]


def capitalise(text: str) -> str:
    """The first letter upper-cased, whatever opens the sentence (``¿``, ``«``, quotes); a sentence that opens
    with a number or a blank (``_____``) stays as it is (``_____ est de 750 euros``)."""
    first = text[:1]
    if first.isalpha():  # the usual case, without the loop
        return first.upper() + text[1:] if first.islower() else text
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1 :] if char.islower() else text
        if char.isdigit() or char == "_":
            return text
    return text


def terminal(text: str) -> bool:
    """Whether ``text`` already ends a sentence (``.?!…``, possibly inside closing quotation marks)."""
    stripped = text.rstrip(CLOSING + " " + NNBSP)
    return bool(stripped) and stripped[-1] in TERMINAL
