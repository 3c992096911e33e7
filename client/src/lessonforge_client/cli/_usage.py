"""Errors in the command line itself (an unknown option or command, a missing argument, an invalid
value): with `--json` anywhere on the command line they are the JSON usage error on stdout, exit 2,
like every other error; without it, Click's usage text on stderr (exit 2 too)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from typer.core import TyperGroup

from ._common import JSON_FLAG, usage_error

# Recent Typer parses with its own copy of Click (typer._click), whose exceptions are not Click's.
try:
    from typer._click.exceptions import UsageError
except ImportError:  # pragma: no cover - older Typer raises Click's own
    from click.exceptions import UsageError  # type: ignore[assignment]

JSON_ERRORS = "lessonforge_json_errors"


def json_requested(args: Sequence[str]) -> bool:
    """True when `--json` is among the options (anything after a `--` is an argument)."""
    options = list(args)
    if "--" in options:
        options = options[: options.index("--")]
    return JSON_FLAG in options


@contextmanager
def usage_errors(as_json: bool) -> Iterator[None]:
    """With `as_json`, a usage error raised inside becomes the JSON usage error (exit 2)."""
    try:
        yield
    except UsageError as exc:
        if not as_json:
            raise
        usage_error(exc.format_message())


class JsonUsageErrors(TyperGroup):
    """The root command class: command-line errors of any sub-command answer in JSON under `--json`.

    Parsing happens in the root's `make_context` (its own options) and `invoke` (the sub-command's
    name, then the sub-command's options and arguments), so both are guarded.
    """

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        as_json = json_requested(args)
        with usage_errors(as_json):
            ctx = super().make_context(info_name, args, parent, **extra)
        ctx.meta[JSON_ERRORS] = as_json
        return ctx

    def invoke(self, ctx: Any) -> Any:
        with usage_errors(bool(ctx.meta.get(JSON_ERRORS))):
            return super().invoke(ctx)
