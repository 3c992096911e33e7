"""HTTP conveniences of the Content API a browser client needs: HEAD on every GET route, CORS (``/api/1.0`` only)."""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PREFIX = "/api/1.0"
HEAD_FLAG = "lessonforge.head"
ALLOWED_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE")
ALLOWED_HEADERS = ("Authorization", "Content-Type", "X-Metadata", "X-Chunk-Upload", "X-Request-Id")
EXPOSED_HEADERS = ("X-Request-Id", "Retry-After", "RateLimit", "RateLimit-Policy", "Content-Disposition")


def is_head(request: Request) -> bool:
    """True when the client asked HEAD (routes see GET); streamed answers then stop after the headers."""
    return bool(request.scope.get(HEAD_FLAG))


class ContentApiHttp:
    """Wraps the app: under ``/api/1.0`` a HEAD is served as the GET without its body, and CORS applies.

    Elsewhere requests go straight to the app, so the admin and integration surfaces keep their own rules.
    """

    def __init__(self, app: ASGIApp, *, allowed_origins: tuple[str, ...]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            self._head_as_get,
            allow_origins=list(allowed_origins),
            allow_methods=list(ALLOWED_METHODS),
            allow_headers=list(ALLOWED_HEADERS),
            expose_headers=list(EXPOSED_HEADERS),
            allow_credentials=False,  # tokens travel in Authorization, never in cookies
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path == PREFIX or path.startswith(PREFIX + "/"):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _head_as_get(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        done = [False]

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.start":
                await send(message)
            elif message["type"] == "http.response.body" and not done[0]:
                done[0] = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app({**scope, "method": "GET", HEAD_FLAG: True}, receive, headers_only)
