"""A throwaway PostgreSQL server for the suite: LESSONFORGE_TEST_POSTGRES_URL, or one started in a temp dir."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lf_support import free_port


def _pg_bin() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def postgres_server() -> Iterator[str | None]:
    """Yield a database URL, or None when no PostgreSQL is available here."""
    if os.environ.get("LESSONFORGE_TEST_POSTGRES_URL"):
        yield os.environ["LESSONFORGE_TEST_POSTGRES_URL"]
        return
    binaries = _pg_bin()
    if binaries is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="lf-pg-"))
    os.chmod(root, 0o777)
    data, port = root / "data", free_port()
    subprocess.run(
        _as_postgres([str(binaries / "initdb"), "-D", str(data), "-U", "lf", "--auth=trust", "-E", "UTF8"]),
        check=True,
        capture_output=True,
    )
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
        " -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        _as_postgres(
            [str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]
        ),
        check=True,
        capture_output=True,
    )
    try:
        subprocess.run(
            _as_postgres([str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "lf", "lessonforge"]),
            check=True,
            capture_output=True,
        )
        yield f"postgresql+psycopg://lf@127.0.0.1:{port}/lessonforge"
    finally:
        subprocess.run(
            _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), capture_output=True
        )
        time.sleep(0.2)
        shutil.rmtree(root, ignore_errors=True)


def empty_postgres(url: str) -> None:
    """Empty the test database: drop and recreate its public schema (migrate it afterwards)."""
    from lessonforge.store.uow import Store

    store = Store.from_url(url)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    store.dispose()


class PostgresControl:
    """A private PostgreSQL cluster a test starts and stops at will (never the suite's shared server)."""

    def __init__(self, binaries: Path, root: Path, port: int) -> None:
        self.binaries, self.root, self.port = binaries, root, port
        self.url = f"postgresql+psycopg://lf@127.0.0.1:{port}/lessonforge"
        self._created = False

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        command = [str(self.binaries / "pg_ctl"), "-D", str(self.root / "data"), "-o", options, "-w", "start"]
        subprocess.run(_as_postgres([*command, "-l", str(self.root / "log")]), check=True, capture_output=True)
        if not self._created:
            createdb = [str(self.binaries / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "lf"]
            subprocess.run(_as_postgres([*createdb, "lessonforge"]), check=True, capture_output=True)
            self._created = True

    def stop(self) -> None:
        command = [str(self.binaries / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast", "-w", "stop"]
        subprocess.run(_as_postgres(command), capture_output=True)


@contextmanager
def controllable_postgres() -> Iterator[PostgresControl | None]:
    """An initialised but stopped private cluster on a free port (None when PostgreSQL is not installed)."""
    binaries = _pg_bin()
    if binaries is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="lf-pg-ctl-"))
    os.chmod(root, 0o777)
    initdb = [str(binaries / "initdb"), "-D", str(root / "data"), "-U", "lf", "--auth=trust", "-E", "UTF8"]
    subprocess.run(_as_postgres(initdb), check=True, capture_output=True)
    control = PostgresControl(binaries, root, free_port())
    try:
        yield control
    finally:
        control.stop()
        shutil.rmtree(root, ignore_errors=True)
