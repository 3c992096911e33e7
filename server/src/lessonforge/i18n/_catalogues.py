"""Loads the gettext catalogues: each ``.po`` read by Babel and compiled to an in-memory ``.mo`` once per process.

No binary is committed or built: the ``.po`` files are the only source, so a catalogue edit is live at the next
start. A translator is looked up by the catalogue language (``es-MX`` → ``es``), so the cache stays bounded
whatever tags payloads send.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from io import BytesIO

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

FALLBACK = "en"
"""The source language: msgids are English, and every unknown language reads the English catalogue."""

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_SUBTAG = re.compile(r"[-_]")


def gettext_noop(message: str) -> str:
    """Marks a msgid for extraction where the text is translated later (a table of headings, say)."""
    return message


def fill(template: str, values: Mapping[str, object]) -> str:
    """``{name}`` placeholders replaced by ``values``; unknown ones are kept as written (never ``str.format``)."""
    if not values or "{" not in template:  # nothing to fill (most messages): skip the regex
        return template
    return _PLACEHOLDER.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], template)


def _locales() -> Traversable:
    return resources.files("lessonforge.i18n").joinpath("locales")


@cache
def domains() -> tuple[str, ...]:
    """The message domains: one ``locales/<domain>.pot`` template each."""
    return tuple(sorted(f.name.removesuffix(".pot") for f in _locales().iterdir() if f.name.endswith(".pot")))


@cache
def languages() -> tuple[str, ...]:
    """The catalogue languages (a ``locales/<lang>/LC_MESSAGES`` folder each), English first."""
    found = {f.name for f in _locales().iterdir() if f.is_dir() and f.joinpath("LC_MESSAGES").is_dir()}
    return (FALLBACK, *sorted(found - {FALLBACK}))


def language_tag(value: object) -> str | None:
    """``value`` when it is a well-formed language tag (BCP-47 syntax, as ``xml:lang`` and ``lang`` need)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    return text if _TAG.fullmatch(text) else None


def catalogue_language(tag: str | None) -> str:
    """The catalogue for a BCP-47 tag: ``es``, ``es-MX``, ``ES_mx`` → ``es``; unknown, empty or ``und`` → ``en``."""
    primary = _SUBTAG.split((tag or "").strip(), maxsplit=1)[0].lower()
    return primary if primary in languages() else FALLBACK


def written_language(tag: str) -> str:
    """The language a text for ``tag`` is really written in: ``tag`` when it has a catalogue (``pt-BR``), else the
    fallback catalogue's (``nl`` → ``en``: its words are English, so is its language tag)."""
    catalogue = catalogue_language(tag)
    return tag if catalogue == _SUBTAG.split(tag.strip(), maxsplit=1)[0].lower() else catalogue


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a cache key for texts made from it
class Translator:
    """The messages of one domain in one language; a message without a translation reads English."""

    language: str
    domain: str
    translations: gettext.NullTranslations
    plurals: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    plural_expr: str = "(n != 1)"

    @classmethod
    def from_catalog(cls, catalog: Catalog, domain: str) -> Translator:
        """A translator over a Babel catalogue (as read from a ``.po``), compiled to an in-memory ``.mo``."""
        buffer = BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        plurals = {
            str(m.id[0]): tuple(str(s) for s in m.string)
            for m in catalog
            if isinstance(m.id, tuple | list) and isinstance(m.string, tuple | list) and all(m.string) and not m.fuzzy
        }
        language = str(catalog.locale) if catalog.locale else FALLBACK
        return cls(language, domain, gettext.GNUTranslations(buffer), plurals, catalog.plural_expr)

    def gettext(self, message: str, /, **values: object) -> str:
        """The translation of ``message`` with its ``{placeholders}`` filled from ``values``."""
        return fill(self.translations.gettext(message), values)

    def pgettext(self, context: str, message: str, /, **values: object) -> str:
        """Like ``gettext`` for a msgid that needs a context to be translated (``msgctxt``)."""
        return fill(self.translations.pgettext(context, message), values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        """The form for ``n`` (the language's own plural rule); ``{count}`` is ``n`` unless given."""
        return fill(self.translations.ngettext(singular, plural, n), {"count": n, **values})

    def plural_index(self, n: int) -> int:
        """Which plural form ``n`` takes in this language (gettext's ``Plural-Forms`` rule)."""
        return _plural_rule(self.plural_expr)(n)

    def plural_forms(self, singular: str, plural: str) -> tuple[str, ...]:
        """Every plural form of a message, in form order (for a page script that chooses by ``plural_index``)."""
        return self.plurals.get(singular) or (singular, plural)


@cache
def _plural_rule(expression: str) -> Callable[[int], int]:
    return gettext.c2py(expression)


@cache
def _load(language: str, domain: str) -> Translator:
    if domain not in domains():
        raise KeyError(f"unknown message domain {domain!r}")
    path = _locales().joinpath(language, "LC_MESSAGES", f"{domain}.po")
    if not path.is_file():
        return (
            _load(FALLBACK, domain)
            if language != FALLBACK
            else Translator(FALLBACK, domain, gettext.NullTranslations())
        )
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=domain)
    return Translator.from_catalog(catalog, domain)


def translator(language: str | None, domain: str) -> Translator:
    """The translator for an interface language tag (any BCP-47, English fallback) and a message domain."""
    return _load(catalogue_language(language), domain)
