"""``POST /v1/content/videos/{id}/render`` (bearer key, 202) and the public side of a video: the MP4
(``/share/video/{token}.mp4``), its captions (``.vtt``) and its page (``/share/video/{token}``)."""

from __future__ import annotations

from datetime import UTC
from email.utils import format_datetime
from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse

from lessonforge.api.deps import Ctx, Principal
from lessonforge.api.presenters import resource_json
from lessonforge.api.responses import Json
from lessonforge.api.routes.share import NOT_FOUND_HEADERS, NOT_FOUND_PAGE, not_found_response
from lessonforge.api.schemas import ResourceOut, error_responses
from lessonforge.errors import NotFoundError
from lessonforge.services import renders, video_share

HTML = "text/html; charset=utf-8"

router = APIRouter(tags=["resources"])

MP4_HEADERS = {
    "Cache-Control": "private, max-age=60",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@router.post(
    "/v1/content/videos/{resource_id}/render",
    status_code=202,
    response_model=ResourceOut,
    responses=error_responses(401, 429),
    summary="Render a video to MP4 (202; poll the video for renderStatus and urls.mp4Url)",
    description=(
        "Queues a render of the video's current version. A plan over the video limits is `failed` at once "
        "(`renderError`); an organization with `LESSONFORGE_RENDER_MAX_IN_FLIGHT` renders queued or rendering "
        "gets 429 `content_rate_limit_exceeded` with `Retry-After` (see docs/video-render.md)."
    ),
)
def render_video(resource_id: str, principal: Principal, ctx: Ctx) -> Response:
    video = renders.request_render(ctx, principal.organization_id, resource_id)
    return Json(resource_json(video, ctx.settings.public_base_url), status_code=202)


@router.head("/share/video/{share_token}.mp4", include_in_schema=False)
@router.get(
    "/share/video/{share_token}.mp4",
    response_class=FileResponse,
    responses={
        200: {"content": {"video/mp4": {}}},
        206: {"description": "Range"},
        307: {"description": "Renders in S3: a short-lived presigned URL of the object (Range goes there)"},
        404: {"description": "Unknown"},
    },
    summary="The rendered MP4 of a video (public, unguessable URL; HTTP Range supported)",
)
def video_mp4(share_token: str, request: Request, ctx: Ctx) -> Response:
    found = renders.mp4_file(ctx, share_token)
    if isinstance(found, Path):
        return FileResponse(found, media_type="video/mp4", headers=MP4_HEADERS)
    if request.method == "HEAD":  # a presigned GET URL does not answer HEAD: describe the object here
        headers = {**MP4_HEADERS, "Content-Length": str(found.size), "Accept-Ranges": "bytes"}
        if found.etag:
            headers["ETag"] = found.etag
        if found.last_modified is not None:
            headers["Last-Modified"] = format_datetime(found.last_modified.astimezone(UTC), usegmt=True)
        return Response(media_type="video/mp4", headers=headers)
    # no-store: each play asks again, so an edit (404) or a fresh URL is seen at once.
    redirect_headers = {**MP4_HEADERS, "Cache-Control": "no-store"}
    return RedirectResponse(found.url, status_code=307, headers=redirect_headers)


@router.get(
    "/share/video/{share_token}.vtt",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/vtt": {}}}, 404: {"description": "Unknown"}},
    summary="The captions of a video as WebVTT (public): as rendered, else the plan's",
)
def video_captions(share_token: str, ctx: Ctx) -> Response:
    text = video_share.captions(ctx, share_token)
    return Response(text, media_type="text/vtt; charset=utf-8", headers={**MP4_HEADERS, "Cache-Control": "no-cache"})


@router.get(
    "/share/video/{share_token}",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}}}, 404: NOT_FOUND_PAGE},
    summary="Public page of a video (HTML): player with captions, chapters, transcript",
    openapi_extra=NOT_FOUND_HEADERS,
)
def video_share_page(share_token: str, request: Request, ctx: Ctx) -> Response:
    """The video page; an unknown token is a small HTML 404 for browsers, the JSON error for API clients."""
    headers = {**MP4_HEADERS, "Content-Security-Policy": f"{video_share.page_policy(ctx)}; frame-ancestors 'none'"}
    try:
        page = video_share.video_page(ctx, share_token)
    except NotFoundError:
        if "text/html" not in request.headers.get("accept", "").lower():
            raise
        return not_found_response(request, headers, "video")
    return Response(page, media_type=HTML, headers=headers)
