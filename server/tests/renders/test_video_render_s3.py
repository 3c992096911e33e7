"""MP4 renders in the S3 bucket (a real moto server on 127.0.0.1, see ``lf_s3``), real worker, real ffmpeg."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import httpx
import pytest
from fastapi.testclient import TestClient
from lf_s3 import KEYS, env_settings
from lf_support import free_port, require_tool
from renders.test_video_render import _get, _render, _video, _worker

from lessonforge.api.app import create_app
from lessonforge.api.errors import INTERNAL_MESSAGE
from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings

if TYPE_CHECKING:
    from mypy_boto3_s3.client import S3Client

PREFIX = "uploads/"
LEAKS = ("127.0.0.1", "botocore", "Endpoint", "bucket", "lf-media", "Traceback", "Could not")


@pytest.fixture
def settings(settings: Settings, s3_endpoint: str, bucket: str) -> Settings:
    """The shared fixture's settings with the media bucket under ``uploads/``, one attempt per task."""
    read = env_settings(
        settings,
        LESSONFORGE_S3_BUCKET=bucket,
        LESSONFORGE_S3_ENDPOINT_URL=s3_endpoint,
        LESSONFORGE_S3_REGION="us-east-1",
        LESSONFORGE_S3_PREFIX=PREFIX,
        **KEYS,
    )
    return replace(read, job_max_attempts=1)


def _objects(s3: S3Client, bucket: str) -> list[str]:
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []))


def _local(url: str) -> str:
    return url.removeprefix("http://testserver")


def test_a_render_goes_to_the_bucket_and_its_link_redirects_to_a_presigned_url(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext, s3: S3Client, bucket: str, s3_endpoint: str
) -> None:
    require_tool("ffmpeg")
    worker = _worker(ctx)
    video = _video(client, bearer, worker)
    _render(client, bearer, video["id"])
    assert worker.drain() == 1
    rendered = _get(client, bearer, video["id"])
    assert rendered["renderStatus"] == "rendered", rendered["renderError"]
    url = rendered["urls"]["mp4Url"]
    assert url.startswith("http://testserver/share/video/") and url.endswith(".mp4")  # still our share URL

    key = f"{PREFIX}renders/{video['id']}/{rendered['version']}.mp4"
    assert _objects(s3, bucket) == [key]
    stored = s3.head_object(Bucket=bucket, Key=key)
    assert stored["ContentType"] == "video/mp4"
    assert not (ctx.settings.data_dir / "renders").exists()
    assert not any((ctx.settings.data_dir / "tmp").iterdir())  # the local render is gone after the upload

    redirect = client.get(_local(url), follow_redirects=False)
    assert redirect.status_code == 307 and redirect.headers["cache-control"] == "no-store"
    location = redirect.headers["location"]
    assert location.startswith(f"{s3_endpoint}/{bucket}/{key}?") and "X-Amz-Expires=600&" in location
    assert "X-Amz-Signature=" in location
    partial = httpx.get(location, headers={"Range": "bytes=0-99"})
    assert partial.status_code == 206 and len(partial.content) == 100
    assert partial.content[4:8] == b"ftyp"
    assert partial.headers["content-range"] == f"bytes 0-99/{stored['ContentLength']}"

    head = client.head(_local(url))
    assert head.status_code == 200 and head.headers["content-type"] == "video/mp4"
    assert int(head.headers["content-length"]) == stored["ContentLength"]
    assert head.headers["etag"] == stored["ETag"] and head.headers["accept-ranges"] == "bytes"
    for response in (client.get("/share/video/unknown.mp4"), client.head("/share/video/unknown.mp4")):
        assert response.status_code == 404


def test_an_edit_a_re_render_and_a_delete_clean_the_bucket(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext, s3: S3Client, bucket: str
) -> None:
    require_tool("ffmpeg")
    worker = _worker(ctx)
    video = _video(client, bearer, worker)
    _render(client, bearer, video["id"])
    worker.drain()
    old = _get(client, bearer, video["id"])
    old_key = f"{PREFIX}renders/{video['id']}/{old['version']}.mp4"
    assert _objects(s3, bucket) == [old_key]

    client.patch(f"/v1/content/videos/{video['id']}", json={"title": "Renamed"}, headers=bearer)
    for response in (client.get(_local(old["urls"]["mp4Url"])), client.head(_local(old["urls"]["mp4Url"]))):
        assert response.status_code == 404
    assert client.get(_local(old["urls"]["mp4Url"])).json()["error"]["code"] == "content_not_found"

    _render(client, bearer, video["id"])
    worker.drain()
    fresh = _get(client, bearer, video["id"])
    assert fresh["renderStatus"] == "rendered" and fresh["version"] > old["version"]
    assert _objects(s3, bucket) == [f"{PREFIX}renders/{video['id']}/{fresh['version']}.mp4"]  # old one removed
    assert client.get(_local(fresh["urls"]["mp4Url"]), follow_redirects=False).status_code == 307

    # A rendered video whose object went missing is a 404, like a missing file on disk.
    s3.delete_object(Bucket=bucket, Key=_objects(s3, bucket)[0])
    assert client.get(_local(fresh["urls"]["mp4Url"])).status_code == 404
    s3.put_object(Bucket=bucket, Key=f"{PREFIX}renders/{video['id']}/{fresh['version']}.mp4", Body=b"x")

    assert client.delete(f"/v1/content/videos/{video['id']}", headers=bearer).status_code == 200
    assert _objects(s3, bucket) == []


def test_an_unreachable_bucket_fails_the_render_and_the_link_cleanly(
    client: TestClient, bearer: dict[str, str], ctx: ServiceContext, settings: Settings
) -> None:
    require_tool("ffmpeg")
    worker = _worker(ctx)
    video = _video(client, bearer, worker)
    _render(client, bearer, video["id"])
    worker.drain()
    url = _local(_get(client, bearer, video["id"])["urls"]["mp4Url"])

    dead = replace(settings, s3_endpoint_url=f"http://127.0.0.1:{free_port()}")  # a stopped endpoint
    with TestClient(create_app(dead), raise_server_exceptions=False) as broken:
        for response in (broken.get(url, follow_redirects=False), broken.head(url)):
            assert response.status_code == 500
        error = broken.get(url).json()["error"]
        assert (error["code"], error["message"], error["status"]) == ("content_internal_error", INTERNAL_MESSAGE, 500)
        for leak in LEAKS:
            assert leak not in broken.get(url).text

        other = _video(broken, bearer, _worker(replace(ctx, settings=dead)))
        assert _render(broken, bearer, other["id"])["renderStatus"] == "queued"
        assert _worker(replace(ctx, settings=dead)).drain() == 1  # one attempt (job_max_attempts=1)
        failed = _get(broken, bearer, other["id"])
        assert (failed["renderStatus"], failed["urls"]["mp4Url"]) == ("failed", None)
        assert failed["renderError"] == {"code": "render_failed", "message": "The video could not be rendered"}
        assert not any((dead.data_dir / "tmp").iterdir())
        # Deleting a video while the bucket is down still deletes it (the objects stay behind, logged).
        assert broken.delete(f"/v1/content/videos/{video['id']}", headers=bearer).status_code == 200
