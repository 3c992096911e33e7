"""Public share pages: a module's current body rendered as one self-contained HTML page, found by token."""

from __future__ import annotations

from lessonforge.errors import NotFoundError
from lessonforge.generation.module_page import CONTENT_SECURITY_POLICY, render_module_page, render_not_found_page
from lessonforge.services.context import ServiceContext

__all__ = ["CONTENT_SECURITY_POLICY", "module_page", "not_found_page"]
_MAX_TOKEN = 200


def module_page(ctx: ServiceContext, token: str) -> str:
    """The share page of the module with ``token``, from its current (possibly edited) body."""
    found = None
    if 0 < len(token) <= _MAX_TOKEN:
        with ctx.store.read() as tx:
            found = tx.resources.by_share_token("module", token)
    if found is None:
        raise NotFoundError("Module not found")
    return render_module_page(found.body, token, fallback_title=found.title, fallback_language=found.language)


def not_found_page() -> str:
    """The small HTML page shown to browsers for an unknown or mistyped share link."""
    return render_not_found_page()
