"""Video renders: ask for one (API), run it (worker task ``video_render``), serve the MP4 (share route).

Status: ``not_rendered → queued → rendering → rendered | failed``. Asking while queued or rendering adds
nothing; asking when the current version is rendered is a no-op. An edit of the video resets the status to
``not_rendered`` (``services.resources``), which also cancels a pending render: a render only files its
result when the video still has the version it rendered. Every transition is carried into the video's
published Content API copy (``renderStatus``, ``mp4Url``) in the same transaction.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

from lessonforge.domain.queue import ClaimedTask, TaskStatus
from lessonforge.domain.renders import RenderStatus, render_key, render_prefix
from lessonforge.domain.resources import Resource
from lessonforge.domain.video_limits import plan_problem
from lessonforge.errors import NotFoundError, RateLimitedError, StaleLeaseError
from lessonforge.rendering import RenderError, RenderOptions, render_video
from lessonforge.rendering.speech import find_engine
from lessonforge.services.content.generated import follow_resource
from lessonforge.services.content.media import bucket_files
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id
from lessonforge.services.manifests import refresh_output_manifests
from lessonforge.store.render_files import DiskRenderFiles, RemoteRender, RenderFiles, RenderStorageError
from lessonforge.store.uow import Tx

log = logging.getLogger("lessonforge.renders")
RENDER_TASK = "video_render"
RENDER_FAILED = {"code": "render_failed", "message": "The video could not be rendered"}
PENDING = (RenderStatus.QUEUED, RenderStatus.RENDERING)
_MAX_TOKEN = 200
IN_FLIGHT_RETRY_SECONDS = 30  # the contract's floor for Retry-After


def request_render(ctx: ServiceContext, organization_id: str, video_id: str) -> Resource:
    """Queue a render of the video's current version unless one is pending or already done; the video.

    A plan over the video limits fails at once (nothing is queued); an organization with
    ``render_max_in_flight`` renders queued or rendering is refused (:class:`RateLimitedError`).
    """
    with ctx.store.write() as tx:
        video = tx.resources.get(organization_id, "video", video_id)
        if video is None:
            raise NotFoundError("Video not found")
        startable = (RenderStatus.NOT_RENDERED, RenderStatus.FAILED)
        if video.render_status not in startable:
            return video
        problem = plan_problem(_scenes(video.body), ctx.settings.video_limits)
        if problem is not None:
            error = {"code": RenderError.code, "message": problem.message}
            _move(
                ctx, tx, video_id, from_statuses=startable, to=RenderStatus.FAILED, version=video.version, error=error
            )
            return tx.resources.get(organization_id, "video", video_id) or video
        _check_in_flight(ctx, tx, organization_id)
        queued = _move(ctx, tx, video_id, from_statuses=startable, to=RenderStatus.QUEUED, version=video.version)
        if queued:
            attempts = ctx.settings.job_max_attempts
            tx.queue.enqueue(
                new_id(), RENDER_TASK, video_id, run_after=ctx.clock.time(), max_attempts=attempts, at=ctx.clock.now()
            )
            video = tx.resources.get(organization_id, "video", video_id) or video
    if queued:
        ctx.wake_workers()
    return video


def _check_in_flight(ctx: ServiceContext, tx: Tx, organization_id: str) -> None:
    """Refuse a render beyond the organization's cap on renders queued or rendering (429, retry later)."""
    cap = ctx.settings.render_max_in_flight
    in_flight = tx.renders.in_flight(organization_id)
    if in_flight >= cap:
        message = (
            f"{in_flight} renders of this organization are queued or rendering (the limit is {cap}); "
            "ask again when one has finished"
        )
        raise RateLimitedError(retry_after=IN_FLIGHT_RETRY_SECONDS, limit=cap, message=message)


