"""Generated resources (module, video, test) as stored, with their optimistic-concurrency version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

RESOURCE_PATHS = {"modules": "module", "videos": "video", "tests": "test"}


TITLE_MAX_LENGTH = 500


@dataclass(frozen=True)
class Resource:
    """One generated resource filed under an organization's classroom."""

    id: str
    organization_id: str
    classroom_id: str
    job_id: str | None
    output_type: str
    resource_type: str
    title: str
    language: str | None
    body: Mapping[str, Any]
    version: int
    share_token: str
    render_status: str | None
    created_at: datetime
    updated_at: datetime
    render_error: Mapping[str, str] | None = None  # videos: why the last render failed ({code, message})
    content_id: str | None = None  # its published copy in the Content API (services.content.generated)
    render_timeline: Mapping[str, Any] | None = None  # videos: captions and chapters of the last render filed


@dataclass(frozen=True)
class ResourceVersion:
    """A snapshot of a resource's title and body as one version had them (its history, kept for reading)."""

    resource_id: str
    version: int
    title: str
    body: Mapping[str, Any]
    created_at: datetime
