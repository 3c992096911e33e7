"""Every word the generators write themselves, in the learner's language: gettext catalogues managed with Babel.

One entry point, ``translator(language, domain)``. Catalogues are ``locales/<lang>/LC_MESSAGES/<domain>.po``
(msgids are the English texts, ``{name}`` placeholders), one domain per area (``module``, ``quiz``, ``video``,
``exports``); ``locales/<domain>.pot`` is each domain's template, extracted from the sources by
``scripts/messages.py``. Adding a language is adding its catalogues; any other language reads English.
"""

from __future__ import annotations

from lessonforge.i18n._catalogues import (
    FALLBACK,
    Translator,
    catalogue_language,
    domains,
    fill,
    gettext_noop,
    language_tag,
    languages,
    translator,
    written_language,
)
from lessonforge.i18n._negotiation import negotiated_language

__all__ = [
    "FALLBACK",
    "Translator",
    "catalogue_language",
    "domains",
    "fill",
    "gettext_noop",
    "language_tag",
    "languages",
    "negotiated_language",
    "translator",
    "written_language",
]
