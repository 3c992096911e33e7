"""Streamed Content API answers: a JSON array written batch by batch, and the export gzip-encoded on the fly."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

from starlette.responses import StreamingResponse

from lessonforge.api.responses import Json, render_json

JSON = Json.media_type


def json_array(batches: Iterator[list[dict[str, Any]]]) -> Iterator[bytes]:
    """``[a,b,...]``: the same bytes one ``render_json`` of the whole list would give, one batch at a time."""
    yield b"["
    first = True
    for batch in batches:
        if not batch:
            continue
        body = b",".join(render_json(item) for item in batch)
        yield body if first else b"," + body
        first = False
    yield b"]"


def export_document(head: dict[str, Any], batches: Iterator[list[dict[str, Any]]]) -> Iterator[bytes]:
    """``{"meta":...,"project":...,"contents":[...]}`` with the contents streamed."""
    opening = render_json(head)
    yield opening[:-1] + b',"contents":'
    yield from json_array(batches)
    yield b"}"


def gzipped(chunks: Iterator[bytes], level: int = 6) -> Iterator[bytes]:
    """A gzip member written as ``chunks`` arrive (mtime 0, so equal documents give equal bytes)."""
    encoder = zlib.compressobj(level, zlib.DEFLATED, 31)
    for chunk in chunks:
        out = encoder.compress(chunk)
        if out:
            yield out
    yield encoder.flush()


def streamed_json(chunks: Iterator[bytes], headers: dict[str, str] | None = None) -> StreamingResponse:
    return StreamingResponse(chunks, media_type=JSON, headers=headers)
