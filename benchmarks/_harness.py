"""Benchmark plumbing: a throwaway server process, wrk (or a Python fallback) as the load generator."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
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
    with serve_process(app, env, factory=factory) as (base, _pid):
        yield base


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident set size so far (``VmHWM``), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


@contextmanager
def serve_process(app: str, env: dict[str, str], *, factory: bool = True) -> Iterator[tuple[str, int]]:
    """:func:`serve`, also yielding the server's pid (to read its memory)."""
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
        yield f"http://127.0.0.1:{port}", process.pid
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


def add_database_options(parser: argparse.ArgumentParser) -> None:
    """``--postgres URL`` (or ``LESSONFORGE_BENCH_POSTGRES_URL``) and ``--start-postgres``: SQLite always runs."""
    parser.add_argument("--postgres", default=os.environ.get("LESSONFORGE_BENCH_POSTGRES_URL"))
    parser.add_argument("--start-postgres", action="store_true", help="start a throwaway PostgreSQL (as the tests do)")


@contextmanager
def database_targets(args: argparse.Namespace, sqlite_file: str) -> Iterator[list[tuple[str, str]]]:
    """``[(name, url)]``: a fresh SQLite file, then PostgreSQL when asked (a throwaway server is stopped after)."""
    from contextlib import ExitStack

    with ExitStack() as stack:
        postgres = args.postgres
        if args.start_postgres:
            sys.path.insert(0, str(ROOT / "server" / "tests"))
            from lf_postgres import postgres_server

            postgres = stack.enter_context(postgres_server())
        targets = [("sqlite", f"sqlite:///{temp_dir() / sqlite_file}")]
        yield targets + ([("postgresql", postgres)] if postgres else [])


def report_targets(args: argparse.Namespace, sqlite_file: str, measure: Callable[[str], dict[str, float]]) -> None:
    """Run ``measure(database_url)`` on each target and print one line of figures per database."""
    with database_targets(args, sqlite_file) as targets:
        for name, url in targets:
            figures = ", ".join(f"{key}={value:.2f}" for key, value in measure(url).items())
            print(f"{name}: contents={args.contents} requests={args.requests} {figures}", flush=True)


def content_benchmark_main(
    description: str, sqlite_file: str, default_requests: int, run: Callable[[str, int, int], dict[str, float]]
) -> None:
    """The command line of the Content API benchmarks: ``--contents N --requests R`` and the database options."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--contents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=default_requests)
    add_database_options(parser)
    args = parser.parse_args()
    report_targets(args, sqlite_file, lambda url: run(url, args.contents, args.requests))
