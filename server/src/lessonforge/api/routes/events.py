"""``GET /v1/content/events``: the key's organization's events as Server-Sent Events (``lessonforge listen``).

Each SSE event is one job event: ``id`` its sequence number (send it back as ``Last-Event-ID`` to resume),
``event`` its type, ``data`` ``{id, sequence, type, jobId, createdAt, payload}`` where ``payload`` is the
webhook delivery body.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Header
from fastapi.sse import EventSourceResponse, ServerSentEvent

from lessonforge.api.deps import Ctx, Principal, call_store
from lessonforge.api.presenters import iso
from lessonforge.api.schemas import error_responses
from lessonforge.domain.events import OrgEvent, StreamPosition
from lessonforge.services import events

router = APIRouter(prefix="/v1/content/events", tags=["integration"])
POLL_SECONDS = 0.5
RECONNECT_MS = 2000
LAST_EVENT_ID_HELP = "Resume after this event (the `id` of the last event received); omit to start from now."


async def stream_start(
    ctx: Ctx, last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", description=LAST_EVENT_ID_HELP)] = None
) -> StreamPosition:
    """Where the stream starts; a malformed ``Last-Event-ID`` is refused before streaming begins."""
    return await call_store(ctx, events.open_stream, ctx, last_event_id)


STREAM_DESCRIPTION = (
    "An endless `text/event-stream`. Each event: `id` (its sequence number), `event` (its type) and `data`, "
    "JSON `{id, sequence, type, jobId, createdAt, payload}` where `payload` is the webhook delivery body."
)


def _json_errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error answers, which are JSON (the route's own media type is the stream's)."""
    envelope = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}}
    return {
        status: {"description": entry["description"], "content": envelope}
        for status, entry in error_responses(*statuses).items()
    }


@router.get(
    "",
    response_class=EventSourceResponse,
    responses={**_json_errors(400, 401, 429), 200: {"description": STREAM_DESCRIPTION}},
)
async def stream_events(
    principal: Principal, ctx: Ctx, start: Annotated[StreamPosition, Depends(stream_start)]
) -> AsyncIterator[ServerSentEvent]:
    """The organization's events as they happen (`content.completed`, `content.failed`), as Server-Sent Events.

    Each event's `id` is its sequence number; reconnect with `Last-Event-ID` to receive every event after it,
    including those that happened while disconnected. A comment line is sent every 15 s to keep proxies open.
    """
    position = start
    yield ServerSentEvent(comment="connected", retry=RECONNECT_MS)
    while True:
        batch = await call_store(ctx, events.read_stream, ctx, principal.organization_id, position)
        for event in batch.events:
            yield ServerSentEvent(id=str(event.sequence), event=event.event, data=_message(event))
        position = batch.position
        if not batch.more:
            await anyio.sleep(POLL_SECONDS)


def _message(event: OrgEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "sequence": event.sequence,
        "type": event.event,
        "jobId": event.job_id,
        "createdAt": iso(event.created_at),
        "payload": json.loads(event.body),
    }
