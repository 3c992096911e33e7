"""`listen --forward-to URL`: the organization's events, forwarded to a local URL, signed.

It reads `GET /v1/content/events` (Server-Sent Events) and POSTs each event's delivery body to
the URL with the headers a real delivery carries, signed with this session's secret (or
`--secret`), so a receiver built on a laptop verifies them with `verify_webhook` as it will in
production. A lost connection resumes with `Last-Event-ID`: a server restart loses no event.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Iterator
from typing import Annotated, Any

import httpx
import typer
from httpx_sse import ServerSentEvent, connect_sse

from lessonforge_client._base import __version__
from lessonforge_client._env import api_key_from_env, base_url_from_env
from lessonforge_client._errors import LessonforgeClientError, to_integration_error
from lessonforge_client._statuses import EventType
from lessonforge_client.webhooks import sign_webhook

from ._common import (
    DEFAULT_BASE_URL,
    ApiKey,
    AsJson,
    BaseUrl,
    api_errors,
    fail,
    notice,
    print_json_line,
)

EVENTS_PATH = "/v1/content/events"
FORWARD_TIMEOUT = 15.0
MAX_BACKOFF = 10.0
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
    key = api_key_from_env(api_key)
    if not key:
        with api_errors(as_json):
            raise typer.BadParameter(
                "an API key is required: pass --api-key or set LESSONFORGE_API_KEY"
            )
    signing = secret or new_secret()
    wanted = {e.value for e in event} if event else {e.value for e in EventType}
    _announce(forward_to, signing, as_json)
    forwarded = 0
    with httpx.Client(timeout=httpx.Timeout(FORWARD_TIMEOUT, read=None)) as http:
        for message in _stream(http, base_url_from_env(base_url), key, last_event_id, as_json):
            data = json.loads(message.data)
            if data.get("type") not in wanted:
                continue
            _forward(http, forward_to, signing, data, as_json)
            forwarded += 1
            if max_events is not None and forwarded >= max_events:
                return


def _announce(forward_to: str, signing: str, as_json: bool) -> None:
    if as_json:
        print_json_line({"listening": True, "forwardTo": forward_to, "secret": signing})
    else:
        notice(f"Ready. Forwarding events to {forward_to}")
        notice(f"Signing secret for this session: {signing}")


def _stream(
    http: httpx.Client, base_url: str, key: str, last_event_id: str | None, as_json: bool
) -> Iterator[ServerSentEvent]:
    """Every event of the stream, reconnecting with Last-Event-ID whenever the connection drops."""
    backoff = 1.0
    while True:
        headers = {"Authorization": f"Bearer {key}", "User-Agent": f"lessonforge-cli/{__version__}"}
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        try:
            with connect_sse(
                http, "GET", base_url.rstrip("/") + EVENTS_PATH, headers=headers
            ) as src:
                _refuse_errors(src.response, as_json)
                backoff = 1.0
                for message in src.iter_sse():
                    if message.id:
                        last_event_id = message.id
                    if message.data and message.event in {e.value for e in EventType}:
                        yield message
        except (httpx.TransportError, httpx.StreamError) as exc:
            notice(f"connection lost ({type(exc).__name__}); reconnecting in {backoff:g} s")
        time.sleep(backoff)
        backoff = min(MAX_BACKOFF, backoff * 2)


def _refuse_errors(response: httpx.Response, as_json: bool) -> None:
    """A 4xx ends `listen` with the error (a retry would not help); a 5xx is retried."""
    if response.status_code < 400:
        return
    response.read()
    error: LessonforgeClientError = to_integration_error(response)
    if response.status_code >= 500:
        raise httpx.StreamError(f"HTTP {response.status_code}")
    fail(error, as_json)


def _forward(
    http: httpx.Client, url: str, secret: str, data: dict[str, Any], as_json: bool
) -> None:
    """POST the event's delivery body to `url`, signed like a real delivery; report the answer."""
    body = json.dumps(data["payload"], separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"lessonforge-cli-listen/{__version__}",
        "X-Content-Integration-Event": str(data["type"]),
        **sign_webhook(body, secret, str(data["id"]), int(time.time())),
    }
    try:
        status: int | None = http.post(url, content=body, headers=headers).status_code
        problem = None
    except httpx.HTTPError as exc:
        status, problem = None, type(exc).__name__
    report = {"id": data["id"], "sequence": data["sequence"], "type": data["type"]}
    report |= {"jobId": data["jobId"], "forwardedTo": url, "status": status, "error": problem}
    if as_json:
        print_json_line(report)
    else:
        notice(f"{data['type']} job {data['jobId']} -> {url} [{status or problem}]")
