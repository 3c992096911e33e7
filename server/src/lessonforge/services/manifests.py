"""Manifests: how a generated resource is described to the caller (title and URLs)."""

from __future__ import annotations

from typing import Any

from lessonforge.domain.resources import Resource
from lessonforge.store.uow import Tx

_PATHS = {"module": "modules", "video": "videos", "test": "tests"}


def resource_urls(public_base_url: str, resource: Resource) -> dict[str, str | None]:
    """``publicUrl`` is the share page of a module or a video (null for tests); ``apiUrl`` is the resource
    route; videos also have ``captionsUrl`` (WebVTT) and ``mp4Url``, the public MP4 once rendered (null before
    and after an edit)."""
    shared = resource.resource_type in ("module", "video")
    public = f"{public_base_url}/share/{resource.resource_type}/{resource.share_token}" if shared else None
    urls: dict[str, str | None] = {
        "publicUrl": public,
        "apiUrl": f"{public_base_url}/v1/content/{_PATHS[resource.resource_type]}/{resource.id}",
    }
    if resource.resource_type == "video":
        rendered = resource.render_status == "rendered"
        urls["mp4Url"] = f"{public_base_url}/share/video/{resource.share_token}.mp4" if rendered else None
        urls["captionsUrl"] = f"{public_base_url}/share/video/{resource.share_token}.vtt"
    return urls


def output_manifest(public_base_url: str, resource: Resource) -> dict[str, Any]:
    """The manifest stored on a completed job output."""
    return {
        "title": resource.title,
        "resourceType": resource.resource_type,
        "resourceId": resource.id,
        "language": resource.language,
        "version": resource.version,
        "urls": resource_urls(public_base_url, resource),
    }


def refresh_output_manifests(public_base_url: str, tx: Tx, resource: Resource) -> None:
    """Describe ``resource`` as it is now (title, version, URLs) on every job output that produced or exported it."""
    tx.jobs.describe_resource(resource.id, output_manifest(public_base_url, resource))
