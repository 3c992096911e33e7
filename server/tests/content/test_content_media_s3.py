"""Media in an S3-compatible bucket: a real moto S3 server on 127.0.0.1 (`lf_s3`), the app set through env vars."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pytest
from content.conftest import API, ContentProjectTokens
from content.test_content_errors import assert_contract
from fastapi.testclient import TestClient
from lf_s3 import KEYS, env_settings
from lf_support import free_port

from lessonforge.api.app import create_app
from lessonforge.api.errors import INTERNAL_MESSAGE
from lessonforge.settings import Settings

if TYPE_CHECKING:
    from mypy_boto3_s3.client import S3Client

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 200
LIMIT = 1000


@pytest.fixture
def settings(settings: Settings, s3_endpoint: str, bucket: str) -> Settings:
    """The shared fixture's settings with media in ``bucket`` under ``uploads/``, limited to LIMIT bytes."""
    return env_settings(
        settings,
        LESSONFORGE_S3_BUCKET=bucket,
        LESSONFORGE_S3_ENDPOINT_URL=s3_endpoint,
        LESSONFORGE_S3_REGION="us-east-1",
        LESSONFORGE_S3_PREFIX="uploads/",
        LESSONFORGE_MEDIA_MAX_BYTES=str(LIMIT),
        **KEYS,
    )


def upload(client: TestClient, project: ContentProjectTokens, name: str, data: bytes, content_type: str) -> Any:
    files = {"file": (name, data, content_type)}
    return client.post(f"{API}/resource/upload", files=files, headers=project.headers("write"))


def test_settings_from_env() -> None:
    read = Settings.from_env({"LESSONFORGE_S3_BUCKET": "b", "LESSONFORGE_MAX_BODY_BYTES": "100"})
    assert (read.s3_bucket, read.s3_prefix, read.s3_endpoint_url) == ("b", "media/", "")
    assert read.media_upload_limit == 400_000_000  # uploads have their own limit, not the request body limit
    assert Settings.from_env({"LESSONFORGE_MEDIA_MAX_BYTES": "10"}).media_upload_limit == 10
    above_body = {"LESSONFORGE_MEDIA_MAX_BYTES": "500", "LESSONFORGE_MAX_BODY_BYTES": "100"}
    assert Settings.from_env(above_body).media_upload_limit == 500
    assert Settings.from_env({"LESSONFORGE_MEDIA_MAX_FILE_BYTES": "7"}).media_max_file_bytes == 7
    with pytest.raises(ValueError, match="LESSONFORGE_MEDIA_MAX_BYTES"):
        Settings.from_env({"LESSONFORGE_MEDIA_MAX_BYTES": "0"})
    assert "hidden" not in repr(Settings.from_env({"LESSONFORGE_S3_SECRET_ACCESS_KEY": "hidden"}))


def test_an_upload_goes_to_the_bucket_and_is_served_back(
    client: TestClient, project: ContentProjectTokens, s3: S3Client, bucket: str, settings: Settings
) -> None:
    response = upload(client, project, "Photo.png", PNG, "image/png")
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["name"].endswith("-Photo.png") and stored["url"].startswith("http://testserver/api/1.0/media/")
    media_id = stored["url"].removeprefix("http://testserver/api/1.0/media/").split("/")[0]

    served = client.get(stored["url"].removeprefix("http://testserver"))
    assert served.status_code == 200 and served.content == PNG
    assert served.headers["content-type"] == "image/png"

    key = f"uploads/{project.id}/{media_id}"
    assert [item["Key"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]] == [key]
    stored_object = s3.get_object(Bucket=bucket, Key=key)
    assert stored_object["Body"].read() == PNG and stored_object["ContentType"] == "image/png"
    assert not (settings.data_dir / "content-media").exists()


def test_missing_objects_and_the_size_limit(
    client: TestClient, project: ContentProjectTokens, s3: S3Client, bucket: str
) -> None:
    assert_contract(client.get(f"{API}/media/00000000-0000-0000-0000-000000000000/a.png"), 404)
    stored = upload(client, project, "gone.png", PNG, "image/png").json()
    s3.delete_object(Bucket=bucket, Key=s3.list_objects_v2(Bucket=bucket)["Contents"][0]["Key"])
    assert assert_contract(client.get(stored["url"].removeprefix("http://testserver")), 404)["code"] == "NOT_FOUND"

    error = assert_contract(upload(client, project, "big.bin", b"x" * (LIMIT + 1), "application/octet-stream"), 400)
    assert error["code"] == "VALIDATION_ERROR"
    assert error["message"] == f"File is larger than the limit of {LIMIT} bytes"
    assert error["details"]["fields"] == [{"field": "file", "message": error["message"]}]
    assert upload(client, project, "fits.bin", b"x" * LIMIT, "application/octet-stream").status_code == 201


def test_an_unreachable_bucket_is_an_internal_error_with_nothing_internal(
    client: TestClient, project: ContentProjectTokens, settings: Settings
) -> None:
    stored = upload(client, project, "a.png", PNG, "image/png").json()
    dead = replace(settings, s3_endpoint_url=f"http://127.0.0.1:{free_port()}")
    with TestClient(create_app(dead), raise_server_exceptions=False) as broken:
        for response in (
            upload(broken, project, "b.png", PNG, "image/png"),
            broken.get(stored["url"].removeprefix("http://testserver")),
        ):
            error = assert_contract(response, 500)
            assert error["code"] == "INTERNAL_ERROR" and error["message"] == INTERNAL_MESSAGE
            for leak in ("127.0.0.1", "botocore", "Endpoint", "bucket", "lf-media", "Traceback"):
                assert leak not in response.text
