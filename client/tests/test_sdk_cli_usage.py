"""Errors in the command line itself, from the real console scripts: with `--json` (before or after
the failing option) one JSON usage error on stdout and exit 2; without it, Click's usage text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# (arguments without --json, Click's message)
CASES = {
    "unknown option": (("jobs", "list", "--bogus"), "No such option: --bogus"),
    "missing argument": (("status",), "Missing argument 'JOB'."),
    "missing option": (("listen",), "Missing option '--forward-to'."),
    "invalid value": (("jobs", "list", "--limit", "abc"), "Invalid value for '--limit': "),
    "unknown command": (("bogus",), "No such command 'bogus'."),
    "unknown sub-command": (("jobs", "bogus"), "No such command 'bogus'."),
}
SCRIPTS = ("lessonforge-client", "lessonforge")


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    path = Path(sys.executable).parent / script
    if not path.exists():
        pytest.skip(f"{script} is not installed")
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "80", "NO_COLOR": "1"}
    return subprocess.run([str(path), *args], env=env, capture_output=True, text=True, timeout=60)


def usage_error(done: subprocess.CompletedProcess[str]) -> str:
    """The message of the one JSON usage error printed, checking everything around it."""
    assert done.returncode == 2, done.stderr
    assert done.stderr == ""
    (line,) = done.stdout.splitlines()
    error = json.loads(line)["error"]
    assert error.keys() == {"code", "message", "status"}
    assert (error["code"], error["status"]) == ("usage_error", 0)
    message: str = error["message"]
    return message


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("case", CASES)
def test_a_command_line_error_with_json_is_one_json_usage_error(script: str, case: str) -> None:
    args, message = CASES[case]
    assert usage_error(run(script, *args, "--json")).startswith(message)


@pytest.mark.parametrize("script", SCRIPTS)
def test_json_before_the_failing_option_counts_too(script: str) -> None:
    message = usage_error(run(script, "jobs", "list", "--json", "--limit", "abc"))
    assert message.startswith("Invalid value for '--limit': ")
    assert (
        usage_error(run(script, "jobs", "list", "--json", "--bogus")) == "No such option: --bogus"
    )


@pytest.mark.parametrize("case", ["unknown option", "invalid value", "unknown command"])
@pytest.mark.parametrize("script", SCRIPTS)
def test_without_json_the_error_is_clicks_usage_text(script: str, case: str) -> None:
    args, message = CASES[case]
    done = run(script, *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("Usage: ")
    assert f"Error: {message}" in done.stderr


def test_json_after_a_double_dash_is_an_argument_not_the_flag() -> None:
    done = run("lessonforge-client", "jobs", "list", "--bogus", "--", "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Error: No such option: --bogus" in done.stderr
