"""`jobs list` and `jobs show`: the organization's expansion jobs, filtered, across every page."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from lessonforge_client._statuses import JobStatus

from ._common import (
    DEFAULT_BASE_URL,
    ApiKey,
    AsJson,
    BaseUrl,
    api_errors,
    integration_client,
    last_json,
    sub_app,
)
from ._jobs import status
from ._render import print_rows

JOBS_HELP = """\
The organization's expansion jobs (bearer key).

Examples:

  lessonforge jobs list --status failed --limit 50

  lessonforge jobs list --since 2026-12-01 --all --json | jq -r '.[].id'

  lessonforge jobs show JOB_ID
"""
PAGE_SIZE = 100
COLUMNS = ("id", "status", "sourceTitle", "createdAt")


def list_jobs(
    status_filter: Annotated[
        JobStatus | None, typer.Option("--status", help="Only jobs with this status.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Only jobs created at or after this ISO-8601 time or date (UTC)."),
    ] = None,
    source_type: Annotated[str | None, typer.Option(help="Only jobs of this sourceType.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many jobs.")] = 20,
    every: Annotated[
        bool, typer.Option("--all", help="Every matching job (ignores --limit).")
    ] = False,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    api_key: ApiKey = None,
    as_json: AsJson = False,
) -> None:
    """List jobs, newest first, walking as many pages as needed."""
    with api_errors(as_json), integration_client(base_url, api_key, need_key=True) as client:
        first = client.list_expansions(
            status=status_filter.value if status_filter else None,
            limit=PAGE_SIZE if every else min(PAGE_SIZE, limit),
        )
        found: list[dict[str, Any]] = []
        for _page in first.iter_pages():
            items = (last_json(client) or {}).get("items", [])
            done = _collect(found, items, since, source_type, None if every else limit)
            if done:
                break
    print_rows(found, as_json, f"{len(found)} job(s)", COLUMNS)


def _collect(
    found: list[dict[str, Any]],
    items: list[dict[str, Any]],
    since: str | None,
    source_type: str | None,
    limit: int | None,
) -> bool:
    """Add the page's matching jobs; True once no later page can add more."""
    for item in items:
        if since and str(item.get("createdAt", "")) < since:
            return True  # newest first: everything after this is older
        if source_type and item.get("sourceType") != source_type:
            continue
        found.append(item)
        if limit is not None and len(found) >= limit:
            return True
    return False


def build_jobs_app() -> typer.Typer:
    """The `jobs` sub-app (a fresh one per mount)."""
    return sub_app(
        JOBS_HELP,
        [
            ("list", list_jobs, "lessonforge jobs list --status failed --json"),
            ("show", status, "lessonforge jobs show JOB_ID --json"),
        ],
    )
