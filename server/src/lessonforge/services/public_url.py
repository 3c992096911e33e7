"""The public base URL every handed-out link starts with, known to every process that writes links.

API processes know it (``LESSONFORGE_PUBLIC_BASE_URL``, or ``serve``'s ``http://<host>:<port>``) and
announce it in the database when they start; a standalone worker started without the setting reads the
announced value before each task, so manifests, published Content API copies and render links say what the
API says. A worker that can learn it from neither refuses to start (:class:`PublicBaseUrlUnknownError`).
"""

from __future__ import annotations

import dataclasses

from lessonforge.errors import LessonforgeError
from lessonforge.services.context import ServiceContext

SETTING = "public_base_url"


class PublicBaseUrlUnknownError(LessonforgeError):
    """Neither the environment nor an API process has said under which URL the server is reached."""

    code = "public_base_url_unknown"


def announce(ctx: ServiceContext) -> None:
    """Record this process's configured public base URL for the workers that lack the setting."""
    if ctx.settings.public_base_url_configured:
        with ctx.store.write() as tx:
            tx.instance.put(SETTING, ctx.settings.public_base_url, ctx.clock.now())


def announced(ctx: ServiceContext) -> str | None:
    with ctx.store.read() as tx:
        return tx.instance.get(SETTING)


def require_known(ctx: ServiceContext) -> str:
    """The base URL this process will write into links; PublicBaseUrlUnknownError when it cannot know."""
    if ctx.settings.public_base_url_configured:
        return ctx.settings.public_base_url
    found = announced(ctx)
    if found is None:
        raise PublicBaseUrlUnknownError(
            "No public base URL: set LESSONFORGE_PUBLIC_BASE_URL (e.g. https://lessons.example.org), or start "
            "`lessonforge serve` on this database first so that the worker can use the URL it announces"
        )
    return found


def for_links(ctx: ServiceContext) -> ServiceContext:
    """``ctx`` whose settings carry the base URL links must use now (the announced one when not configured)."""
    if ctx.settings.public_base_url_configured:
        return ctx
    found = announced(ctx)
    if found is None or found == ctx.settings.public_base_url:
        return ctx
    return dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, public_base_url=found))
