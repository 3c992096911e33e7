"""Chunked uploads (``X-Chunk-Upload: true``): parts staged on disk under an ``uploadId``, assembled at the end.

The first chunk (``chunkIndex`` 0) opens a session and its answer carries the ``uploadId``; every later chunk
sends it back. Chunks may be resent (the same index replaces the part) and arrive in any order after the first.
When every index of ``totalChunks`` is there, the parts are joined into one file, stored like a simple upload,
and the answer is the usual ``{name, url}``. Sessions untouched for a day are removed.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lessonforge.errors import FieldProblem, NotFoundError, ValidationError
from lessonforge.services.content import media
from lessonforge.services.content.access import ContentPrincipal
from lessonforge.services.context import ServiceContext

MAX_CHUNKS = 10_000
SESSION_SECONDS = 24 * 3600
_UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class ChunkOptions:
    index: int
    size: int
    total: int
    upload_id: str | None
    file_name: str | None


@dataclass(frozen=True)
class ChunkAnswer:
    """``done``: the file is stored and ``body`` is ``{name, url}``; else ``body`` reports the progress."""

    done: bool
    body: dict[str, Any]


def parse_options(raw: str | None) -> ChunkOptions:
    """The ``chunkOptions`` JSON field; each problem is named ``chunkOptions.<key>``."""
    if raw is None:
        raise ValidationError("chunkOptions: Required", fields=[FieldProblem("chunkOptions", "Required")])
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ValidationError("chunkOptions: not JSON", fields=[FieldProblem("chunkOptions", "Not JSON")]) from exc
    if not isinstance(data, dict):
        raise ValidationError("chunkOptions: not an object", fields=[FieldProblem("chunkOptions", "Not an object")])
    problems = []
    numbers = {key: data.get(key) for key in ("chunkIndex", "chunkSize", "totalChunks")}
    for key, value in numbers.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(FieldProblem(f"chunkOptions.{key}", "Expected a non-negative integer"))
    total, index = numbers["totalChunks"], numbers["chunkIndex"]
    if not problems and not (1 <= total <= MAX_CHUNKS and index < total):  # type: ignore[operator]
        problems.append(
            FieldProblem("chunkOptions.chunkIndex", f"Expected 0 <= chunkIndex < totalChunks <= {MAX_CHUNKS}")
        )
    upload_id, name = data.get("uploadId"), data.get("fileName")
    if upload_id is not None and (not isinstance(upload_id, str) or not _UPLOAD_ID.match(upload_id)):
        problems.append(FieldProblem("chunkOptions.uploadId", "Not an uploadId this server handed out"))
    if name is not None and not isinstance(name, str):
        problems.append(FieldProblem("chunkOptions.fileName", "Expected a string"))
    if problems:
        raise ValidationError(f"{problems[0].field}: {problems[0].message}", fields=problems)
    return ChunkOptions(index, numbers["chunkSize"], total, upload_id, name)  # type: ignore[arg-type]


def receive(
    ctx: ServiceContext, principal: ContentPrincipal, options: ChunkOptions, part: media.StagedFile
) -> ChunkAnswer:
    """Keep one chunk; store the whole file once every chunk is in."""
    principal.require_write()
    if part.size != options.size:
        part.path.unlink(missing_ok=True)
        message = f"chunkSize says {options.size} bytes, the chunk has {part.size}"
        raise ValidationError(message, fields=[FieldProblem("chunkOptions.chunkSize", message)])
    folder = _session(ctx, principal, options, part)
    _check_total(ctx, folder, options, part)
    os.replace(part.path, folder / f"{options.index}.part")
    received = sorted(int(p.stem) for p in folder.glob("*.part"))
    upload_id = folder.name
    if len(received) < options.total or not _claim(folder):
        progress = {"uploadId": upload_id, "chunkIndex": options.index, "receivedChunks": len(received)}
        return ChunkAnswer(False, progress | {"totalChunks": options.total})
    return ChunkAnswer(True, _assemble(ctx, principal, folder, options.total))


def _session(ctx: ServiceContext, principal: ContentPrincipal, options: ChunkOptions, part: media.StagedFile) -> Path:
    root = media.staging_dir(ctx) / "chunks" / principal.project.id
    if options.upload_id is None:
        if options.index != 0:
            part.path.unlink(missing_ok=True)
            raise ValidationError(
                "chunkOptions.uploadId: Required after the first chunk",
                fields=[FieldProblem("chunkOptions.uploadId", "Required after the first chunk")],
            )
        _expire(root)
        folder = root / secrets.token_hex(16)
        folder.mkdir(parents=True)
        meta = {"totalChunks": options.total, "fileName": options.file_name or part.filename, "type": part.content_type}
        (folder / "meta.json").write_text(json.dumps(meta))
        return folder
    folder = root / options.upload_id
    meta_path = folder / "meta.json"
    if not meta_path.is_file():
        part.path.unlink(missing_ok=True)
        raise NotFoundError("Upload not found (never started, finished or expired)")
    if json.loads(meta_path.read_text())["totalChunks"] != options.total:
        part.path.unlink(missing_ok=True)
        message = "totalChunks differs from the first chunk's"
        raise ValidationError(message, fields=[FieldProblem("chunkOptions.totalChunks", message)])
    os.utime(meta_path)
    return folder


def _check_total(ctx: ServiceContext, folder: Path, options: ChunkOptions, part: media.StagedFile) -> None:
    others = sum(p.stat().st_size for p in folder.glob("*.part") if p.stem != str(options.index))
    limit = ctx.settings.media_max_file_bytes
    if others + part.size > limit:
        part.path.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        message = f"File is larger than the limit of {limit} bytes"
        raise ValidationError(message, fields=[FieldProblem("chunk", message)])


def _claim(folder: Path) -> bool:
    """One request assembles a session, even when the last chunks arrive at once."""
    try:
        os.close(os.open(folder / "assembling", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def _assemble(ctx: ServiceContext, principal: ContentPrincipal, folder: Path, total: int) -> dict[str, str]:
    meta = json.loads((folder / "meta.json").read_text())
    whole = folder / "whole"
    with whole.open("wb") as out:
        for index in range(total):
            with (folder / f"{index}.part").open("rb") as part:
                shutil.copyfileobj(part, out, 1024 * 1024)
    size = whole.stat().st_size
    try:
        return media.store(ctx, principal, meta["fileName"] or "file", meta["type"], whole, size)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _expire(root: Path) -> None:
    if not root.is_dir():
        return
    cutoff = time.time() - SESSION_SECONDS
    for folder in root.iterdir():
        meta = folder / "meta.json"
        if not meta.exists() or meta.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
