"""Job polling as a lean ASGI endpoint, answered ahead of the FastAPI stack.

Integrators poll ``GET /v1/content/integrations/expansions/{jobId}``. Per poll this path authenticates the
key, spends one rate-limit slot and reads the job's revision in one transaction; the job itself is read (in
the same transaction) and rendered only when its revision changed since this process last rendered it
(``RenderedJobs``). Everything else about the request (request id, body limit, access log, metrics,
last-resort 500) is the shared ``RequestContextMiddleware`` around it. The FastAPI twin in
``routes/expansions.py`` documents the route in OpenAPI; both go through ``job_body``.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from lessonforge.api.deps import bearer_token, call_store, record_admission
from lessonforge.api.errors import problem_from_domain, render
from lessonforge.api.presenters import job_json
from lessonforge.api.responses import Json, render_json
from lessonforge.errors import LessonforgeError, NotFoundError
from lessonforge.services.bearer import poll_job
from lessonforge.services.context import ServiceContext
from lessonforge.services.expansions import get_expansion

JOB_PATH = "/v1/content/integrations/expansions/{job_id}"
_JOB_PATH = re.compile(r"/v1/content/integrations/expansions/([^/]+)")
_JSON_TYPE = Json.media_type.encode()
_METHODS = frozenset({"GET", "HEAD"})


def is_polling_path(path: str) -> bool:
    """True for the one-job path that ``JobPolling`` answers (``GET`` and ``HEAD``)."""
    return _JOB_PATH.fullmatch(path) is not None


class RenderedJobs:
    """The last rendered body of recently polled jobs, by (job id, revision); least recently used goes first.

    A revision is bumped in the database by every write to a job or its outputs, so a body cached under
    it is exact for every process sharing the database.
    """

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._bodies: OrderedDict[str, tuple[int, bytes]] = OrderedDict()

    def has(self, job_id: str, revision: int) -> bool:
        entry = self._bodies.get(job_id)
        return entry is not None and entry[0] == revision

    def get(self, job_id: str, revision: int) -> bytes | None:
        entry = self._bodies.get(job_id)
        if entry is None or entry[0] != revision:
            return None
        self._bodies.move_to_end(job_id)
        return entry[1]

    def put(self, job_id: str, revision: int, body: bytes) -> bytes:
        """Keep ``body`` as the job's rendering at ``revision``; returns it."""
        if self.capacity <= 0:
            return body
        self._bodies[job_id] = (revision, body)
        self._bodies.move_to_end(job_id)
        while len(self._bodies) > self.capacity:
            self._bodies.popitem(last=False)
        return body


async def job_body(
    ctx: ServiceContext, rendered: RenderedJobs, state: dict[str, Any], token: str | None, job_id: str
) -> bytes:
    """The contract JSON of the key's job; raises the domain error (401, 404, 429) otherwise."""
    poll = await call_store(ctx, poll_job, ctx, token, job_id, rendered.has)
    principal = record_admission(state, ctx, poll.admission)
    if poll.revision is None:
        raise NotFoundError("Expansion job not found")
    if poll.job is not None:
        return rendered.put(poll.job.id, poll.revision, render_json(job_json(poll.job)))
    body = rendered.get(job_id, poll.revision)
    if body is None:  # dropped from the cache since the poll looked; rare
        job = await call_store(ctx, get_expansion, ctx, principal.organization_id, job_id)
        body = rendered.put(job.id, job.revision, render_json(job_json(job)))
    return body


class JobPolling:
    """ASGI middleware: answers ``GET`` (and ``HEAD``) of one expansion job and passes every other request on."""

    def __init__(self, app: ASGIApp, *, ctx: ServiceContext, rendered: RenderedJobs) -> None:
        self.app = app
        self.ctx = ctx
        self.rendered = rendered

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in _METHODS
            or (match := _JOB_PATH.fullmatch(scope["path"])) is None
        ):
            await self.app(scope, receive, send)
            return
        scope["route"] = _POLLING_ROUTE  # labels the request's metrics like the FastAPI twin's
        state = scope.setdefault("state", {})
        try:
            body = await job_body(self.ctx, self.rendered, state, _bearer_token(scope), match.group(1))
        except LessonforgeError as exc:
            await render(problem_from_domain(exc), scope["path"], state.get("request_id"))(scope, receive, send)
            return
        headers = [(b"content-type", _JSON_TYPE), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body if scope["method"] == "GET" else b""})


async def get_job(request: Request) -> Response:
    """The FastAPI twin's body (for an app mounted without ``JobPolling`` in front of it)."""
    app_state = request.app.state
    state = request.scope.setdefault("state", {})
    token = bearer_token(request.headers.get("authorization"))
    body = await job_body(app_state.ctx, app_state.rendered_jobs, state, token, request.path_params["job_id"])
    return Response(body, media_type=Json.media_type)


@dataclass(frozen=True)
class _RouteLabel:
    path: str


_POLLING_ROUTE = _RouteLabel(JOB_PATH)


def _bearer_token(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            return bearer_token(value.decode("latin-1"))
    return None
