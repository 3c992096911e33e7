"""The public share page of a ``module``: one self-contained, offline-capable HTML document (SPEC §6).

Pure: a module body and its share token in, an HTML string out. Every lesson text is escaped by Jinja2
autoescape; the data the page script needs (answers, storage key, interface labels in the module's interface language —
see ``page_texts``) travels as JSON in a ``<script type="application/json">``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from lessonforge.generation._page_view import page_view

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
"""Only inline style and script: the page can never load anything. Also sent as a ``<meta>`` for saved copies."""

STORAGE_PREFIX = "lessonforge:share:"


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("lessonforge.generation", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_module_page(
    body: Mapping[str, Any], share_token: str, *, fallback_title: str = "", fallback_language: str | None = None
) -> str:
    """The share page for ``body``; progress is stored in ``localStorage`` under a key built from the token."""
    view = page_view(body, fallback_title, fallback_language)
    answers = {
        q["id"]: q["answerIndex"]
        for section in view["sections"]
        for activity in section["activities"]
        if activity["kind"] == "quiz"
        for q in activity["questions"]
    }
    labels = view["labels"]
    script_data = {
        "storageKey": f"{STORAGE_PREFIX}{share_token}",
        "answers": answers,
        "labels": labels.script_data(_largest_count(view), subject=view["subject"]),
    }
    template = _environment().get_template("module_page.html.j2")
    return template.render(
        page=view,
        script_data=script_data,
        csp=CONTENT_SECURITY_POLICY,
        _=labels.markup,
        ngettext=labels.nmarkup,
        c=view["course"],
    )


def _largest_count(view: Mapping[str, Any]) -> int:
    """The largest count the page script can show (cards seen, questions answered): its plural table's end."""
    sizes = [
        len(activity.get("cards") or activity.get("questions") or [])
        for section in view["sections"]
        for activity in section["activities"]
    ]
    return sum(sizes)


def render_not_found_page() -> str:
    """A small self-contained 404 page for browsers that follow a stale or mistyped share link."""
    return _environment().get_template("not_found.html.j2").render(csp=CONTENT_SECURITY_POLICY)
