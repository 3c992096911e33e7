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
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
# Only numbers with one of these shapes can leave the doubles (1e999, a 17+ digit mantissa before e99, a
# 309-digit integer); they also match inside strings, which the exact parse then clears.
_BIG_NUMBER_SHAPES = (b"e000", b"E000", b"e+000", b"E+000", b"0" * 17)
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
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
    """Raise ``ValidationError`` when a JSON body holds a NUL, a lone surrogate, a non-finite number or too
    deep a nesting. Malformed JSON passes: the route's parser reports it.

    Each check is a C-speed scan (``bytes.find``/``count``/``translate``, literal-prefix regexes); Python only
    looks at what a scan found, so a 1 MB body costs a few milliseconds.
    """
    if b"\x00" in raw or _has_nul_escape(raw):
        _refuse(f"JSON strings {NUL_MESSAGE}", FieldProblem("body", f"Strings {NUL_MESSAGE} (\\u0000)"))
    if _has_lone_surrogate(raw):
        _refuse(SURROGATE_MESSAGE, FieldProblem("body", "Lone surrogate escape"))
    if _may_leave_the_doubles(raw) and _has_non_finite(raw):
        _refuse(NUMBER_MESSAGE, FieldProblem("body", "Non-finite or out-of-range number"))
    if _too_deep(raw):
        message = f"JSON nesting is deeper than {MAX_JSON_DEPTH} levels"
        _refuse(message, FieldProblem("body", f"Nested deeper than {MAX_JSON_DEPTH} levels"))


def _escaped(raw: bytes, at: int) -> bool:
    """True when the backslash at ``at`` is itself escaped (an odd run of backslashes before it)."""
    run = at
    while run > 0 and raw[run - 1] == 0x5C:
        run -= 1
    return (at - run) % 2 == 1


def _has_nul_escape(raw: bytes) -> bool:
    at = raw.find(b"\\u0000")
    while at != -1:
        if not _escaped(raw, at):
            return True
        at = raw.find(b"\\u0000", at + 1)
    return False


def _has_lone_surrogate(raw: bytes) -> bool:
    """A high surrogate escape not followed by a low one, or a low one not following a high one."""
    low_expected_at = -1
    for match in _SURROGATE_ESCAPE.finditer(raw):
        if _escaped(raw, match.start()):
            continue
        is_high = match.group()[3] in b"89abAB"
        if low_expected_at != -1 and (is_high or match.start() != low_expected_at):
            return True  # the previous high surrogate went unpaired
        if is_high:
            low_expected_at = match.end()
        elif low_expected_at == -1:
            return True
        else:
            low_expected_at = -1
    return low_expected_at != -1


def _may_leave_the_doubles(raw: bytes) -> bool:
    if b"NaN" in raw or b"Infinity" in raw:
        return True
    shapes = raw.translate(_DIGITS_AS_ZERO)
    return any(shape in shapes for shape in _BIG_NUMBER_SHAPES)


def _too_deep(raw: bytes) -> bool:
    """Nesting past :data:`MAX_JSON_DEPTH`. Counted over every bracket first (cheap); only a body that looks
    too deep, or whose brackets do not pair up, is counted again without the brackets inside strings."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return False
    rough = _depth(raw.translate(None, _ALL_BUT_BRACKETS))
    if rough is not None and rough <= MAX_JSON_DEPTH:
        return False
    exact = _depth(_STRING.sub(b"", raw).translate(None, _ALL_BUT_BRACKETS))
    return exact is not None and exact > MAX_JSON_DEPTH  # None: malformed, reported by the parser


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


def _depth(brackets: bytes) -> int | None:
    """How deep a bracket sequence nests, counted up to one past :data:`MAX_JSON_DEPTH`; None when the
    brackets do not pair up."""
    depth = 0
    while brackets and depth <= MAX_JSON_DEPTH:
        peeled = _INNERMOST_PAIR.sub(b"", brackets)  # one level of every nest per pass, at C speed
        if len(peeled) == len(brackets):
            return None
        brackets, depth = peeled, depth + 1
    return depth
