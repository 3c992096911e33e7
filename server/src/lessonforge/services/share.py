"""Public share pages: a module's current body rendered as one self-contained HTML page, found by token."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from lessonforge.domain.resources import Resource
from lessonforge.errors import NotFoundError
from lessonforge.generation.module_page import CONTENT_SECURITY_POLICY, page_clip, render_module_page
from lessonforge.generation.not_found_page import SharedKind, render_not_found_page
from lessonforge.i18n import negotiated_language
from lessonforge.rendering import clips as clip_files
from lessonforge.services.context import ServiceContext

__all__ = [
    "CLIP_MEDIA_TYPE",
    "CONTENT_SECURITY_POLICY",
    "SharedKind",
    "module_audio",
    "module_page",
    "not_found_page",
]
_MAX_TOKEN = 200
CLIP_MEDIA_TYPE = clip_files.MEDIA_TYPE


def module_page(ctx: ServiceContext, token: str) -> str:
    """The share page of the module with ``token``, from its current (possibly edited) body.

    The level's quiz (the ``expanded_quiz`` the same job filed, as currently edited) feeds the practice section.
    """
    found = _module(ctx, token)
    quiz = None
    if found.job_id:
        with ctx.store.read() as tx:
            quiz = tx.resources.of_job(found.job_id, "expanded_quiz")
    return render_module_page(
        found.body,
        token,
        fallback_title=found.title,
        fallback_language=found.language,
        quiz=quiz.body if quiz is not None else None,
        audio=f"{quote(token, safe='')}/audio/",
        speaks=clip_files.available,
    )


def module_audio(ctx: ServiceContext, token: str, clip: str) -> Path:
    """The spoken clip ``clip`` of the module page with ``token``, synthesised on first request and cached.

    Only the page's own course-language texts are spoken (any other name is 404), so the route can never be
    used to synthesise arbitrary text; no speech engine, or a voice the engine lacks, is 404 as well.
    """
    found = _module(ctx, token)
    spoken = page_clip(found.body, clip, fallback_language=found.language)
    path = clip_files.cached_clip(_clip_folder(ctx), clip, *spoken) if spoken else None
    if path is None:
        raise NotFoundError("Audio clip not found")
    return path


def _module(ctx: ServiceContext, token: str) -> Resource:
    found = None
    if 0 < len(token) <= _MAX_TOKEN:
        with ctx.store.read() as tx:
            found = tx.resources.by_share_token("module", token)
    if found is None:
        raise NotFoundError("Module not found")
    return found


def _clip_folder(ctx: ServiceContext) -> Path:
    return ctx.settings.data_dir / "share-audio"


def not_found_page(accept_language: str | None, kind: SharedKind = "module") -> tuple[str, str]:
    """(HTML, its language) of the page shown to browsers for an unknown or mistyped share link: in the
    catalogue language that best matches the browser's ``Accept-Language`` (English when none does)."""
    language = negotiated_language(accept_language)
    return render_not_found_page(language, kind), language
