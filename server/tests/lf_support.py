"""Shared test helpers: sample payloads, free ports, a real uvicorn process, a throwaway PostgreSQL."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

ADMIN_EMAIL = "ada@school.test"
ADMIN_PASSWORD = "correct-horse-battery"


def sample_payload(title: str = "A1 Foundations", lessons: int = 3) -> dict[str, Any]:
    """A small valid payload with vocabulary, example, dialogue, quiz and review lessons."""
    base: list[dict[str, Any]] = [
        {
            "id": "l1",
            "type": "vocabulary",
            "title": "Greetings",
            "items": [
                {"term": "hola", "meaning": "hello", "example": "hola, Ana"},
                {"term": "adiós", "meaning": "goodbye", "example": "adiós, amigo"},
                {"term": "gracias", "meaning": "thank you"},
                {"term": "por favor", "meaning": "please"},
            ],
        },
        {
            "id": "l2",
            "type": "quiz",
            "title": "Check",
            "questions": [
                {"question": "Hello?", "choices": ["hola", "adiós"], "answer": "hola", "explanation": "hola = hello"}
            ],
        },
        {"id": "l3", "type": "review", "title": "Review", "summary": "Greetings", "keyPoints": ["hola", "adiós"]},
        {"id": "l4", "type": "example", "title": "Examples", "examples": [{"source": "hola", "translation": "hi"}]},
        {
            "id": "l5",
            "type": "dialogue",
            "title": "Meeting",
            "turns": [{"speaker": "Ana", "text": "hola"}, {"speaker": "Ben", "text": "adiós"}],
        },
    ]
    return {"category": "Spanish", "language": "es", "level": {"id": "a1", "title": title, "lessons": base[:lessons]}}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def require_tool(name: str) -> str:
    """Path of a binary; skipped locally when missing, but a failure on CI."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required on CI; .ci/run must install it")
    pytest.skip(f"{name} not installed")


def npm_installed(spec: str, cache: Path, marker: str) -> Path:
    """``node_modules`` holding the npm package ``spec``, installed once into ``cache`` (``marker``: a file
    inside node_modules that exists once it is installed)."""
    modules = cache / "node_modules"
    if not (modules / marker).exists():
        npm = require_tool("npm")
        cache.mkdir(parents=True, exist_ok=True)
        (cache / "package.json").write_text(f'{{"name": "lf-{cache.name}", "private": true}}')
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--silent", spec],
            cwd=cache,
            check=True,
            capture_output=True,
            timeout=300,
        )
    return modules


def npm_unpacked(spec: str, cache: Path, marker: str) -> Path:
    """The files of the npm package ``spec`` (``name@exact-version``) without its dependencies: packed once by
    ``npm pack`` into ``cache`` and unpacked there (``marker``: a file inside the package). Skipped locally when
    the registry cannot be reached, a failure on CI."""
    package = cache / "package"
    if not (package / marker).exists():
        npm = require_tool("npm")
        cache.mkdir(parents=True, exist_ok=True)
        try:
            done = subprocess.run(
                [npm, "pack", "--silent", "--pack-destination", str(cache), spec],
                check=True,
                capture_output=True,
                text=True,
                timeout=300,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            if os.environ.get("CI"):
                pytest.fail(f"npm pack {spec} failed on CI: {error}")
            pytest.skip(f"npm registry unreachable for {spec}")
        with tarfile.open(cache / done.stdout.strip().splitlines()[-1]) as archive:
            archive.extractall(cache, filter="data")
    return package


def wait_until_up(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not come up")


@contextmanager
def running(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run a process for the duration of the block, its output in ``log``; killed at the end."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def server_env(database_url: str, data_dir: Path, base_url: str, **extra: str) -> dict[str, str]:
    return {
        "LESSONFORGE_DATABASE_URL": database_url,
        "LESSONFORGE_DATA_DIR": str(data_dir),
        "LESSONFORGE_SECRET_KEY": "test-secret-key-0123456789abcdef0123456789",
        "LESSONFORGE_PUBLIC_BASE_URL": base_url,
        **extra,
    }


def uvicorn_command(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "lessonforge.api.app:app_from_env",
        "--http",
        "lessonforge.api.http_protocol:ContractHTTPProtocol",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-proxy-headers",  # as `lessonforge serve` runs it: forwarded headers are the app's call
    ]


def lessonforge_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "lessonforge.cli", *args]


def large_payload(lessons: int) -> dict[str, Any]:
    """A level of ``lessons`` vocabulary lessons with distinct terms (slow enough to interrupt)."""
    items = [
        {
            "id": f"v{i}",
            "type": "vocabulary",
            "title": f"Set {i}",
            "items": [
                {"term": f"term{i}-{k}", "meaning": f"meaning{i}-{k}", "example": f"a term{i}-{k} here"}
                for k in range(4)
            ],
        }
        for i in range(lessons)
    ]
    return {"language": "en", "level": {"id": "big", "title": f"Big level {lessons}", "lessons": items}}
