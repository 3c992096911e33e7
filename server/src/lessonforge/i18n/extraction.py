"""Which sources feed which message domain, and the extraction of their msgids with Babel.

``scripts/messages.py`` writes the templates and merges them into every catalogue; the catalogue tests run
the same extraction to prove each template is current. A new domain is a line in ``DOMAIN_SOURCES`` (its
own files, so parallel work never edits the same catalogue).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file

PACKAGE = Path(__file__).resolve().parents[1]
"""``server/src/lessonforge``: source patterns below are relative to it."""

DOMAIN_SOURCES: Mapping[str, tuple[str, ...]] = {
    "module": (
        "generation/module.py",
        "generation/_page_view.py",
        "generation/_page_languages.py",
        "generation/module_page.py",
        "generation/page_texts.py",
        "generation/templates/*.j2",
    ),
    "quiz": ("generation/quiz.py", "generation/_quiz_items.py", "generation/assembly/*.py"),
    "video": (
        "generation/video.py",
        "generation/video_script.py",
        "generation/video_page.py",
        "generation/video_templates/*.j2",
        "rendering/*.py",
    ),
    "exports": ("generation/exports/*.py",),
    "lessons": ("generation/_lessons.py",),
    "share": ("generation/not_found_page.py",),
}

KEYWORDS: Mapping[str, Any] = {
    "gettext": None,
    "ngettext": (1, 2),
    "plural_forms": (1, 2),
    "pgettext": ((1, "c"), 2),
    "gettext_noop": None,
    "_": None,
}
"""The calls whose literal arguments are msgids (``t.gettext("...")``, ``_("...")`` in templates)."""

COMMENT_TAGS = ("Translators:",)


def source_files(domain: str) -> list[Path]:
    """The files of one domain, in a stable order."""
    return sorted({path for pattern in DOMAIN_SOURCES[domain] for path in PACKAGE.glob(pattern) if path.is_file()})


def extract(domain: str) -> Catalog:
    """The domain's template: every msgid its sources use, with where it is used and translator comments."""
    template = Catalog(domain=domain, project="lessonforge", fuzzy=False)
    for path in source_files(domain):
        method = "jinja2.ext:babel_extract" if path.suffix == ".j2" else "python"
        found = extract_from_file(
            method, str(path), keywords=KEYWORDS, comment_tags=COMMENT_TAGS, strip_comment_tags=True
        )
        for line, message, comments, context in found:
            where = (path.relative_to(PACKAGE).as_posix(), line)
            template.add(message, None, [where], auto_comments=comments, context=context)
    return template
