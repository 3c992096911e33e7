"""Where rendered MP4 files live: a folder under the data directory, or the media bucket.

:class:`RenderFiles` is what the render use case needs; :class:`DiskRenderFiles` keeps the files on disk
(served with HTTP Range support straight from the path, ``remote`` is None). The S3 backend
(``store.s3_render_files.S3RenderFiles``) answers ``local_path`` with None and ``remote`` with the object's
size and a short-lived presigned GET URL, for the route to redirect to. This module never loads boto3.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from lessonforge.errors import LessonforgeError
from lessonforge.store.content.files import DiskFiles


class RenderStorageError(LessonforgeError):
    """The render storage failed (bucket unreachable, refused, misconfigured); nothing from botocore inside."""

    code = "render_storage_error"


@dataclass(frozen=True)
class RemoteRender:
    """A stored render outside this process: where to fetch it (presigned, short-lived) and what it is."""

    url: str
    size: int
    etag: str
    last_modified: datetime | None


class RenderFiles(Protocol):
    """Rendered files by key (``renders/<videoId>/<version>.mp4``); failures raise :class:`RenderStorageError`."""

    def put_file(self, key: str, source: Path, content_type: str) -> None: ...

    def local_path(self, key: str) -> Path | None: ...

    def remote(self, key: str) -> RemoteRender | None: ...

    def delete_prefix(self, prefix: str) -> None: ...

    def delete_others(self, prefix: str, keep: str) -> None: ...


class DiskRenderFiles(DiskFiles):
    """Files under ``root`` (the data directory); writes are atomic (copy to a temp file, then rename)."""

    def put_file(self, key: str, source: Path, content_type: str) -> None:  # noqa: ARG002 (kept by S3)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".render-")
        os.close(fd)
        try:
            shutil.copyfile(source, temporary)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def local_path(self, key: str) -> Path | None:
        path = self._path(key)
        return path if path.is_file() else None

    def remote(self, key: str) -> RemoteRender | None:  # noqa: ARG002 (the protocol's)
        return None

    def delete_prefix(self, prefix: str) -> None:
        folder = self._path(prefix)
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)

    def delete_others(self, prefix: str, keep: str) -> None:
        """Remove every file under ``prefix`` except ``keep`` (older versions of a re-rendered video)."""
        folder, kept = self._path(prefix), self._path(keep)
        for entry in folder.iterdir() if folder.is_dir() else ():
            if entry != kept and entry.is_file():
                entry.unlink(missing_ok=True)
