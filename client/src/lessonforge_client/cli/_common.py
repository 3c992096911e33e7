"""What every client command shares: options, environment, exit codes, consoles, error handling."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
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
JSON_FLAG = "--json"
AsJson = Annotated[
    bool,
    typer.Option(JSON_FLAG, help="Print JSON (for scripts) instead of tables; errors too."),
]


def stdout() -> Console:
    """Tables and text for people (`--json` output bypasses Rich entirely)."""
    return Console(highlight=False, soft_wrap=False)


def stderr() -> Console:
    """Progress and notices; keeps stdout clean for pipes."""
    return Console(stderr=True, highlight=False)


def last_json(client: Any) -> Any:
    """The body of the client's last answer exactly as the server sent it (timestamps untouched)."""
    response = client.last_response
    return response.json() if response is not None and response.content else None


def print_json(data: Any) -> None:
    """Pretty JSON on stdout, nothing else."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def print_json_line(data: Any) -> None:
    """One compact JSON object on one line, flushed (JSON Lines, for streaming commands)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def report(data: Any, as_json: bool, *lines: str) -> None:
    """`data` as JSON for scripts, or `lines` as plain text for people (both on stdout)."""
    if as_json:
        print_json(data)
        return
    for line in lines:
        typer.echo(line)


def sub_app(help: str, commands: Iterable[tuple[str, Callable[..., Any], str]]) -> typer.Typer:
    """A command group (plain-text help, help when run bare) of `(name, command, example)`."""
    app = typer.Typer(help=help, no_args_is_help=True, rich_markup_mode=None)
    for name, command, example in commands:
        app.command(name, epilog=f"Example: {example}")(command)
    return app


def notice(message: str) -> None:
    """One plain line on stderr (no markup interpretation)."""
    typer.echo(message, err=True)


def exit_with(code: ExitCode) -> NoReturn:
    raise typer.Exit(int(code))


@contextmanager
def api_errors(as_json: bool = False) -> Iterator[None]:
    """SDK errors become exit 3 and usage errors exit 2: one line (and a hint) on stderr, or with
    `--json` a JSON error object on stdout."""
    try:
        yield
    except LessonforgeClientError as exc:
        fail(exc, as_json)
    except typer.BadParameter as exc:
        if not as_json:
            raise
        usage_error(exc.format_message())


def usage_error(message: str) -> NoReturn:
    """The JSON usage error `{"error": {"code": "usage_error", "message", "status": 0}}`, exit 2."""
    print_json_line({"error": {"code": "usage_error", "message": message, "status": 0}})
    exit_with(ExitCode.USAGE)


def fail(exc: LessonforgeClientError, as_json: bool = False) -> NoReturn:
    """The error (code, status, message, request id, what to do next), then exit 3."""
    hint = next_step(exc)
    if as_json:  # one line, so it parses alone and as the last line of a JSON Lines stream
        print_json_line({"error": error_object(exc) | ({"hint": hint} if hint else {})})
    else:
        notice("error: " + " ".join(str(exc).split()))
        if hint:
            notice(f"hint: {hint}")
    exit_with(ExitCode.API_ERROR)


def error_object(exc: LessonforgeClientError) -> dict[str, Any]:
    """`{code, message, status, requestId, details}` of an SDK error (the server's own words)."""
    return {
        "code": getattr(exc, "code", None),
        "message": getattr(exc, "message", str(exc)),
        "status": getattr(exc, "status", None),
        "requestId": getattr(exc, "request_id", None),
        "details": getattr(exc, "details", None),
    }


def next_step(exc: LessonforgeClientError) -> str | None:
    """What the user can do about an error, where the CLI knows better than the message."""
    code, path = getattr(exc, "code", None), _path_of(exc)
    notes = getattr(exc, "__notes__", None)  # a command's own advice (exc.add_note) comes first
    if notes:
        return str(notes[0])
    if code == "content_invalid_api_key":
        if path.startswith(("/auth/", "/v1/content/organizations")):
            return (
                "sign in again: check LESSONFORGE_ADMIN_EMAIL / LESSONFORGE_ADMIN_PASSWORD "
                "(or --email/--password); an admin session expires and is then refused"
            )
        return (
            "the API key is missing, mistyped, revoked or expired: create one with "
            "'lessonforge keys create NAME' (or rotate it with 'lessonforge keys rotate KEY_ID') "
            "and set LESSONFORGE_API_KEY"
        )
    if code == "UNAUTHORIZED":
        return (
            "the project token is unknown: rotate it with 'lessonforge projects rotate-tokens "
            "PROJECT_ID' and set LESSONFORGE_CONTENT_TOKEN"
        )
    if code in ("network_error", "NETWORK_ERROR"):
        return "is the server running? check LESSONFORGE_BASE_URL (or --base-url)"
    return None


def _path_of(exc: LessonforgeClientError) -> str:
    exchange = getattr(exc, "exchange", None)
    return str(exchange.path) if exchange is not None else ""


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
