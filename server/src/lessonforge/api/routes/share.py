"""``GET /share/module/{shareToken}``: the public (no auth) share page of a module, as self-contained HTML, and
``GET /share/module/{shareToken}/audio/{clip}.ogg``: its spoken clips (made on first request, then cached)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse

from lessonforge.api.deps import Ctx
from lessonforge.errors import NotFoundError
from lessonforge.services import share

router = APIRouter(tags=["share"])

HTML = "text/html; charset=utf-8"
PAGE_HEADERS = {
    "Cache-Control": "private, max-age=60",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": f"{share.CONTENT_SECURITY_POLICY}; frame-ancestors 'none'",
}

NOT_FOUND_PAGE = {
    "description": (
        "Unknown token: the JSON error for API clients; with `Accept: text/html`, a small HTML page in the "
        "language that best matches `Accept-Language` (en, es, fr, de, pt, it; English otherwise), with "
        "`Content-Language` and `Vary: Accept, Accept-Language`"
    )
}

# The headers the page's 404 is chosen by, listed in the OpenAPI document (read from the request, not parsed
# by FastAPI: an unreadable value is simply no preference).
NOT_FOUND_HEADERS = {
    "parameters": [
        {
            "name": "Accept",
            "in": "header",
            "required": False,
            "schema": {"type": "string"},
            "description": "`text/html` (a browser) gets the HTML 404 page; anything else the JSON error.",
        },
        {
            "name": "Accept-Language",
            "in": "header",
            "required": False,
            "schema": {"type": "string"},
            "description": "The language of the HTML 404 page (weights honoured; English when none matches).",
        },
    ]
}


@router.get(
    "/share/module/{share_token}",
    summary="Public share page of a module (HTML)",
    response_class=Response,
    responses={200: {"content": {"text/html": {}}}, 404: NOT_FOUND_PAGE},
    openapi_extra=NOT_FOUND_HEADERS,
)
def module_share_page(share_token: str, request: Request, ctx: Ctx) -> Response:
    """The module page; an unknown token is a small HTML 404 for browsers, the JSON error for API clients."""
    try:
        page = share.module_page(ctx, share_token)
    except NotFoundError:
        if "text/html" not in request.headers.get("accept", "").lower():
            raise
        return not_found_response(request, PAGE_HEADERS, "module")
    return Response(page, media_type=HTML, headers=PAGE_HEADERS)


def not_found_response(request: Request, headers: dict[str, str], kind: share.SharedKind) -> Response:
    """The HTML 404 of a share link, in the language the browser asks for (``Accept-Language``)."""
    page, language = share.not_found_page(request.headers.get("accept-language"), kind)
    missing = {
        **headers,
        "Cache-Control": "no-store",
        "Content-Language": language,
        "Vary": "Accept, Accept-Language",  # JSON or HTML by Accept; the page's language by Accept-Language
    }
    return Response(page, status_code=404, media_type=HTML, headers=missing)


CLIP_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",  # named by content: a changed text is a new name
    "X-Content-Type-Options": "nosniff",
}


@router.get(
    "/share/module/{share_token}/audio/{clip}.ogg",
    summary="A spoken clip of a module share page (Ogg Opus)",
    response_class=FileResponse,
    responses={
        200: {"content": {"audio/ogg": {}}},
        404: {"description": "Unknown token or clip, or no speech engine on this server"},
    },
)
def module_share_audio(share_token: str, clip: str, ctx: Ctx) -> FileResponse:
    """One course-language text of the page spoken by espeak-ng (synthesised on first request, then cached)."""
    path = share.module_audio(ctx, share_token, clip)
    return FileResponse(path, media_type=share.CLIP_MEDIA_TYPE, headers=CLIP_HEADERS)
