"""Media uploads: stored through a :class:`MediaFiles` backend (data folder or S3 bucket), served back at a
public, unguessable ``/api/1.0/media/...`` URL of this server (clients never need access to the bucket)."""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from lessonforge.errors import FieldProblem, NotFoundError, ValidationError
from lessonforge.services.content.access import ContentPrincipal
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id
from lessonforge.store.content.files import DiskFiles, MediaFiles
from lessonforge.store.content.media import MediaRecord

if TYPE_CHECKING:
    from lessonforge.settings import Settings
    from lessonforge.store.content.s3files import S3Files

_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()-]+")


@dataclass(frozen=True)
class MediaFile:
    record: MediaRecord
    data: bytes


def media_files(ctx: ServiceContext) -> MediaFiles:
    """The configured backend: the S3 bucket when ``LESSONFORGE_S3_BUCKET`` is set, else the data folder.

    The S3 client is built on first use and shared by the whole process (see :func:`shared_s3_files`).
    """
    settings = ctx.settings
    if settings.s3_bucket:
        return bucket_files(settings)
    return DiskFiles(settings.data_dir / "content-media")


def bucket_files(settings: Settings) -> S3Files:
    """The process's shared client of the ``LESSONFORGE_S3_*`` bucket (media, and renders: ``services.renders``)."""
    # Imported here so that processes storing media on disk never load boto3.
    from lessonforge.store.content.s3files import S3Config, shared_s3_files

    return shared_s3_files(
        S3Config(
            bucket=settings.s3_bucket,
            prefix=settings.s3_prefix,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key,
        )
    )


def max_upload_bytes(ctx: ServiceContext) -> int:
    """``LESSONFORGE_MEDIA_MAX_BYTES`` (default: the request body limit), never above the body limit."""
    return ctx.settings.media_upload_limit


def upload(
    ctx: ServiceContext, principal: ContentPrincipal, filename: str, content_type: str, data: bytes
) -> dict[str, str]:
    """Store one file; answers ``{name, url}`` as a media field value expects."""
    principal.require_write()
    limit = max_upload_bytes(ctx)
    if len(data) > limit:
        message = f"File is larger than the limit of {limit} bytes"
        raise ValidationError(message, fields=[FieldProblem("file", message)])
    name = safe_name(filename)
    media_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    record = MediaRecord(new_id(), principal.project.id, name, media_type, len(data), "", ctx.clock.now())
    record = MediaRecord(**{**record.__dict__, "storage_key": f"{record.project_id}/{record.id}"})
    media_files(ctx).put(record.storage_key, data, media_type)
    with ctx.store.write() as tx:
        tx.content.media.add(record)
    return {"name": name, "url": media_url(ctx, record)}


def media_url(ctx: ServiceContext, record: MediaRecord) -> str:
    return f"{ctx.settings.public_base_url}/api/1.0/media/{record.id}/{quote(record.name)}"


def fetch(ctx: ServiceContext, media_id: str) -> MediaFile:
    with ctx.store.read() as tx:
        record = tx.content.media.get(media_id)
    data = media_files(ctx).get(record.storage_key) if record else None
    if record is None or data is None:
        raise NotFoundError("Media not found")
    return MediaFile(record, data)


def safe_name(filename: str) -> str:
    """The base name with unusual characters replaced; never empty."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    cleaned = _UNSAFE.sub("_", base).strip(". ")[:200]
    return cleaned or "file"
