"""The error contract where the framework or the HTTP server would answer on their own (issue 8.10): request
heads uvicorn's parser refuses (raw sockets against a real uvicorn), method not allowed, runaway nesting."""

from __future__ import annotations

import json
import socket
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lf_accounts import make_org
from lf_backends import suite_settings
from lf_support import ADMIN_EMAIL, free_port, running, server_env, uvicorn_command, wait_until_up

from lessonforge.services import keys
from lessonforge.services.context import ServiceContext
from lessonforge.store.migrate import upgrade
from lessonforge.store.uow import Store

EXPANSIONS = "/v1/content/integrations/expansions"
H11 = "lessonforge.api.http_protocol:ContractH11Protocol"


def _exchange(base_url: str, head: bytes, body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes; (status, headers, body) of the answer, read until the server closes or it is complete."""
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head + b"\r\n" + body)
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    raw_head, _, payload = data.partition(b"\r\n\r\n")
    lines = raw_head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, payload


def _length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 1 << 30


def _head(method: str, path: str, *headers: bytes) -> bytes:
    return b"%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n" % (method.encode(), path.encode()) + b"".join(
        h + b"\r\n" for h in headers
    )


def _contract(status: int, headers: dict[str, str], body: bytes, *, content_api: bool = False) -> dict[str, Any]:
    assert status == 400, body
    assert headers["content-type"] == "application/json; charset=utf-8"
    error: dict[str, Any] = json.loads(body)["error"]
    assert error["code"] == ("VALIDATION_ERROR" if content_api else "content_invalid_request")
    assert error["requestId"] == headers["x-request-id"]
    assert ("status" in error) is not content_api
    return error


REFUSED_HEADS = {
    "DEL in Idempotency-Key": _head("POST", EXPANSIONS, b"Idempotency-Key: a\x7fb", b"Content-Length: 2"),
    "control byte in If-Match": _head("PATCH", "/v1/content/modules/x", b"If-Match: \x01", b"Content-Length: 2"),
    "negative Content-Length": _head("POST", "/auth/login", b"Content-Length: -1"),
    "Content-Length abc": _head("POST", "/auth/login", b"Content-Length: abc"),
    "Content-Length past 2^64": _head("POST", "/auth/login", b"Content-Length: 99999999999999999999999"),
    "NUL in a header": _head("GET", "/healthz", b"X-Note: a\x00b"),
}


@pytest.mark.parametrize("head", REFUSED_HEADS.values(), ids=REFUSED_HEADS.keys())
def test_a_request_head_the_parser_refuses_gets_the_contract(servers: Servers, head: bytes) -> None:
    error = _contract(*_exchange(servers.httptools, head, b"{}"))
    assert "Malformed HTTP request" in error["message"]


def test_a_refused_content_api_request_head_gets_the_content_api_shape(servers: Servers) -> None:
    head = _head("POST", "/api/1.0/content?x=1", b"Content-Length: abc")
    _contract(*_exchange(servers.httptools, head, b"{}"), content_api=True)


def test_a_declared_length_past_the_body_limit_is_refused_by_the_app(servers: Servers) -> None:
    head = _head("POST", "/auth/login", b"Content-Length: 999999999999", b"Content-Type: application/json")
    error = _contract(*_exchange(servers.httptools, head, b"{}"))
    assert "larger than the limit" in error["message"]


@dataclass(frozen=True)
class Servers:
    """The app behind uvicorn's default protocol (httptools) and behind h11, on one database."""

    httptools: str
    h11: str
    api_key: str


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    directory = tmp_path_factory.mktemp("contract")
    settings = suite_settings(directory)
    upgrade(settings.database_url)
    store = Store.from_url(settings.database_url)
    ctx = ServiceContext(store=store, settings=settings)
    org = make_org(ctx, "North School", ADMIN_EMAIL)
    api_key = keys.create_key(ctx, org.organization_id, "raw", 10000).secret
    store.dispose()
    h11_command = [sys.executable, "-m", "uvicorn", "--factory", "lessonforge.api.app:app_from_env", "--http", H11]
    with ExitStack() as stack:
        bases = []
        for name, command in (("httptools", uvicorn_command), ("h11", None)):
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            env = server_env(settings.database_url, settings.data_dir, base, LESSONFORGE_IN_PROCESS_WORKER="0")
            argv = command(port) if command else [*h11_command, "--port", str(port), "--log-level", "warning"]
            stack.enter_context(running(argv, env, directory / f"{name}.log"))
            bases.append(base)
        for base in bases:
            wait_until_up(f"{base}/healthz")
        yield Servers(bases[0], bases[1], api_key)


def test_behind_h11_bad_header_bytes_reach_the_app_and_get_the_contract(
    servers: Servers,
) -> None:
    h11_server = servers.h11
    auth = b"Authorization: Bearer " + servers.api_key.encode()
    json_type = b"Content-Type: application/json"
    body = b'{"payload": {}}'
    length = b"Content-Length: %d" % len(body)
    idempotency = _head("POST", EXPANSIONS, auth, json_type, b"Idempotency-Key: a\x7fb", length)
    error = _contract(*_exchange(h11_server, idempotency, body))
    assert error["details"]["fields"][0]["field"] == "Idempotency-Key"
    if_match = _head("PATCH", "/v1/content/modules/x", auth, json_type, b"If-Match: \x01", b"Content-Length: 2")
    error = _contract(*_exchange(h11_server, if_match, b"{}"))
    assert error["details"]["fields"][0]["field"] == "If-Match"
    _contract(*_exchange(h11_server, _head("POST", "/auth/login", b"Content-Length: -1"), b"{}"))


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("POST", "/v1/content/modules/00000000-0000-0000-0000-000000000000", "GET, PATCH, DELETE"),
        ("PUT", f"{EXPANSIONS}/00000000-0000-0000-0000-000000000000", "GET, HEAD"),
        ("DELETE", EXPANSIONS, "GET, POST"),
        ("PATCH", "/v1/content/organizations/00000000-0000-0000-0000-000000000000/api-keys", "GET, POST"),
    ],
)
def test_a_method_not_allowed_lists_every_method_of_the_path(
    client: TestClient, method: str, path: str, allow: str
) -> None:
    response = client.request(method, path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "content_not_found"
    assert response.headers["Allow"] == allow


def test_json_nested_too_deep_says_so(client: TestClient) -> None:
    body = '{"email": "a@b.c", "password": ' + "[" * 250 + "]" * 250 + "}"
    response = client.post("/auth/login", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "JSON nesting is deeper than 100 levels"
