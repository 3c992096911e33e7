"""Turning successful response bodies into typed values; every failure surfaces as ValueError."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar, cast

import httpx
from pydantic import TypeAdapter

T = TypeVar("T")
Decoder = Callable[[httpx.Response], T]


@cache
def _adapter(tp: Any) -> TypeAdapter[Any]:
    return TypeAdapter(tp)


def expect(tp: type[T]) -> Decoder[T]:
    """A decoder validating the JSON body as `tp` (a model, `list[Model]`, `int`, ...)."""

    def decode(response: httpx.Response) -> T:
        return cast(T, _adapter(cast(Any, tp)).validate_python(json.loads(response.content)))

    return decode


def no_body(response: httpx.Response) -> None:
    """For endpoints answering 200/204 with nothing worth reading."""
    return


def json_body(response: httpx.Response) -> Any:
    """The JSON body, unvalidated."""
    return json.loads(response.content)


def gzip_json(response: httpx.Response) -> Any:
    """A JSON body that may arrive gzip-compressed as the payload itself (not only as encoding)."""
    content = response.content
    if content[:2] == b"\x1f\x8b":
        try:
            content = gzip.decompress(content)
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"invalid gzip body: {exc}") from exc
    return json.loads(content)


def expect_list(tp: type[T]) -> Decoder[list[T]]:
    """A decoder for a list of `tp`; also accepts the list wrapped as `{"items": [...]}`."""

    def decode(response: httpx.Response) -> list[T]:
        data = json.loads(response.content)
        if isinstance(data, dict) and isinstance(data.get("items"), list):
            data = data["items"]
        return cast(list[T], _adapter(list[tp]).validate_python(data))  # type: ignore[valid-type]

    return decode


def lenient(tp: type[T]) -> Decoder[T]:
    """Like `expect`, but an empty body decodes as `{}` (for models whose fields are optional)."""

    def decode(response: httpx.Response) -> T:
        data = json.loads(response.content) if response.content.strip() else {}
        return cast(T, _adapter(cast(Any, tp)).validate_python(data))

    return decode


def file_body(*media_types: str) -> Decoder[bytes]:
    """The raw bytes of a file download; another media type (an HTML page) is a ValueError."""

    def decode(response: httpx.Response) -> bytes:
        media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media not in media_types:
            expected = " or ".join(media_types)
            raise ValueError(f"expected {expected}, got {media or 'no content type'}")
        return response.content

    return decode
