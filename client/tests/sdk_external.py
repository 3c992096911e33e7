"""Real external programs for tests: finding them (one skip/fail rule) and running them briefly."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def require_binary(name: str, *extra_paths: str) -> str:
    """The program's path. Missing: skip locally, but FAIL when `CI` is set (CI must have it)."""
    found = shutil.which(name) or next((p for p in extra_paths if os.access(p, os.X_OK)), None)
    if found:
        return found
    message = f"{name} is not installed (Debian package: {name})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must provide it", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


@contextmanager
def silent_upstream() -> Iterator[int]:
    """A TCP server that accepts connections and never answers (a hung upstream)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1])
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in held:
            conn.close()
        server.close()


NGINX_CONF = """\
{user}worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {root}/access.log;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    server {{
        listen 127.0.0.1:{stopped_port};
        location / {{ proxy_pass http://127.0.0.1:{dead_port}; }}
    }}
    server {{
        listen 127.0.0.1:{slow_port};
        location / {{
            proxy_pass http://127.0.0.1:{hung_port};
            proxy_connect_timeout 2s;
            proxy_read_timeout 1s;
        }}
    }}
}}
"""


@contextmanager
def nginx_gateway(root: Path, hung_port: int) -> Iterator[tuple[int, int]]:
    """nginx on 127.0.0.1 in front of a stopped upstream and a hung one: (port_502, port_504)."""
    binary = require_binary("nginx", "/usr/sbin/nginx")
    ports = {"stopped_port": free_port(), "slow_port": free_port(), "dead_port": free_port()}
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = root / "nginx.conf"
    conf.write_text(NGINX_CONF.format(user=user, root=root, hung_port=hung_port, **ports))
    command = [binary, "-p", str(root), "-c", str(conf), "-e", str(root / "startup.log")]
    with (root / "nginx.out").open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for_port(ports["stopped_port"])
        wait_for_port(ports["slow_port"])
        yield ports["stopped_port"], ports["slow_port"]
    finally:
        process.terminate()
        process.wait(timeout=10)
