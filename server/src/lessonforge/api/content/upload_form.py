"""Reading ``multipart/form-data`` uploads as they arrive: the file part goes straight to a temporary file on disk.

Never more than one network chunk of the file is in memory; the file part is counted as it is written and the
request is refused as soon as it passes the limit, naming the field (``file`` or ``chunk``).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from lessonforge.errors import FieldProblem, ValidationError

MAX_TEXT_FIELD = 64 * 1024  # chunkOptions and the like
MAX_PARTS = 8
MAX_HEADER = 64 * 1024  # a part header line: room for a file name of thousands of characters


@dataclass
class UploadedForm:
    """The text fields, and the one file part written to ``path`` (None when the form had no such part)."""

    fields: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    filename: str = ""
    content_type: str = ""
    size: int = 0

    def discard(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)


def too_large(field_name: str, limit: int) -> ValidationError:
    message = f"File is larger than the limit of {limit} bytes"
    return ValidationError(message, fields=[FieldProblem(field_name, message)])


async def read_upload(request: Request, file_field: str, limit: int, folder: Path) -> UploadedForm:
    """Parse the body; the part named ``file_field`` (at most ``limit`` bytes) lands in ``folder``."""
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise ValidationError("Send the file as multipart/form-data", fields=[FieldProblem(file_field, "Required")])
    folder.mkdir(parents=True, exist_ok=True)
    reader = _Reader(file_field, limit, folder)
    parser = MultipartParser(boundary, reader.callbacks(), max_header_size=MAX_HEADER)
    try:
        async for piece in request.stream():
            parser.write(piece)
            reader.raise_pending()
        parser.finalize()
        reader.raise_pending()
    except MultipartParseError as exc:
        reader.form.discard()
        raise ValidationError("Malformed multipart body", fields=[FieldProblem(file_field, "Malformed")]) from exc
    except (ValidationError, ClientDisconnect):
        reader.form.discard()
        raise
    finally:
        reader.close()
    return reader.form


class _Reader:
    """Parser callbacks: headers of the current part, its bytes to memory (text) or to disk (the file)."""

    def __init__(self, file_field: str, limit: int, folder: Path) -> None:
        self.file_field, self.limit, self.folder = file_field, limit, folder
        self.form = UploadedForm()
        self.pending: ValidationError | None = None
        self.parts = 0
        self._header_name = b""
        self._headers: dict[bytes, bytes] = {}
        self._name = ""
        self._text = bytearray()
        self._sink: IO[bytes] | None = None

    def callbacks(self) -> Any:
        return {
            "on_part_begin": self._begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_headers_finished": self._headers_done,
            "on_part_data": self._data,
            "on_part_end": self._end,
        }

    def raise_pending(self) -> None:
        if self.pending is not None:
            raise self.pending

    def close(self) -> None:
        if self._sink is not None:
            self._sink.close()
            self._sink = None

    def _fail(self, error: ValidationError) -> None:
        self.pending = self.pending or error

    def _begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            self._fail(ValidationError("Too many form parts", fields=[FieldProblem("body", "Too many parts")]))
        self._headers, self._name, self._text = {}, "", bytearray()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name = data[start:end].lower()

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._headers[self._header_name] = self._headers.get(self._header_name, b"") + data[start:end]

    def _headers_done(self) -> None:
        _disposition, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        if self._name == self.file_field and self.form.path is None and self.pending is None:
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".upload-")
            self._sink = os.fdopen(fd, "wb")
            self.form.path = Path(temporary)
            self.form.filename = options.get(b"filename", b"").decode("utf-8", "replace")
            self.form.content_type = self._headers.get(b"content-type", b"").decode("latin-1").strip()

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self.pending is not None:
            return
        if self._sink is not None:
            self.form.size += end - start
            if self.form.size > self.limit:
                self._fail(too_large(self.file_field, self.limit))
                return
            self._sink.write(data[start:end])
        elif len(self._text) + end - start > MAX_TEXT_FIELD:
            self._fail(ValidationError(f"{self._name}: too long", fields=[FieldProblem(self._name, "Too long")]))
        else:
            self._text += data[start:end]

    def _end(self) -> None:
        if self._sink is not None:
            self.close()
        elif self._name and self._name not in self.form.fields:
            self.form.fields[self._name] = self._text.decode("utf-8", "replace")
