"""`tests export`: download a generated test as a QTI 2.1 zip, Moodle GIFT or CSV file."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ._common import (
    DEFAULT_BASE_URL,
    ApiKey,
    AsJson,
    BaseUrl,
    api_errors,
    integration_client,
    notice,
    print_json,
)

TESTS_HELP = "Generated tests (the expanded_quiz output): export them for an LMS."
EXPORT_EPILOG = """\
Examples:

  lessonforge tests export TEST_ID --format qti --output quiz.zip

  lessonforge tests export TEST_ID --format gift --output quiz.gift.txt

  lessonforge tests export TEST_ID --format csv > quiz.csv

Exit codes: 0 ok, 2 usage, 3 API error.
"""


class Format(StrEnum):
    """The export formats (`?format=` on the server)."""

    qti = "qti"
    gift = "gift"
    csv = "csv"


def export(
    test_id: Annotated[str, typer.Argument(metavar="TEST", help="The test's id (a resourceId).")],
    file_format: Annotated[
        Format, typer.Option("--format", "-f", help="qti (zip), gift (Moodle) or csv.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File to write (default: stdout, except a zip to a terminal)."
        ),
    ] = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    api_key: ApiKey = None,
    as_json: AsJson = False,
) -> None:
    """Write a test (as it is now, edits included) as a QTI 2.1 zip, Moodle GIFT or CSV."""
    if output is None and (as_json or (file_format is Format.qti and sys.stdout.isatty())):
        raise typer.BadParameter("write the file with --output PATH", param_hint="--output")
    with api_errors(as_json), integration_client(base_url, api_key, need_key=True) as client:
        content = client.export_test(test_id, file_format.value)
    if output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(content)
    except OSError as exc:
        problem = f"cannot write {output}: {exc.strerror}"
        raise typer.BadParameter(problem, param_hint="--output") from exc
    if as_json:
        fmt = file_format.value
        print_json({"testId": test_id, "format": fmt, "output": str(output), "bytes": len(content)})
    else:
        notice(f"Wrote {len(content)} bytes ({file_format.value}) to {output}")


def build_tests_app() -> typer.Typer:
    """The `tests` sub-app (a fresh one per mount)."""
    app = typer.Typer(help=TESTS_HELP, no_args_is_help=True)
    app.command("export", epilog=EXPORT_EPILOG)(export)
    return app
