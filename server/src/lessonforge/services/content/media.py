"""Media uploads: stored through a :class:`MediaFiles` backend (data folder or S3 bucket), served back at a
public, unguessable ``/api/1.0/media/...`` URL of this server (clients never need access to the bucket)."""

from __future__ import annotations

import mimetypes
import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
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

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class StagedFile:
    """An uploaded file (or chunk) already written to disk by the HTTP layer."""

    path: Path
    size: int
    filename: str
    content_type: str


@dataclass(frozen=True)
class MediaFile:
    record: MediaRecord
    pieces: Iterator[bytes]


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
    """``LESSONFORGE_MEDIA_MAX_BYTES`` (default 400 MB): one simple upload, or one chunk."""
    return ctx.settings.media_upload_limit


def upload_file(ctx: ServiceContext, principal: ContentPrincipal, staged: StagedFile) -> dict[str, str]:
    """Store an uploaded file (already on disk, consumed); answers ``{name, url}`` as a media value expects."""
    principal.require_write()
    limit = max_upload_bytes(ctx)
    if staged.size > limit:
        staged.path.unlink(missing_ok=True)
        message = f"File is larger than the limit of {limit} bytes"
        raise ValidationError(message, fields=[FieldProblem("file", message)])
    return store(ctx, principal, staged.filename, staged.content_type, staged.path, staged.size)


def upload(
    ctx: ServiceContext, principal: ContentPrincipal, filename: str, content_type: str, data: bytes
) -> dict[str, str]:
    """Store bytes already in memory (the console's small form uploads) like a streamed upload."""
    folder = staging_dir(ctx)
    folder.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    staged = StagedFile(Path(temporary), len(data), filename, content_type)
    try:
        return upload_file(ctx, principal, staged)
    finally:
        staged.path.unlink(missing_ok=True)


def store(
    ctx: ServiceContext, principal: ContentPrincipal, filename: str, content_type: str, path: Path, size: int
) -> dict[str, str]:
    """Move the file into the media backend under a new id and record it (no size check: callers did it)."""
    name = stored_name(filename)
    media_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    record = MediaRecord(new_id(), principal.project.id, name, media_type, size, "", ctx.clock.now())
    record = MediaRecord(**{**record.__dict__, "storage_key": f"{record.project_id}/{record.id}"})
    media_files(ctx).put_file(record.storage_key, path, media_type)
    with ctx.store.write() as tx:
        tx.content.media.add(record)
    return {"name": name, "url": media_url(ctx, record)}


def staging_dir(ctx: ServiceContext) -> Path:
    """Where uploads are written while they arrive (inside the data dir, so storing them on disk is a rename)."""
    return ctx.settings.data_dir / "upload-tmp"


def media_url(ctx: ServiceContext, record: MediaRecord) -> str:
    return f"{ctx.settings.public_base_url}/api/1.0/media/{record.id}/{quote(record.name)}"


def fetch(ctx: ServiceContext, media_id: str) -> MediaFile:
    """The record and its bytes in pieces (never the whole file in memory)."""
    with ctx.store.read() as tx:
        record = tx.content.media.get(media_id)
    pieces = media_files(ctx).stream(record.storage_key) if record else None
    if record is None or pieces is None:
        raise NotFoundError("Media not found")
    return MediaFile(record, pieces)


def stored_name(filename: str) -> str:
    """Content Island's form: 8 random hex digits, ``-``, then the base name sanitised (``ab12cd34-cover.png``).

    Path parts are dropped; anything but letters, digits, ``.``, ``_`` and ``-`` becomes ``-`` (runs collapsed);
    the stem keeps at most 120 characters and the extension 16, so any name fits (a 5 000-character one too).
    """
    base = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    stem, dot, extension = base.rpartition(".")
    if not dot or not stem:
        stem, extension = base, ""
    stem = _UNSAFE.sub("-", stem).strip(".-")[:120].strip(".-") or "file"
    extension = _UNSAFE.sub("", extension)[:16]
    return f"{secrets.token_hex(4)}-{stem}{'.' + extension if extension else ''}"
