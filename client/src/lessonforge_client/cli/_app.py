"""Building the Typer apps: every client command with its help examples."""

from __future__ import annotations

import typer

from ._content import build_content_app
from ._exports import build_tests_app
from ._handoff import HANDOFF_EPILOG, handoff
from ._jobs import EXPAND_EPILOG, expand, result, status
from ._keys import build_keys_app
from ._videos import build_videos_app

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


def register_client_commands(app: typer.Typer) -> None:
    """Add every client command (expand, status, result, handoff, keys, tests, videos, content)."""
    app.command("expand", epilog=EXPAND_EPILOG)(expand)
    app.command("status", epilog=STATUS_EPILOG)(status)
    app.command("result", epilog=RESULT_EPILOG)(result)
    app.command("handoff", epilog=HANDOFF_EPILOG)(handoff)
    app.add_typer(build_keys_app(), name="keys")
    app.add_typer(build_content_app(), name="content")
    app.add_typer(build_tests_app(), name="tests")
    app.add_typer(build_videos_app(), name="videos")


def build_app() -> typer.Typer:
    """The standalone `lessonforge-client` app."""
    app = typer.Typer(
        name="lessonforge-client",
        help="Client for a lessonforge server: expansion jobs, support handoff, keys, quiz "
        "exports, content. Reads LESSONFORGE_BASE_URL (default http://127.0.0.1:8000) and "
        "LESSONFORGE_API_KEY.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
    )
    register_client_commands(app)
    return app
