"""uvicorn's HTTP protocols, answering a request its parser refuses in the error contract, not in plain text.

uvicorn parses the request head before the app sees it. httptools (uvicorn's default when installed) refuses
control bytes in header values (``Idempotency-Key: a\\x7fb``, ``If-Match: \\x01``), h11 lets those through to
the app (whose header checks answer 400 in the contract); both refuse a ``Content-Length`` that is not a
non-negative decimal (``-1``, ``abc``, one past 2^64) and NUL in a header. uvicorn then writes
``400 Invalid HTTP request received.`` as ``text/plain`` and closes the connection. The supported hook is the
``--http`` option (``uvicorn.run(http=...)``), which takes a protocol class: these subclasses only replace
that answer with the contract body (``content_invalid_request``, a fresh ``requestId`` also sent as
``X-Request-Id``; the Content API's shape when the URL, if httptools had read it, is under ``/api/1.0``).
A ``Content-Length`` the parser accepts but which passes the body limit reaches the app (400 in the contract).
"""

from __future__ import annotations

import logging
import uuid

from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from lessonforge.api.errors import Problem, contract_body
from lessonforge.api.responses import render_json
from lessonforge.errors import FieldProblem
from lessonforge.observability import request_id_var

log = logging.getLogger("lessonforge.api")
MALFORMED = Problem(
    "invalid",
    "Malformed HTTP request: a header holds bytes HTTP does not allow, or Content-Length is not a valid length",
    [FieldProblem("headers", "Malformed request head")],
)


def contract_400(url: bytes) -> bytes:
    """The whole HTTP/1.1 answer (status line, headers, body) to a request head the parser refused."""
    request_id = str(uuid.uuid4())
    path = url.split(b"?", 1)[0].decode("latin-1")
    _, body = contract_body(MALFORMED, path, request_id)
    payload = render_json(body)
    token = request_id_var.set(request_id)
    try:
        log.warning("malformed HTTP request refused by the parser")
    finally:
        request_id_var.reset(token)
    head = (
        b"HTTP/1.1 400 Bad Request\r\n"
        b"content-type: application/json; charset=utf-8\r\n"
        b"content-length: %d\r\n"
        b"x-request-id: %s\r\n"
        b"connection: close\r\n\r\n" % (len(payload), request_id.encode())
    )
    return head + payload


class ContractHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol; a refused request head gets the contract's 400."""

    def send_400_response(self, msg: str) -> None:  # noqa: ARG002 (uvicorn's plain-text message, replaced)
        self.transport.write(contract_400(getattr(self, "url", b"") or b""))
        self.transport.close()


class ContractH11Protocol(H11Protocol):
    """uvicorn's h11 protocol; a refused request head gets the contract's 400 (h11 keeps no URL to read)."""

    def send_400_response(self, msg: str) -> None:  # noqa: ARG002 (uvicorn's plain-text message, replaced)
        self.transport.write(contract_400(b""))
        self.transport.close()


# What ``--http auto`` would pick: httptools (a dependency of uvicorn[standard]) when importable.
ContractHTTPProtocol = ContractHttpToolsProtocol
