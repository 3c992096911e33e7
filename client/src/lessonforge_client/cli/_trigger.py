"""`trigger EVENT`: make the server emit a real event: a small real job that ends that way.

Like the Stripe CLI's trigger, nothing is faked: the job is an ordinary expansion (`sourceType`
`lessonforge_trigger`), so webhooks, the event stream and `listen` all see a genuine event.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import typer

from lessonforge_client._integration import IntegrationClient
from lessonforge_client._statuses import EventType

from ._common import (
    DEFAULT_BASE_URL,
    ApiKey,
    AsJson,
    BaseUrl,
    api_errors,
    integration_client,
    last_json,
    print_json,
)

SOURCE_TYPE = "lessonforge_trigger"
TRIGGER_EPILOG = """\
Examples:

  lessonforge trigger content.completed

  lessonforge trigger content.failed --no-wait --json

Exit codes: 0 the event was emitted (or the job queued, with --no-wait), 2 usage, 3 API error.
"""


def trigger_source(event: EventType) -> dict[str, Any]:
    """A source that completes (one vocabulary lesson) or fails (a level without lessons)."""
    title = f"lessonforge trigger {uuid.uuid4()}"  # unique: never the duplicate-source 409
    lessons: list[dict[str, Any]] = []
    if event is EventType.CONTENT_COMPLETED:
        items = [
            {"term": "hello", "meaning": "a greeting"},
            {"term": "bye", "meaning": "a farewell"},
        ]
        lessons = [{"id": "trigger-1", "type": "vocabulary", "title": "Greetings", "items": items}]
    return {
        "title": title,
        "language": "en",
        "level": {"id": "trigger", "title": title, "lessons": lessons},
    }


def trigger_job(
    client: IntegrationClient, event: EventType, *, wait: bool, timeout: float, as_json: bool
) -> dict[str, Any]:
    """Create the job (and follow it to its end when `wait`); its body as the server sent it."""
    with api_errors(as_json):
        job = client.create_expansion(
            trigger_source(event),
            requested_outputs=["interactive_module"],
            source_type=SOURCE_TYPE,
        )
        if wait:
            client.wait_for_job(job.id, timeout=timeout, poll_interval=0.5, max_poll_interval=2)
    body: dict[str, Any] = last_json(client)
    return body


def trigger(
    event: Annotated[EventType, typer.Argument(help="The event to emit.")],
    wait: Annotated[
        bool,
        typer.Option("--wait/--no-wait", help="Wait until the job has ended (the event sent)."),
    ] = True,
    timeout: Annotated[float, typer.Option(min=1, help="Seconds --wait waits at most.")] = 120,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    api_key: ApiKey = None,
    as_json: AsJson = False,
) -> None:
    """Send a test event: a small real job that ends with EVENT, seen by webhooks and `listen`."""
    with api_errors(as_json), integration_client(base_url, api_key, need_key=True) as client:
        job = trigger_job(client, event, wait=wait, timeout=timeout, as_json=as_json)
    if as_json:
        print_json({"event": event.value, "jobId": job["id"], "jobStatus": job["status"]})
    elif wait:
        typer.echo(f"{event.value} emitted for job {job['id']} ({job['status']})")
    else:
        typer.echo(f"job {job['id']} queued; it will emit {event.value}")
