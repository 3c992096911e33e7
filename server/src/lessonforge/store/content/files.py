"""Where uploaded media bytes live: a folder under the data directory (an S3-compatible bucket can replace it)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol


class MediaFiles(Protocol):
    """A key/value store for media bytes."""

    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes | None: ...


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
