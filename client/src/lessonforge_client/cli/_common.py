"""What every client command shares: options, environment, exit codes, consoles, error handling."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from lessonforge_client._errors import LessonforgeClientError
from lessonforge_client._integration import IntegrationClient

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class ExitCode(IntEnum):
    """The CLI's exit codes (SPEC §8)."""

    OK = 0
    JOB_FAILED = 1
    USAGE = 2
    API_ERROR = 3


BaseUrl = Annotated[
    str,
    typer.Option(
        "--base-url", envvar="LESSONFORGE_BASE_URL", help="Server root URL.", show_envvar=True
    ),
]
ApiKey = Annotated[
    str | None,
    typer.Option(
        "--api-key",
        envvar="LESSONFORGE_API_KEY",
        help="Content Integration key (tf_content_...).",
        show_default=False,
        show_envvar=True,
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON (for scripts) instead of tables.")]


def stdout() -> Console:
    """Tables and text for people (`--json` output bypasses Rich entirely)."""
    return Console(highlight=False, soft_wrap=False)


def stderr() -> Console:
    """Progress and notices; keeps stdout clean for pipes."""
    return Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    """Pretty JSON on stdout, nothing else."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def notice(message: str) -> None:
    """One plain line on stderr (no markup interpretation)."""
    typer.echo(message, err=True)


def exit_with(code: ExitCode) -> NoReturn:
    raise typer.Exit(int(code))


@contextmanager
def api_errors() -> Iterator[None]:
    """Turn SDK errors into one line on stderr (with the request id) and exit code 3."""
    try:
        yield
    except LessonforgeClientError as exc:
        fail(exc)


def fail(exc: LessonforgeClientError) -> NoReturn:
    """The one-line error (code, status, message, request id) on stderr, then exit 3."""
    notice("error: " + " ".join(str(exc).split()))
    exit_with(ExitCode.API_ERROR)


def integration_client(base_url: str, api_key: str | None, *, need_key: bool) -> IntegrationClient:
    """A client for the command, or a usage error (exit 2) when a required key is missing."""
    if need_key and not api_key:
        raise typer.BadParameter(
            "an API key is required: pass --api-key or set LESSONFORGE_API_KEY",
            param_hint="--api-key",
        )
    show_retries()
    return IntegrationClient(base_url, api_key, max_retries=max_retries(), persist_errors=True)


def max_retries(default: int = 3) -> int:
    """`LESSONFORGE_MAX_RETRIES` when set (0 turns retries off), else the SDK default."""
    value = os.environ.get("LESSONFORGE_MAX_RETRIES", "")
    try:
        return max(0, int(value)) if value.strip() else default
    except ValueError as exc:
        raise typer.BadParameter("LESSONFORGE_MAX_RETRIES must be a whole number") from exc


def show_retries() -> None:
    """Print the SDK's INFO retry lines on stderr, so a user sees why a command is waiting."""
    logger = logging.getLogger("lessonforge_client")
    if any(getattr(h, "_lessonforge_cli", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler._lessonforge_cli = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
