"""The public side of a video beside its MP4: its page (``/share/video/{token}``) and its captions (WebVTT).

Captions are the render's, timed by the speech as rendered, while the video is rendered; before that (or
after an edit) they are the plan's, timed by its estimates.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from lessonforge.domain.renders import RenderStatus
from lessonforge.domain.resources import Resource
from lessonforge.errors import NotFoundError
from lessonforge.generation import build_webvtt
from lessonforge.generation.video_page import VIDEO_PAGE_POLICY, VideoLinks, render_video_page
from lessonforge.services.context import ServiceContext
from lessonforge.services.manifests import resource_urls

_MAX_TOKEN = 200


def video_page(ctx: ServiceContext, token: str) -> str:
    """The video's public page (HTML); raises :class:`NotFoundError` for an unknown token."""
    video = _video(ctx, token)
    urls = resource_urls(ctx.settings.public_base_url, video)
    links = VideoLinks(mp4=_path(urls.get("mp4Url")), captions=_path(urls.get("captionsUrl")) or "")
    return render_video_page(
        video.body, links, _timeline(video), title=video.title, language=video.language, policy=page_policy(ctx)
    )


def captions(ctx: ServiceContext, token: str) -> str:
    """The video's captions as WebVTT; raises :class:`NotFoundError` for an unknown token."""
    video = _video(ctx, token)
    timeline = _timeline(video)
    if timeline is not None and isinstance(timeline.get("captionsVtt"), str):
        return str(timeline["captionsVtt"])
    scenes = video.body.get("scenes")
    return build_webvtt([s for s in scenes if isinstance(s, Mapping)] if isinstance(scenes, list) else [])


def page_policy(ctx: ServiceContext) -> str:
    """The page's Content Security Policy: media from this server (and the render bucket, which the MP4 link
    redirects to, when renders are stored in S3)."""
    sources = ["'self'"]
    if ctx.settings.s3_bucket:
        endpoint = urlsplit(ctx.settings.s3_endpoint_url)
        sources.append(f"{endpoint.scheme}://{endpoint.netloc}" if endpoint.netloc else "https:")
    return f"{VIDEO_PAGE_POLICY}; media-src {' '.join(sources)}"


def _video(ctx: ServiceContext, token: str) -> Resource:
    found = None
    if 0 < len(token) <= _MAX_TOKEN:
        with ctx.store.read() as tx:
            found = tx.resources.by_share_token("video", token)
    if found is None:
        raise NotFoundError("Video not found")
    return found


def _timeline(video: Resource) -> Mapping[str, Any] | None:
    """The filed render's timeline when it is the current version's."""
    timeline = video.render_timeline
    if video.render_status != RenderStatus.RENDERED or not timeline or timeline.get("version") != video.version:
        return None
    return timeline


def _path(url: str | None) -> str | None:
    """A URL of this server as a path (the page and its media are served together, whatever the host)."""
    if not url:
        return None
    parts = urlsplit(url)
    return parts.path
