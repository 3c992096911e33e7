"""``GET /share/module/{shareToken}``: the public (no auth) share page of a module, as self-contained HTML."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

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


@router.get(
    "/share/module/{share_token}",
    summary="Public share page of a module (HTML)",
    response_class=Response,
    responses={200: {"content": {"text/html": {}}}, 404: {"description": "Unknown token (HTML for browsers)"}},
)
def module_share_page(share_token: str, request: Request, ctx: Ctx) -> Response:
    """The module page; an unknown token is a small HTML 404 for browsers, the JSON error for API clients."""
    try:
        page = share.module_page(ctx, share_token)
    except NotFoundError:
        if "text/html" not in request.headers.get("accept", "").lower():
            raise
        headers = {**PAGE_HEADERS, "Cache-Control": "no-store"}
        return Response(share.not_found_page(), status_code=404, media_type=HTML, headers=headers)
    return Response(page, media_type=HTML, headers=PAGE_HEADERS)
