"""`expand`, `status` and `result`: create expansion jobs, watch them, read their manifests."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from lessonforge_client._errors import ConflictError
from lessonforge_client._exchange import key_prefix
from lessonforge_client._integration import IntegrationClient
from lessonforge_client._models import ExpansionResult, Job
from lessonforge_client._state import save_last_error
from lessonforge_client.handoff import exchange_for_job

from ._common import (
    DEFAULT_BASE_URL,
    ApiKey,
    AsJson,
    BaseUrl,
    ExitCode,
    api_errors,
    exit_with,
    integration_client,
    last_json,
    notice,
    print_json,
    stderr,
    stdout,
)
from ._render import job_table, result_table

EXPAND_EPILOG = """\
Examples:

  lessonforge expand lesson.json --wait

  lessonforge expand lesson.json --outputs interactive_module,expanded_quiz --idempotency-key a1

  cat lesson.json | lessonforge expand - --wait --json > result.json

Exit codes: 0 ok, 1 job failed, 2 usage, 3 API error (or --wait timed out).
"""


def read_source(file: Path) -> dict[str, Any]:
    """The source JSON object from FILE (or stdin for `-`); a usage error when it is not one."""
    try:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {file}: {exc.strerror}", param_hint="FILE") from exc
    except ValueError as exc:
        raise typer.BadParameter(f"{file} is not valid JSON: {exc}", param_hint="FILE") from exc
    if not isinstance(data, dict):
        raise typer.BadParameter(f"{file} must hold a JSON object", param_hint="FILE")
    return data


def split_outputs(values: list[str] | None) -> list[str] | None:
    """`--outputs a,b --outputs c` → `[a, b, c]`."""
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def wait_with_progress(
    client: IntegrationClient, job: Job, *, timeout: float, poll_interval: float
) -> Job:
    """Poll until terminal while showing status, elapsed time and outputs done on stderr."""
    columns = (
        SpinnerColumn(),
        TextColumn("job {task.fields[job]}"),
        TextColumn("[bold]{task.fields[status]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("outputs"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr()) as progress:
        total = max(1, len(job.outputs))
        task = progress.add_task("expand", total=total, job=job.id, status=job.status)

        def update(current: Job) -> None:
            done, total = current.outputs_done, max(1, len(current.outputs))
            progress.update(task, status=current.status, completed=done, total=total)

        return client.wait_for_job(
            job.id, timeout=timeout, poll_interval=poll_interval, on_update=update
        )


def finish(subject: Job | ExpansionResult, api_key: str | None) -> None:
    """Exit 1 with the job's error on stderr when it failed (saved for `handoff --last-error`)."""
    job = subject.job if isinstance(subject, ExpansionResult) else subject
    if job.status != "failed":
        return
    save_last_error(exchange_for_job(subject, key_prefix=key_prefix(api_key)))
    reason = f": {job.error.code}: {job.error.message}" if job.error else ""
    notice(f"job {job.id} failed{reason}")
    exit_with(ExitCode.JOB_FAILED)


def show_job(job: Job, raw: Any, as_json: bool) -> None:
    """The job as a table, or with `--json` its body exactly as the server sent it."""
    if as_json:
        print_json(raw)
    else:
        stdout().print(job_table(job))


def show_result(result: ExpansionResult, raw: Any, as_json: bool) -> None:
    if as_json:
        print_json(raw)
    else:
        stdout().print(result_table(result))


def expand(
    file: Annotated[Path, typer.Argument(help="Source JSON file (the payload); - reads stdin.")],
    outputs: Annotated[
        list[str] | None,
        typer.Option(
            "--outputs",
            help="Outputs to produce (comma-separated or repeated): interactive_module, "
            "summary_video, expanded_quiz. Default: all three.",
        ),
    ] = None,
    idempotency_key: Annotated[
        str | None, typer.Option(help="Idempotency-Key; generated when omitted.")
    ] = None,
    source_type: Annotated[str | None, typer.Option(help="Free text, default source_json.")] = None,
    classroom_id: Annotated[str | None, typer.Option(help="Classroom to file into.")] = None,
    wait: Annotated[
        bool, typer.Option("--wait/--no-wait", help="Follow the job with a progress display.")
    ] = False,
    follow_existing: Annotated[
        bool,
        typer.Option(
            "--follow-existing",
            help="When a job for the same source is still running (409), follow that job instead.",
        ),
    ] = False,
    timeout: Annotated[float, typer.Option(help="Seconds --wait waits at most.")] = 600.0,
    poll_interval: Annotated[float, typer.Option(help="First poll delay (grows to 30 s).")] = 2.0,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    api_key: ApiKey = None,
    as_json: AsJson = False,
) -> None:
    """Create an expansion job from FILE; with --wait, follow it and print the result manifest."""
    payload = read_source(file)
    with api_errors(as_json), integration_client(base_url, api_key, need_key=True) as client:
        try:
            job = client.create_expansion(
                payload,
                requested_outputs=split_outputs(outputs),
                source_type=source_type,
                idempotency_key=idempotency_key,
                classroom_id=classroom_id,
            )
        except ConflictError as exc:
            job = _existing_job(client, exc, follow_existing)
            wait = True
        if not wait:
            show_job(job, last_json(client), as_json)
            finish(job, api_key)
            return
        job = wait_with_progress(client, job, timeout=timeout, poll_interval=poll_interval)
        outcome = client.get_expansion_result(job.id)
        show_result(outcome, last_json(client), as_json)
    finish(outcome, api_key)


def _existing_job(client: IntegrationClient, conflict: ConflictError, follow: bool) -> Job:
    """The running job a duplicate-source 409 names (`details.existingJobId`), to follow.

    Without `--follow-existing` the 409 stands, with a hint naming the job and how to follow it.
    """
    existing = (conflict.details or {}).get("existingJobId")
    if not isinstance(existing, str):
        raise conflict
    if not follow:
        conflict.add_note(follow_hint(existing))
        raise conflict
    notice(f"a job for this source is already running: following {existing}")
    return client.get_expansion(existing)


def follow_hint(job_id: str) -> str:
    return (
        f"job {job_id} for this source is still running: add --follow-existing to follow it, "
        f"or run 'lessonforge status {job_id}'"
    )


def status(
    job_id: Annotated[str, typer.Argument(metavar="JOB", help="The job id.")],
    base_url: BaseUrl = DEFAULT_BASE_URL,
    api_key: ApiKey = None,
    as_json: AsJson = False,
) -> None:
    """Show a job's status and its outputs (exit 1 when it failed)."""
    with api_errors(as_json), integration_client(base_url, api_key, need_key=True) as client:
        job = client.get_expansion(job_id)
    show_job(job, last_json(client), as_json)
    finish(job, api_key)


def result(
    job_id: Annotated[str, typer.Argument(metavar="JOB", help="The job id.")],
    base_url: BaseUrl = DEFAULT_BASE_URL,
    api_key: ApiKey = None,
    as_json: AsJson = False,
) -> None:
    """Print a job's result manifest: titles and links per output (exit 1 when it failed)."""
    with api_errors(as_json), integration_client(base_url, api_key, need_key=True) as client:
        outcome = client.get_expansion_result(job_id)
    show_result(outcome, last_json(client), as_json)
    finish(outcome, api_key)
