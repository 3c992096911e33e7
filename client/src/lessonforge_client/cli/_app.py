"""Building the Typer apps: every client command with its help examples, `--version`, completion."""

from __future__ import annotations

from contextlib import suppress
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

from lessonforge_client._base import __version__

from ._content import build_content_app
from ._exports import build_tests_app
from ._handoff import HANDOFF_EPILOG, handoff
from ._joblist import build_jobs_app
from ._jobs import EXPAND_EPILOG, expand, result, status
from ._keys import build_keys_app
from ._listen import LISTEN_EPILOG, listen
from ._projects import build_classrooms_app, build_projects_app
from ._trigger import TRIGGER_EPILOG, trigger
from ._usage import JsonUsageErrors
from ._videos import build_videos_app
from ._webhooks import build_webhooks_app

STATUS_EPILOG = """\
Examples:

  lessonforge status 0f9c2c1e-5b1a-4c52-9d57-2f1f3a4b5c6d

  lessonforge status JOB --json | jq .status

Exit codes: 0 ok, 1 job failed, 2 usage, 3 API error.
"""
RESULT_EPILOG = """\
Examples:

  lessonforge result 0f9c2c1e-5b1a-4c52-9d57-2f1f3a4b5c6d

  lessonforge result JOB --json | jq '.manifest.outputs[].urls.publicUrl'

Exit codes: 0 ok, 1 job failed, 2 usage, 3 API error.
"""


def version_text() -> str:
    """`lessonforge-client X` and, when installed beside it, the server's version."""
    lines = [f"lessonforge-client {__version__}"]
    with suppress(PackageNotFoundError):
        lines.append(f"lessonforge (server) {version('lessonforge')}")
    return "\n".join(lines)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit()


def root_options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the versions and exit."
        ),
    ] = False,
) -> None:
    """Options of the root command (`--version`)."""


def register_client_commands(app: typer.Typer) -> None:
    """Add every client command; help is plain text so flags show as flags (`--wait/--no-wait`).

    A root app without its own command class gets `JsonUsageErrors`, so that command-line errors
    honour `--json` too."""
    app.rich_markup_mode = None
    if not isinstance(app.info.cls, type):
        app.info.cls = JsonUsageErrors
    if app.registered_callback is None:
        app.callback()(root_options)
    app.command("expand", epilog=EXPAND_EPILOG)(expand)
    app.command("status", epilog=STATUS_EPILOG)(status)
    app.command("result", epilog=RESULT_EPILOG)(result)
    app.command("handoff", epilog=HANDOFF_EPILOG)(handoff)
    app.command("listen", epilog=LISTEN_EPILOG)(listen)
    app.command("trigger", epilog=TRIGGER_EPILOG)(trigger)
    for name, build in (
        ("jobs", build_jobs_app),
        ("keys", build_keys_app),
        ("webhooks", build_webhooks_app),
        ("projects", build_projects_app),
        ("classrooms", build_classrooms_app),
        ("content", build_content_app),
        ("tests", build_tests_app),
        ("videos", build_videos_app),
    ):
        sub = build()
        sub.rich_markup_mode = None
        app.add_typer(sub, name=name)


def build_app() -> typer.Typer:
    """The standalone `lessonforge-client` app."""
    app = typer.Typer(
        name="lessonforge-client",
        cls=JsonUsageErrors,
        help="Client for a lessonforge server: jobs, events, webhooks, keys, projects, content, "
        "support handoff. Reads LESSONFORGE_BASE_URL (default http://127.0.0.1:8000), "
        "LESSONFORGE_API_KEY, LESSONFORGE_CONTENT_TOKEN and LESSONFORGE_ADMIN_EMAIL/PASSWORD.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    register_client_commands(app)
    return app
