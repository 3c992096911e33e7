"""Reading response bodies defensively: contract envelopes, raw text and one-line summaries.

Nothing here raises: a proxy's HTML page, an empty body or truncated JSON all become a
`BodyReading`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import httpx

RAW_TEXT_LIMIT = 2048
_SUMMARY_LIMIT = 160
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Envelope:
    """The `error` object of a contract error body."""

    code: str
    message: str
    request_id: str | None
    details: dict[str, Any] | None


@dataclass(frozen=True)
class BodyReading:
    """What a response body turned out to be."""

    raw_text: str
    data: Any
    envelope: Envelope | None
    problem: str | None
    decode_error: ValueError | None


def raw_text(response: httpx.Response) -> str:
    """The first 2 KiB of the body as text, undecodable bytes replaced."""
    return response.content[:RAW_TEXT_LIMIT].decode("utf-8", errors="replace")


def read_body(response: httpx.Response) -> BodyReading:
    """Classify a body as a contract envelope, other JSON, or something that is not JSON at all."""
    text = raw_text(response)
    if not response.content.strip():
        return BodyReading(text, None, None, "empty response", None)
    try:
        data = json.loads(response.content)
    except ValueError as exc:
        return BodyReading(text, None, None, _non_json_problem(response, text), exc)
    envelope = parse_envelope(data)
    problem = None if envelope else "JSON without error envelope"
    return BodyReading(text, data, envelope, problem, None)


def parse_envelope(data: Any) -> Envelope | None:
    """The envelope when `data` is `{"error": {"code": str, ...}}`, else None."""
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict) or not isinstance(error.get("code"), str):
        return None
    message = error.get("message")
    request_id = error.get("requestId")
    details = error.get("details")
    return Envelope(
        code=error["code"],
        message=message if isinstance(message, str) else "",
        request_id=request_id if isinstance(request_id, str) else None,
        details=details if isinstance(details, dict) else None,
    )


def _non_json_problem(response: httpx.Response, text: str) -> str:
    content_type = response.headers.get("content-type", "")
    if "json" in content_type or text.lstrip()[:1] in ("{", "["):
        return "invalid JSON"
    return "non-JSON response"


def status_line(status: int, reason: str | None = None) -> str:
    """`HTTP 502 Bad Gateway`, using the standard phrase when the server sent none."""
    if not reason:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
    return f"HTTP {status} {reason}".rstrip()


def summarize(response: httpx.Response, problem: str, text: str) -> str:
    """A one-line message such as `HTTP 502 Bad Gateway (non-JSON response): 502 Bad Gateway`."""
    head = f"{status_line(response.status_code, response.reason_phrase)} ({problem})"
    hint = first_line(text)
    return f"{head}: {hint}" if hint else head


def first_line(text: str) -> str:
    """The HTML title if any, else the first non-blank line; whitespace squeezed, length capped."""
    title = _TITLE.search(text)
    candidate = title.group(1) if title else _first_nonblank(_TAGS.sub(" ", text))
    line = " ".join(candidate.split())
    return line if len(line) <= _SUMMARY_LIMIT else line[: _SUMMARY_LIMIT - 1] + "…"


def _first_nonblank(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def request_id_header(response: httpx.Response) -> str | None:
    """The `X-Request-Id` response header, if any."""
    return response.headers.get("x-request-id") or None
