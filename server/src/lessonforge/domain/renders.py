"""Video render states (``not_rendered → queued → rendering → rendered | failed``) and their rules."""

from __future__ import annotations

import enum


class RenderStatus(enum.StrEnum):
    NOT_RENDERED = "not_rendered"
    QUEUED = "queued"
    RENDERING = "rendering"
    RENDERED = "rendered"
    FAILED = "failed"

    @property
    def is_pending(self) -> bool:
        """A render task is queued or running: asking again adds nothing."""
        return self in (RenderStatus.QUEUED, RenderStatus.RENDERING)


def render_key(video_id: str, version: int) -> str:
    """Where the MP4 of one version of a video is stored (relative to the render storage root)."""
    return f"renders/{video_id}/{version}.mp4"


def render_prefix(video_id: str) -> str:
    """The folder (or key prefix) holding every stored render of a video."""
    return f"renders/{video_id}/"
