"""The public share page of a ``module``: one self-contained, offline-capable HTML document (SPEC §6).

Pure: a module body and its share token in, an HTML string out. Every lesson text is escaped by Jinja2
autoescape; the data the page script needs (answers, storage key, interface labels in the module's interface language —
see ``page_texts``) travels as JSON in a ``<script type="application/json">``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from lessonforge.generation._page_audio import CLIP, clip_id, clips
from lessonforge.generation._page_view import page_view
from lessonforge.generation._practice_view import practice_view
from lessonforge.i18n import gettext_noop

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; media-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)
"""Only inline style and script, and the page's own audio clips (same origin): nothing from another host.
Also sent as a ``<meta>`` for saved copies."""

STORAGE_PREFIX = "lessonforge:share:"
LISTEN = gettext_noop("Listen")
"""The label of a play button (its ▶ is hidden from screen readers), in the interface language."""


@cache
def page_environment() -> Environment:
    """The Jinja2 environment of the share pages' templates (autoescaped, strict)."""
    return Environment(
        loader=PackageLoader("lessonforge.generation", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_module_page(
    body: Mapping[str, Any],
    share_token: str,
    *,
    fallback_title: str = "",
    fallback_language: str | None = None,
    quiz: Mapping[str, Any] | None = None,
    audio: str | None = None,
    speaks: Callable[[str], bool] | None = None,
) -> str:
    """The share page for ``body``; progress is stored in ``localStorage`` under a key built from the token.

    ``quiz`` is the level's ``test`` body: its forms become the practice section (none: cards drills only).
    ``audio`` is the URL prefix of the page's clips (``<token>/audio/``, relative to the page); None: no play
    buttons (no speech engine, or no course language). ``speaks`` says whether the server has a voice for a
    course language (None: any); without one the page has no play buttons either.
    """
    view = page_view(body, fallback_title, fallback_language)
    practice = practice_view(quiz, view["sections"])
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
        "practice": practice["answers"],
        "courseLanguage": view["course"].language,
        "recall": {card["n"]: card["term"] for card in practice["cards"]},
        "labels": labels.script_data(
            _largest_count(view) + len(practice["answers"]) + 2 * len(practice["cards"]), subject=view["subject"]
        ),
    }
    template = page_environment().get_template("module_page.html.j2")
    return template.render(
        page=view,
        practice=practice,
        script_data=script_data,
        csp=CONTENT_SECURITY_POLICY,
        _=labels.markup,
        say=_say_button(
            _spoken(audio, view["course"].language, speaks), view["course"].language, labels.markup(LISTEN)
        ),
        ngettext=labels.nmarkup,
        c=view["course"],
    )


def _spoken(audio: str | None, language: str | None, speaks: Callable[[str], bool] | None) -> str | None:
    return audio if audio and language and (speaks is None or speaks(language)) else None


def _say_button(audio: str | None, language: str | None, label: Markup) -> Any:
    """The template's ``say(text)``: a play button for a course-language text, or nothing without audio."""

    def say(text: str) -> Markup:
        if not (audio and language and text):
            return Markup("")
        url = escape(f"{audio}{clip_id(language, text)}.ogg")
        return Markup(  # noqa: S704 - every part is escaped
            f'<button type="button" class="say js-only" data-say="{url}"><span aria-hidden="true">▶</span> '
            f'<span class="say-label">{label}</span></button>'
        )

    return say


def _largest_count(view: Mapping[str, Any]) -> int:
    """The largest count the page script can show (cards seen, questions answered): its plural table's end."""
    sizes = [
        len(activity.get("cards") or activity.get("questions") or [])
        for section in view["sections"]
        for activity in section["activities"]
    ]
    return sum(sizes)


def page_clip(body: Mapping[str, Any], clip: str, *, fallback_language: str | None = None) -> tuple[str, str] | None:
    """(text, course language) of the page's play button ``clip``, or None when the page has no such clip."""
    if not CLIP.fullmatch(clip):
        return None
    view = page_view(body, "", fallback_language)
    language = view["course"].language
    text = clips(language, view["sections"]).get(clip)
    return (text, language) if text and language else None
