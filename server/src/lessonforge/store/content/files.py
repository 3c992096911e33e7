"""Where uploaded media bytes live: a folder under the data directory (an S3-compatible bucket can replace it)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

CHUNK = 256 * 1024


class MediaFiles(Protocol):
    """A key/value store for media bytes."""

    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes | None: ...

    def put_file(self, key: str, path: Path, content_type: str) -> None:
        """Store the file at ``path`` (consumed: it may be moved) without reading it into memory."""
        ...

    def stream(self, key: str) -> Iterator[bytes] | None:
        """The stored bytes in pieces, or None when the key is missing."""
        ...


def read_in_pieces(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while piece := handle.read(CHUNK):
            yield piece


class DiskFiles:
    """Files under ``root``; writes are atomic (temp file + rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError("media key escapes the media folder")
        return path

    def put(self, key: str, data: bytes, content_type: str) -> None:  # noqa: ARG002 (kept by S3)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        return path.read_bytes() if path.is_file() else None

    def put_file(self, key: str, path: Path, content_type: str) -> None:  # noqa: ARG002 (kept by S3)
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(path, target)  # same file system: a rename
        except OSError:
            fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
            with os.fdopen(fd, "wb") as handle, path.open("rb") as source:
                shutil.copyfileobj(source, handle, CHUNK)
            os.replace(temporary, target)
            path.unlink(missing_ok=True)

    def stream(self, key: str) -> Iterator[bytes] | None:
        path = self._path(key)
        return read_in_pieces(path) if path.is_file() else None
