"""Values no store can keep, refused at the edge alike on every database and route: NUL characters in a
path, a query, a JSON or form body, lone UTF-16 surrogates in JSON strings, non-finite or overflowing JSON
numbers (``NaN``, ``Infinity``, ``1e999``) and JSON nested deeper than :data:`MAX_JSON_DEPTH`.

PostgreSQL refuses NUL in text and JSON and non-finite numbers in JSON; SQLite keeps them. Refusing them here,
before any route or store sees them, makes both databases answer alike: 404 for a path (no resource can be
named that way), 400 for the rest. The body checks scan the raw bytes (C-speed regexes); an exact parse runs
only when a scan finds a candidate, so an ordinary body is parsed once, by its route.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import NoReturn
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lessonforge.api.errors import Problem, respond
from lessonforge.errors import FieldProblem, ValidationError

MAX_JSON_DEPTH = 100
NUL_MESSAGE = "must not contain NUL characters"
NUMBER_MESSAGE = "Numbers must be finite and within ±1.7976931348623157e308 (NaN, Infinity, 1e999 are refused)"
SURROGATE_MESSAGE = "JSON strings must be valid Unicode (a lone surrogate escape such as \\ud800 is refused)"
_MAX_FLOAT_DIGITS = 309  # an integer literal longer than this cannot be a finite double
# A \u0000 escape that is not itself escaped (preceded by an even number of backslashes).
_NUL_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
# A UTF-16 surrogate escape that is not half of a pair: no UTF-8 text (so no database) can hold it.
_HIGH, _LOW = rb"\\u[dD][89abAB][0-9a-fA-F]{2}", rb"\\u[dD][c-fC-F][0-9a-fA-F]{2}"
_LONE_SURROGATE = re.compile(
    rb"(?<!\\)(?:\\\\)*(?:" + _HIGH + rb"(?!" + _LOW + rb")|(?<!" + _HIGH + rb")" + _LOW + rb")"
)
# Candidates only: these also match inside strings, which the exact parse then clears.
_NON_FINITE_CANDIDATE = re.compile(rb"NaN|Infinity|[eE][+-]?0*[1-9]\d{2,}|\d{%d,}" % _MAX_FLOAT_DIGITS)
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_ALL_BUT_BRACKETS = bytes(range(256)).translate(None, b"[]{}")
_INNERMOST_PAIR = re.compile(rb"\[\]|\{\}")


class _NonFiniteError(ValueError):
    """A number outside the doubles."""


class ScreeningMiddleware:
    """Refuses a request whose path, query or (JSON or form) body holds a value no store can keep.

    Sits inside ``RequestContextMiddleware`` (request id, body limit, last-resort 500); a screened body is
    handed on to the route unchanged.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = screen_target(scope)
        screen = _body_screen(scope) if problem is None else None
        if screen is not None:
            body, receive = await _buffered(receive)
            try:
                screen(body)
            except ValidationError as exc:
                problem = Problem("invalid", exc.message, exc.fields)
        if problem is not None:
            await respond(Request(scope, receive), problem)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _body_screen(scope: Scope) -> Callable[[bytes], None] | None:
    """The check for the request's declared body type (JSON or a URL-encoded form), else None."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            media = value.split(b";", 1)[0].strip().lower()
            if media == b"application/json" or media.endswith(b"+json"):
                return screen_json
            if media == b"application/x-www-form-urlencoded":
                return screen_form
            return None
    return None


async def _buffered(receive: Receive) -> tuple[bytes, Receive]:
    """The whole body, and a ``receive`` that hands it on in one message (then defers to ``receive``)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"", receive  # disconnected: nothing to screen, the route sees the disconnect
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body, pending = b"".join(chunks), [True]

    async def replay() -> Message:
        if pending[0]:
            pending[0] = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


def screen_target(scope: Scope) -> Problem | None:
    """The problem with the request's path or query string, or None when both are fine."""
    if "\x00" in scope["path"]:
        return Problem("not_found", "Not found: no path contains a NUL character")
    query = scope.get("query_string", b"")
    if b"%00" in query or b"\x00" in query:
        pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
        fields = [FieldProblem(_shown(n), f"The query parameter {NUL_MESSAGE}") for n, v in pairs if "\x00" in n + v]
        if fields:
            return Problem("invalid", f"Query parameters {NUL_MESSAGE}", fields)
    return None


def screen_json(raw: bytes) -> None:
    """Raise ``ValidationError`` when a JSON body holds a NUL, a non-finite number or too deep a nesting.

    Malformed JSON passes: the route's parser reports it.
    """
    if b"\x00" in raw or _NUL_ESCAPE.search(raw):
        _refuse(f"JSON strings {NUL_MESSAGE}", FieldProblem("body", f"Strings {NUL_MESSAGE} (\\u0000)"))
    if _LONE_SURROGATE.search(raw):
        _refuse(SURROGATE_MESSAGE, FieldProblem("body", "Lone surrogate escape"))
    if _NON_FINITE_CANDIDATE.search(raw) and _has_non_finite(raw):
        _refuse(NUMBER_MESSAGE, FieldProblem("body", "Non-finite or out-of-range number"))
    if raw.count(b"[") + raw.count(b"{") > MAX_JSON_DEPTH and _depth(raw) > MAX_JSON_DEPTH:
        message = f"JSON nesting is deeper than {MAX_JSON_DEPTH} levels"
        _refuse(message, FieldProblem("body", f"Nested deeper than {MAX_JSON_DEPTH} levels"))


def screen_form(raw: bytes) -> None:
    """Raise ``ValidationError`` when a URL-encoded form names or holds a NUL character."""
    if b"%00" in raw or b"\x00" in raw:
        pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
        names = [name for name, value in pairs if "\x00" in name + value]
        if names:
            _refuse(f"Form fields {NUL_MESSAGE}", *(FieldProblem(_shown(n), f"The field {NUL_MESSAGE}") for n in names))


def _shown(name: str) -> str:
    return name.replace("\x00", "\\u0000") or "body"


def _refuse(message: str, *problems: FieldProblem) -> NoReturn:
    raise ValidationError(message, fields=list(problems))


def _has_non_finite(raw: bytes) -> bool:
    try:
        json.loads(raw, parse_constant=_no_constant, parse_float=_finite_float, parse_int=_finite_int)
    except _NonFiniteError:
        return True
    except (ValueError, RecursionError):
        return False  # malformed (or too deep): reported by the parser or the depth check
    return False


def _no_constant(_name: str) -> NoReturn:
    raise _NonFiniteError


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NonFiniteError
    return value


def _finite_int(text: str) -> int:
    if len(text.lstrip("-")) >= _MAX_FLOAT_DIGITS:
        try:
            float(int(text))
        except (OverflowError, ValueError) as exc:
            raise _NonFiniteError from exc
    return int(text)


def _depth(raw: bytes) -> int:
    """How deep arrays and objects nest (brackets inside strings do not count), counted up to one past
    :data:`MAX_JSON_DEPTH`; 0 when the brackets do not pair up (malformed: the parser reports it)."""
    brackets = _STRING.sub(b"", raw).translate(None, _ALL_BUT_BRACKETS)
    depth = 0
    while brackets and depth <= MAX_JSON_DEPTH:
        peeled = _INNERMOST_PAIR.sub(b"", brackets)  # one level of every nest per pass, at C speed
        if len(peeled) == len(brackets):
            return 0
        brackets, depth = peeled, depth + 1
    return depth
