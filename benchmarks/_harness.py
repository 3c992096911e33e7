"""Benchmark plumbing: a throwaway server process, wrk (or a Python fallback) as the load generator."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_up(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(url)


@contextmanager
def serve(app: str, env: dict[str, str], *, factory: bool = True) -> Iterator[str]:
    """Run ``app`` under one uvicorn process (uvloop/httptools as installed) and yield its base URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    if factory:
        command.insert(4, "--factory")
    process = subprocess.Popen(
        command, env={**os.environ, **env}, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_up(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def requests_per_second(url: str, headers: dict[str, str], seconds: int = 10, connections: int = 16) -> float:
    """Load ``url`` with wrk (one thread: the other core serves) and return requests per second."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return _python_load(url, headers, seconds, connections)
    args = [wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise RuntimeError(f"{non_2xx.group(1)} failed responses from {url}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert match, out
    return float(match.group(1))


def _python_load(url: str, headers: dict[str, str], seconds: int, connections: int) -> float:
    from concurrent.futures import ThreadPoolExecutor

    deadline = time.monotonic() + seconds

    def loop(_: int) -> int:
        count = 0
        with httpx.Client(headers=headers) as http:
            while time.monotonic() < deadline:
                http.get(url).raise_for_status()
                count += 1
        return count

    with ThreadPoolExecutor(connections) as pool:
        return sum(pool.map(loop, range(connections))) / seconds


def temp_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="lf-bench-"))
