"""The share page's own interface texts (buttons, verdicts, progress lines, headings) in its interface language.

One JSON catalogue per language in ``labels/`` (``en.json`` is the reference: every other catalogue has exactly
its keys and placeholders), read once. A value is a text with ``{name}`` placeholders, or — where a count
appears — an object ``{"one": ..., "other": ...}`` chosen by the ``count`` value. The catalogue is picked from
the primary subtag of the module's ``interfaceLanguage`` (``es``, ``es-MX`` → ``es``); anything else gets English.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from markupsafe import Markup, escape

LANGUAGES = ("en", "es", "fr", "de", "pt", "it")
FALLBACK = "en"
ZERO_IS_ONE = frozenset({"fr", "pt"})
"""Languages whose singular also covers 0 (CLDR: ``0 vue``, ``1 vue``, ``2 vues``); elsewhere only 1 is singular."""

Label = str | dict[str, str]
_PLURAL_FORMS = ("one", "other")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def catalogue(language: str) -> dict[str, Label]:
    """The catalogue of a language in ``LANGUAGES``, read and checked once."""
    if language not in LANGUAGES:
        raise KeyError(language)
    text = resources.files("lessonforge.generation").joinpath("labels", f"{language}.json").read_text("utf-8")
    raw: Any = json.loads(text)
    if not isinstance(raw, dict):
        raise ValueError(f"labels/{language}.json: not an object")
    return {str(key): _label(language, str(key), value) for key, value in raw.items()}


def catalogue_language(tag: str | None) -> str:
    """``es``, ``es-MX``, ``ES_mx`` → ``es``; unknown, empty or ``und`` → ``en``."""
    primary = re.split(r"[-_]", (tag or "").strip(), maxsplit=1)[0].lower()
    return primary if primary in LANGUAGES else FALLBACK


def plural_form(language: str, count: int) -> str:
    """``one`` or ``other`` for ``count`` (the page script applies the same rule)."""
    return "one" if count == 1 or (count == 0 and language in ZERO_IS_ONE) else "other"


def placeholders(label: Label) -> set[str]:
    """The ``{name}`` placeholders of a label (over all its plural forms)."""
    forms = [label] if isinstance(label, str) else list(label.values())
    return {name for form in forms for name in _PLACEHOLDER.findall(form)}


@dataclass(frozen=True)
class Labels:
    """The interface texts of one page: plain text for the view, markup for templates, JSON for the script."""

    language: str

    @property
    def texts(self) -> dict[str, Label]:
        """Every label (a missing translation is the English one), as the page script receives them."""
        return {**catalogue(FALLBACK), **catalogue(self.language)}

    def script_data(self) -> dict[str, Any]:
        return {"language": self.language, "zeroIsOne": self.language in ZERO_IS_ONE, "texts": self.texts}

    def template(self, key: str, count: int | None = None) -> str:
        label = catalogue(self.language).get(key) or catalogue(FALLBACK)[key]
        if isinstance(label, str):
            return label
        return label[plural_form(self.language, count or 0)]

    def text(self, key: str, /, **values: object) -> str:
        """The label as plain text, placeholders filled (escaping is left to the template's autoescape)."""
        template = self.template(key, _count(values))
        return _PLACEHOLDER.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], template)

    def markup(self, key: str, /, **values: object) -> Markup:
        """The label escaped for HTML; values are escaped too unless they are ``Markup`` (a ``<span>`` hook)."""
        template = self.template(key, _count(values))
        return Markup("").join(
            (escape(values[part]) if part in values else escape("{" + part + "}")) if n % 2 else escape(part)
            for n, part in enumerate(_PLACEHOLDER.split(template))
        )


def labels_for(tag: str | None) -> Labels:
    return Labels(catalogue_language(tag))


def _count(values: Mapping[str, object]) -> int | None:
    count = values.get("count")
    return count if isinstance(count, int) else None


def _label(language: str, key: str, value: Any) -> Label:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and set(value) == set(_PLURAL_FORMS) and all(isinstance(v, str) for v in value.values()):
        return {form: value[form] for form in _PLURAL_FORMS}
    raise ValueError(f"labels/{language}.json: {key!r} is neither a text nor {{'one': ..., 'other': ...}}")
