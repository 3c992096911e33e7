"""`videos render`: ask for a generated video's MP4 and (with --wait) follow it until it's ready."""

from __future__ import annotations

import time
from typing import Annotated, Any

import typer

from lessonforge_client._integration import IntegrationClient

from ._common import (
    DEFAULT_BASE_URL,
    ApiKey,
    AsJson,
    BaseUrl,
    ExitCode,
    api_errors,
    exit_with,
    integration_client,
    notice,
    print_json,
)

VIDEOS_HELP = "Generated videos (the summary_video output): render them to MP4."
RENDER_EPILOG = """\
Examples:

  lessonforge videos render VIDEO_ID

  lessonforge videos render VIDEO_ID --wait --timeout 900

  lessonforge videos render VIDEO_ID --wait --json | jq -r .mp4Url

Exit codes: 0 ok (rendered, or queued without --wait), 1 the render failed, 2 usage, 3 API error.
"""
FINISHED = ("rendered", "failed")


def render(
    video_id: Annotated[
        str, typer.Argument(metavar="VIDEO", help="The video's id (a resourceId).")
    ],
    wait: Annotated[
        bool, typer.Option("--wait/--no-wait", help="Follow the render until it ends.")
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1, help="Seconds --wait follows the render.")
    ] = 600.0,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    api_key: ApiKey = None,
    as_json: AsJson = False,
) -> None:
    """Queue the MP4 render of a video (H.264 + AAC, 1280x720); asking again is harmless."""
    with api_errors(as_json), integration_client(base_url, api_key, need_key=True) as client:
        video = {
            "id": video_id,
            "renderStatus": "queued",
            **client.render_video(video_id).to_wire(),
        }
        if wait and video.get("renderStatus") not in FINISHED:
            video = _follow(client, video_id, timeout)
    _report(video, as_json)
    if video.get("renderStatus") == "failed":
        exit_with(ExitCode.JOB_FAILED)


def _follow(client: IntegrationClient, video_id: str, timeout: float) -> dict[str, Any]:
    """Poll the video (1 s growing to 10 s) until its render ends or ``timeout`` passes."""
    deadline, delay = time.monotonic() + timeout, 1.0
    while True:
        video = client.get_resource("videos", video_id).to_wire()
        if video.get("renderStatus") in FINISHED:
            return video
        if time.monotonic() + delay > deadline:
            notice(f"error: the render is still {video.get('renderStatus')} after {timeout:g} s")
            exit_with(ExitCode.API_ERROR)
        time.sleep(delay)
        delay = min(10.0, delay * 2)


def _report(video: dict[str, Any], as_json: bool) -> None:
    urls = video.get("urls") or {}
    summary = {
        "id": video.get("id"),
        "renderStatus": video.get("renderStatus"),
        "mp4Url": urls.get("mp4Url"),
        "publicUrl": urls.get("publicUrl"),
        "captionsUrl": urls.get("captionsUrl"),
        "renderError": video.get("renderError"),
    }
    if as_json:
        print_json(summary)
        return
    line = f"video {summary['id']}: {summary['renderStatus']}"
    if summary["mp4Url"]:
        line += f"  {summary['mp4Url']}"
    error = summary["renderError"]
    if isinstance(error, dict) and error.get("message"):
        line += f"  ({error['message']})"
    typer.echo(line)


def build_videos_app() -> typer.Typer:
    """The `videos` sub-app (a fresh one per mount)."""
    app = typer.Typer(help=VIDEOS_HELP, no_args_is_help=True)
    app.command("render", epilog=RENDER_EPILOG)(render)
    return app
