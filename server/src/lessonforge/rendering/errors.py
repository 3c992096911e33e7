"""The one error rendering raises: a message safe to show to API clients, and the detail for the log."""

from __future__ import annotations

from lessonforge.errors import LessonforgeError


class RenderError(LessonforgeError):
    """A render that cannot succeed as things are. ``message`` is for clients; ``detail`` stays in the log."""

    code = "render_failed"

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail
