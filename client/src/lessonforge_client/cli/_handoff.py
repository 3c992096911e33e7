"""`handoff`: print the support bundle for a job or for the last failed request."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lessonforge_client._errors import ApiError
from lessonforge_client._state import load_last_error, state_dir
from lessonforge_client.handoff import SupportHandoff, support_handoff

from ._common import (
    DEFAULT_BASE_URL,
    ApiKey,
    AsJson,
    BaseUrl,
    ExitCode,
    exit_with,
    fail,
    integration_client,
    notice,
    print_json,
)
from ._jobs import read_source

HANDOFF_EPILOG = """\
Examples:

  lessonforge handoff 0f9c2c1e-5b1a-4c52-9d57-2f1f3a4b5c6d

  lessonforge handoff --last-error --json

  lessonforge handoff JOB --include-source lesson.json   (shares the source JSON with support)

The bundle holds the key prefix, never the full key.
"""


def _emit(bundle: SupportHandoff, as_json: bool) -> None:
    if as_json:
        print_json(bundle.to_dict())
    else:
        typer.echo(bundle.to_text())


def handoff(
    job_id: Annotated[
        str | None, typer.Argument(metavar="[JOB]", help="The job to report.", show_default=False)
    ] = None,
    last_error: Annotated[
        bool, typer.Option("--last-error", help="Report the last failed request instead.")
    ] = False,
    include_source: Annotated[
        Path | None,
        typer.Option(help="Source JSON file to include (only pass it if it may be shared)."),
    ] = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    api_key: ApiKey = None,
    as_json: AsJson = False,
) -> None:
    """Print what support needs: job id, key prefix, endpoint, time, idempotency key, response."""
    if (job_id is None) == (not last_error):
        raise typer.BadParameter("give either a JOB id or --last-error", param_hint="JOB")
    source = read_source(include_source) if include_source else None
    share = include_source is not None
    if job_id is None:
        _last_error_handoff(source, share, as_json)
    else:
        _job_handoff(job_id, base_url, api_key, source, share, as_json)


def _last_error_handoff(source: object, share: bool, as_json: bool) -> None:
    exchange = load_last_error()
    if exchange is None:
        notice(f"no failed request recorded in {state_dir()}")
        exit_with(ExitCode.USAGE)
    _emit(support_handoff(exchange, source=source, share_source=share), as_json)


def _job_handoff(
    job_id: str, base_url: str, api_key: str | None, source: object, share: bool, as_json: bool
) -> None:
    with integration_client(base_url, api_key, need_key=True) as client:
        try:
            subject = client.get_expansion_result(job_id)
        except ApiError as exc:
            _emit(support_handoff(exc, source=source, share_source=share), as_json)
            fail(exc)
    bundle = support_handoff(
        subject, key_prefix=client.key_prefix, source=source, share_source=share
    )
    _emit(bundle, as_json)
