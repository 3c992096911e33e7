"""The server side of the CLI, run as a user would: db upgrade, admin create, --help."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from lf_support import lessonforge_command


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "LESSONFORGE_DATA_DIR": str(tmp_path / "var"),
        "LESSONFORGE_DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'lf.db'}",
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(lessonforge_command(*args), env=env, capture_output=True, text=True, timeout=60)


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    result = run(tmp_path, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    assert (tmp_path / "var" / "lf.db").exists()
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o777 == 0o600


def test_admin_create_prints_the_ids_as_json_and_refuses_a_duplicate(tmp_path: Path) -> None:
    args = ("admin", "create", "--email", "ada@school.test", "--org", "North", "--password", "long-password", "--json")
    created = run(tmp_path, *args)
    assert created.returncode == 0, created.stderr
    ids = json.loads(created.stdout)
    assert set(ids) == {"adminId", "organizationId", "classroomId"}
    again = run(tmp_path, *args)
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert "Traceback" not in again.stderr


def test_help_lists_the_server_commands_with_examples(tmp_path: Path) -> None:
    result = run(tmp_path, "--help")
    assert result.returncode == 0
    for command in ("serve", "worker", "db", "admin"):
        assert command in result.stdout
    assert "Example" in run(tmp_path, "worker", "--help").stdout


def test_a_command_line_error_of_a_server_command_is_json_under_json(tmp_path: Path) -> None:
    result = run(tmp_path, "admin", "create", "--org", "North", "--json")
    assert result.returncode == 2
    assert result.stderr == ""
    error = json.loads(result.stdout)["error"]
    assert error == {"code": "usage_error", "message": "Missing option '--email'.", "status": 0}
    text = run(tmp_path, "admin", "create", "--org", "North")
    assert (text.returncode, text.stdout) == (2, "")
    assert "Error: Missing option '--email'." in text.stderr
