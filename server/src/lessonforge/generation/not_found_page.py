"""The small 404 page a browser gets for an unknown or mistyped share link (module or video), in the language
the browser asked for (the ``share`` message domain)."""

from __future__ import annotations

from typing import Literal

from lessonforge.generation.module_page import CONTENT_SECURITY_POLICY, page_environment
from lessonforge.i18n import translator

SharedKind = Literal["module", "video"]


def render_not_found_page(language: str, kind: SharedKind = "module") -> str:
    """The 404 page for a share link of ``kind``, its texts (and ``<html lang>``) in catalogue ``language``."""
    t = translator(language, "share")
    if kind == "video":
        title, heading = t.gettext("Video not found"), t.gettext("This video is not available")
    else:
        title, heading = t.gettext("Module not found"), t.gettext("This module is not available")
    advice = t.gettext(
        "The share link is not valid any more, or it was copied incompletely. "
        "Ask the person who shared it for a new link."
    )
    template = page_environment().get_template("not_found.html.j2")
    return template.render(csp=CONTENT_SECURITY_POLICY, lang=t.language, title=title, heading=heading, advice=advice)
