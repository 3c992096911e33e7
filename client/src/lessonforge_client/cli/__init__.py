"""The client side of the `lessonforge` CLI (Typer + Rich): expand, status, result, handoff, keys,
tests, videos, content. `register_client_commands` mounts them on any Typer app; `main` runs them
standalone.

Typer and Rich (the `cli` extra) are imported only under this package, and only when used.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

__all__ = ["main", "register_client_commands"]

MISSING_EXTRA = (
    "lessonforge-client: the command line needs the cli extra (Typer + Rich): "
    "pip install 'lessonforge-client[cli]'"
)


def register_client_commands(app: typer.Typer) -> None:
    """Add every client command (expand, status, result, handoff, keys, tests, videos, content)."""
    from ._app import register_client_commands as register

    register(app)


def main() -> None:
    """Entry point of the `lessonforge-client` script."""
    try:
        from ._app import build_app
    except ImportError as exc:
        sys.stderr.write(f"{MISSING_EXTRA} ({exc})\n")
        raise SystemExit(2) from None
    build_app()()
