"""`listen --forward-to URL`: the organization's events, forwarded to a local URL, signed.

It reads `GET /v1/content/events` (Server-Sent Events, through the SDK's `stream_events`) and
POSTs each event's delivery body to
the URL with the headers a real delivery carries, signed with this session's secret (or
`--secret`), so a receiver built on a laptop verifies them with `verify_webhook` as it will in
production. A lost connection resumes with `Last-Event-ID`: a server restart loses no event.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from typing import Annotated

import httpx
import typer

from lessonforge_client._base import __version__
from lessonforge_client._env import api_key_from_env, base_url_from_env
from lessonforge_client._models import StreamEvent
from lessonforge_client._statuses import EventType
from lessonforge_client.webhooks import sign_webhook

from ._common import (
    DEFAULT_BASE_URL,
    ApiKey,
    AsJson,
    BaseUrl,
    api_errors,
    integration_client,
    notice,
    print_json_line,
)

FORWARD_TIMEOUT = 15.0
LISTEN_EPILOG = """\
Examples:

  lessonforge listen --forward-to http://localhost:3000/hooks

  lessonforge listen --forward-to http://localhost:3000/hooks --event content.failed

The receiver verifies each request with verify_webhook(body, headers, SECRET), SECRET being the one
printed at start (or --secret / LESSONFORGE_LISTEN_SECRET). Stop with Ctrl-C.

Exit codes: 0 stopped (or --max-events reached), 2 usage, 3 API error (e.g. a refused key).
"""


def new_secret() -> str:
    """A Standard Webhooks secret for this session."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def listen(
    forward_to: Annotated[str, typer.Option("--forward-to", help="Local URL to POST events to.")],
    secret: Annotated[
        str | None,
        typer.Option(
            envvar="LESSONFORGE_LISTEN_SECRET",
            show_envvar=True,
            help="whsec_ secret to sign with (default: a new one, printed at start).",
        ),
    ] = None,
    event: Annotated[
        list[EventType] | None,
        typer.Option("--event", help="Only this event (repeatable). Default: every event."),
    ] = None,
    last_event_id: Annotated[
        str | None, typer.Option(help="Resume after this event id instead of starting from now.")
    ] = None,
    max_events: Annotated[
        int | None, typer.Option(min=1, help="Stop after forwarding this many events.")
    ] = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    api_key: ApiKey = None,
    as_json: AsJson = False,
) -> None:
    """Receive the organization's events as they happen and forward them, signed, to a local URL."""
    with api_errors(as_json):
        client = integration_client(
            base_url_from_env(base_url), api_key_from_env(api_key), need_key=True
        )
        signing = secret or new_secret()
        wanted = {e.value for e in event} if event else {e.value for e in EventType}
        _announce(forward_to, signing, as_json)
        forwarded = 0
        with (
            client,
            httpx.Client(timeout=FORWARD_TIMEOUT) as http,
            client.stream_events(last_event_id) as stream,
        ):
            for message in stream:
                if message.type not in wanted:
                    continue
                _forward(http, forward_to, signing, message, as_json)
                forwarded += 1
                if max_events is not None and forwarded >= max_events:
                    return


def _announce(forward_to: str, signing: str, as_json: bool) -> None:
    if as_json:
        print_json_line({"listening": True, "forwardTo": forward_to, "secret": signing})
    else:
        notice(f"Ready. Forwarding events to {forward_to}")
        notice(f"Signing secret for this session: {signing}")


def _forward(http: httpx.Client, url: str, secret: str, event: StreamEvent, as_json: bool) -> None:
    """POST the event's delivery body to `url`, signed like a real delivery; report the answer."""
    body = json.dumps(event.payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"lessonforge-cli-listen/{__version__}",
        "X-Content-Integration-Event": str(event.type),
        **sign_webhook(body, secret, event.id, int(time.time())),
    }
    try:
        status: int | None = http.post(url, content=body, headers=headers).status_code
        problem = None
    except httpx.HTTPError as exc:
        status, problem = None, type(exc).__name__
    report = {"id": event.id, "sequence": event.sequence, "type": str(event.type)}
    report |= {"jobId": event.job_id, "forwardedTo": url, "status": status, "error": problem}
    if as_json:
        print_json_line(report)
    else:
        notice(f"{event.type} job {event.job_id} -> {url} [{status or problem}]")
