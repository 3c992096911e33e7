"""Rich tables for jobs, results, keys and contents (people read these; scripts use `--json`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table

from lessonforge_client._models import ExpansionResult, Job, JobOutput

from ._common import print_json, stdout

URL_COLUMNS = frozenset({"URL", "url"})
URL_WIDTH = 32


def _table(title: str, columns: Sequence[str]) -> Table:
    """A table that fits 80 columns: URLs are cut with an ellipsis (`--json` has them whole)."""
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        if column in URL_COLUMNS:
            table.add_column(column, overflow="ellipsis", no_wrap=True, max_width=URL_WIDTH)
        else:
            table.add_column(column, overflow="fold")
    return table


def _error_text(output: JobOutput | Job) -> str:
    return f"{output.error.code}: {output.error.message}" if output.error else ""


def job_table(job: Job) -> Table:
    """The job's outputs with their status and errors."""
    title = f"Job {job.id} · {job.status}" + (f" · {job.source_title}" if job.source_title else "")
    table = _table(title, ("Output", "Resource", "Status", "Resource id", "Error"))
    for output in job.outputs:
        table.add_row(
            output.output_type,
            output.resource_type or "",
            output.status,
            output.resource_id or "",
            _error_text(output),
        )
    return table


def result_table(result: ExpansionResult) -> Table:
    """The result manifest: one row per output with its title and links."""
    job = result.job
    manifest = {m.output_type: m for m in (result.manifest.outputs if result.manifest else [])}
    title = f"Result of job {job.id} · {job.status}"
    table = _table(title, ("Output", "Status", "Title", "URL", "Error"))
    for output in result.outputs or job.outputs:
        entry = manifest.get(output.output_type)
        urls = entry.urls if entry else {}
        url = urls.get("publicUrl") or next((str(v) for v in urls.values() if v), "")
        table.add_row(
            output.output_type,
            output.status,
            (entry.title if entry else None) or "",
            str(url),
            _error_text(output),
        )
    return table


def rows_table(title: str, rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> Table:
    """A generic table of dicts, one column per key in `columns`."""
    table = _table(title, columns)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    return table


def print_rows(
    rows: list[dict[str, Any]],
    as_json: bool,
    title: str,
    columns: Sequence[str],
    *,
    joined: Sequence[str] = (),
) -> None:
    """`rows` as JSON exactly as received, or as a table (list values in `joined` comma-joined)."""
    if as_json:
        print_json(rows)
        return
    shown = [{**row, **{key: ",".join(row.get(key) or []) for key in joined}} for row in rows]
    stdout().print(rows_table(title, shown, columns))
