"""Driving the CLI against the real server: in process (CliRunner) or as a subprocess."""

from __future__ import annotations

import json
import os
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sdk_live_server import ADMIN_EMAIL, ADMIN_PASSWORD, LiveServer
from typer.testing import CliRunner

from lessonforge_client.cli._app import build_app

ITEMS = [{"term": "hola", "meaning": "hello"}, {"term": "adiós", "meaning": "bye"}]
LESSON = {"id": "l1", "type": "vocabulary", "title": "Greetings", "items": ITEMS}


def source(tag: str) -> dict[str, Any]:
    """A small valid source, unique per call (never a duplicate-source 409)."""
    title = f"{tag} {uuid.uuid4()}"
    return {
        "title": title,
        "language": "es",
        "level": {"id": "a1", "title": title, "lessons": [LESSON]},
    }


def cli_env(server: LiveServer, api_key: str, tmp: Path, **extra: str) -> dict[str, str]:
    return {
        "LESSONFORGE_BASE_URL": server.base_url,
        "LESSONFORGE_API_KEY": api_key,
        "LESSONFORGE_ADMIN_EMAIL": ADMIN_EMAIL,
        "LESSONFORGE_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "LESSONFORGE_STATE_DIR": str(tmp / "state"),
        "COLUMNS": "80",
        "NO_COLOR": "1",
        **extra,
    }


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@dataclass
class Cli:
    """`lessonforge-client ...` in process, with the given environment."""

    env: dict[str, str]

    def __call__(self, *args: str, **extra_env: str) -> Outcome:
        result = CliRunner().invoke(build_app(), list(args), env=self.env | extra_env)
        return Outcome(result.exit_code, result.stdout, result.stderr)


def binary() -> str:
    return str(Path(sys.executable).parent / "lessonforge-client")


def subprocess_env(env: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **env}


@dataclass
class Received:
    body: bytes
    headers: dict[str, str]


@dataclass
class Receiver:
    """A real HTTP receiver on 127.0.0.1 recording every POST."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int, timeout: float = 90.0) -> list[Received]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.requests) >= count, timeout)
        return list(self.requests)


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with state.arrived:
                state.requests.append(Received(body, dict(self.headers.items())))
                state.arrived.notify_all()
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