def _scenes(body: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    scenes = body.get("scenes") if isinstance(body, Mapping) else None
    return [scene for scene in scenes if isinstance(scene, Mapping)] if isinstance(scenes, list) else []


def run_render(ctx: ServiceContext, task: ClaimedTask) -> None:
    """Render the video's current version and file it (fenced by task attempt and video version)."""
    video = _start(ctx, task)
    if video is None:
        return
    files = render_files(ctx)
    key = render_key(video.id, video.version)
    work_root = ctx.settings.data_dir / "tmp"
    work_root.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(prefix="render-", dir=work_root) as workdir:
            rendered = render_video(video.body, video.language, Path(workdir), render_options(ctx))
            files.put_file(key, rendered.path, "video/mp4")
    except RenderError as exc:
        log.warning("video render failed", extra={"videoId": video.id, "reason": exc.detail or exc.message})
        _finish(ctx, task, video, RenderStatus.FAILED, {"code": RenderError.code, "message": exc.message})
        return
    timeline = {
        "version": video.version,
        "durationSeconds": round(rendered.duration_seconds, 3),
        "captionsVtt": rendered.captions_vtt,
        "chapters": list(rendered.chapters),
    }
    if _finish(ctx, task, video, RenderStatus.RENDERED, None, timeline):
        _tidy(video.id, lambda: files.delete_others(render_prefix(video.id), key))
    log.info(
        "video render filed",
        extra={"videoId": video.id, "version": video.version, "renderSeconds": round(rendered.elapsed_seconds, 2)},
    )


def give_up_render(ctx: ServiceContext, task: ClaimedTask) -> None:
    """After unexpected errors on the last attempt: the render failed, with nothing internal in the error."""
    with ctx.store.write() as tx:
        _move(ctx, tx, task.ref_id, from_statuses=PENDING, to=RenderStatus.FAILED, error=RENDER_FAILED)


def mp4_file(ctx: ServiceContext, token: str) -> Path | RemoteRender:
    """The MP4 of the rendered video whose share token is ``token``: a local file, or a presigned object URL.

    Raises :class:`NotFoundError` (unknown token, not rendered, file missing) or :class:`RenderStorageError`
    (the bucket failed: an internal error).
    """
    video = None
    if 0 < len(token) <= _MAX_TOKEN:
        with ctx.store.read() as tx:
            video = tx.resources.by_share_token("video", token)
    found: Path | RemoteRender | None = None
    if video is not None and video.render_status == RenderStatus.RENDERED:
        files, key = render_files(ctx), render_key(video.id, video.version)
        found = files.local_path(key)
        if found is None:
            found = files.remote(key)
    if found is None:
        raise NotFoundError("Video file not found")
    return found


def discard_renders(ctx: ServiceContext, video_id: str) -> None:
    """Remove every stored render of a deleted video (a storage failure is logged; the delete stands)."""
    files = render_files(ctx)
    _tidy(video_id, lambda: files.delete_prefix(render_prefix(video_id)))


def render_files(ctx: ServiceContext) -> RenderFiles:
    """Renders go to the media bucket when ``LESSONFORGE_S3_BUCKET`` is set, else under the data directory.

    Keys are ``renders/<videoId>/<version>.mp4`` (under ``LESSONFORGE_S3_PREFIX`` in the bucket).
    """
    settings = ctx.settings
    if settings.s3_bucket:
        # Imported here so that processes storing renders on disk never load boto3.
        from lessonforge.store.s3_render_files import S3RenderFiles

        return S3RenderFiles(bucket_files(settings))
    return DiskRenderFiles(settings.data_dir)


def _tidy(video_id: str, delete: Callable[[], None]) -> None:
    """Delete files nobody can reach any more; on a storage failure they stay behind (logged)."""
    try:
        delete()
    except RenderStorageError:
        log.exception("stale video renders could not be deleted", extra={"videoId": video_id})


def render_options(ctx: ServiceContext) -> RenderOptions:
    settings = ctx.settings
    return RenderOptions(
        ffmpeg=settings.ffmpeg_path or _default_ffmpeg(),
        tts_engine=find_engine() if settings.render_narration else None,
        timeout_seconds=settings.render_timeout_seconds,
        fps=settings.render_fps,
        limits=settings.video_limits,
    )


def _default_ffmpeg() -> str:
    """ffmpeg on PATH, else the binary the ``imageio-ffmpeg`` wheel ships."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):
        return "ffmpeg"


def _start(ctx: ServiceContext, task: ClaimedTask) -> Resource | None:
    """Mark the render running (fenced); None when there is nothing (left) to do."""
    with ctx.store.write() as tx:
        renders = tx.renders
        video = renders.video(task.ref_id)
        if video is None or video.render_status not in PENDING:  # deleted, or edited since it was asked for
            tx.queue.finish(task, TaskStatus.DONE)
            return None
        if task.attempt > task.max_attempts:  # its workers kept dying: attempts are used up
            tx.queue.finish(task, TaskStatus.FAILED, "gave up after the last attempt")
            _move(ctx, tx, video.id, from_statuses=PENDING, to=RenderStatus.FAILED, error=RENDER_FAILED)
            return None
        if not tx.queue.heartbeat(task, ctx.clock.time() + ctx.settings.job_lease_seconds):
            return None
        _move(ctx, tx, video.id, from_statuses=PENDING, to=RenderStatus.RENDERING, version=video.version)
    return video


def _finish(
    ctx: ServiceContext,
    task: ClaimedTask,
    video: Resource,
    status: RenderStatus,
    error: dict[str, str] | None,
    timeline: Mapping[str, Any] | None = None,
) -> bool:
    """File the outcome; False when the video was edited or deleted meanwhile (the result is dropped)."""
    with ctx.store.write() as tx:
        done = TaskStatus.DONE if status is RenderStatus.RENDERED else TaskStatus.FAILED
        if not tx.queue.finish(task, done, None if error is None else error["code"]):
            raise StaleLeaseError(f"lease on render of {video.id} lost before completion")
        filed = _move(
            ctx, tx, video.id, from_statuses=PENDING, to=status, version=video.version, error=error, timeline=timeline
        )
    if not filed:
        log.info("video changed while rendering; result dropped", extra={"videoId": video.id})
    return filed


def _move(
    ctx: ServiceContext,
    tx: Tx,
    video_id: str,
    *,
    from_statuses: Collection[RenderStatus],
    to: RenderStatus,
    version: int | None = None,
    error: Mapping[str, str] | None = None,
    timeline: Mapping[str, Any] | None = None,
) -> bool:
    """One status transition (``tx.renders.move``), carried into the video's published copy when made."""
    renders = tx.renders
    before = renders.video(video_id)
    if before is None:
        return False
    if not renders.move(video_id, from_statuses=from_statuses, to=to, version=version, error=error, timeline=timeline):
        return False
    after = renders.video(video_id)
    follow_resource(ctx, tx, before, after)
    if after is not None:
        refresh_output_manifests(ctx.settings.public_base_url, tx, after)
    return True
