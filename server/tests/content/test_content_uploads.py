"""Uploads: streamed to storage with their own limit (not the 5 MiB body limit), chunked mode, sanitised names."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from typing import Any

import pytest
from conftest import make_org
from content.conftest import API, Backend, ContentProjectTokens, create_project
from content.test_content_errors import assert_contract
from fastapi.testclient import TestClient

from lessonforge.api.app import create_app
from lessonforge.settings import Settings
from lessonforge.store.migrate import upgrade

MIB = 1024 * 1024


def upload(client: TestClient, project: ContentProjectTokens, name: str, data: bytes) -> Any:
    files = {"file": (name, data, "application/octet-stream")}
    return client.post(f"{API}/resource/upload", files=files, headers=project.headers("write"))


def send_chunk(client: TestClient, project: ContentProjectTokens, data: bytes, **options: Any) -> Any:
    files = {"chunk": (options.pop("name", "blob"), data, "video/mp4")}
    form = {"chunkOptions": json.dumps({"chunkSize": len(data), **options})}
    headers = {**project.headers("write"), "X-Chunk-Upload": "true"}
    return client.post(f"{API}/resource/upload", files=files, data=form, headers=headers)


def served(client: TestClient, url: str) -> bytes:
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert response.headers["content-length"] == str(len(response.content))
    return response.content


def test_a_simple_upload_larger_than_the_request_body_limit_is_stored(backend: Backend) -> None:
    data = os.urandom(6 * MIB)  # the request body limit is 5 MiB
    response = upload(backend.client, backend.project, "clip.mp4", data)
    assert response.status_code == 201, response.text
    assert served(backend.client, response.json()["url"]) == data


def test_a_chunked_upload_of_a_file_larger_than_the_request_limit_is_assembled_in_order(backend: Backend) -> None:
    data = os.urandom(7 * MIB)
    parts = [data[i : i + 2 * MIB] for i in range(0, len(data), 2 * MIB)]
    first = send_chunk(backend.client, backend.project, parts[0], chunkIndex=0, totalChunks=4, fileName="Big Clip.mp4")
    assert first.status_code == 200, first.text
    upload_id = first.json()["uploadId"]
    assert first.json() == {"uploadId": upload_id, "chunkIndex": 0, "receivedChunks": 1, "totalChunks": 4}
    for index in (2, 1, 2):  # out of order, and one chunk sent twice (a retry)
        again = send_chunk(
            backend.client, backend.project, parts[index], chunkIndex=index, totalChunks=4, uploadId=upload_id
        )
        assert again.status_code == 200, again.text
    last = send_chunk(backend.client, backend.project, parts[3], chunkIndex=3, totalChunks=4, uploadId=upload_id)
    assert last.status_code == 201, last.text
    assert re.fullmatch(r"[0-9a-f]{8}-Big-Clip\.mp4", last.json()["name"])
    assert served(backend.client, last.json()["url"]) == data
    gone = send_chunk(backend.client, backend.project, parts[3], chunkIndex=3, totalChunks=4, uploadId=upload_id)
    assert_contract(gone, 404)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"chunkIndex": 1, "totalChunks": 2}, "chunkOptions.uploadId"),
        ({"chunkIndex": 2, "totalChunks": 2}, "chunkOptions.chunkIndex"),
        ({"chunkIndex": 0, "totalChunks": 1, "chunkSize": 3}, "chunkOptions.chunkSize"),
        ({"chunkIndex": 0, "totalChunks": 1, "uploadId": "../../etc"}, "chunkOptions.uploadId"),
        ({"chunkIndex": "0", "totalChunks": 1}, "chunkOptions.chunkIndex"),
    ],
)
def test_bad_chunk_options_are_named(backend: Backend, options: dict[str, Any], field: str) -> None:
    error = assert_contract(send_chunk(backend.client, backend.project, b"abcdef", **options), 400, details=True)
    assert error["details"]["fields"][0]["field"] == field


def test_a_chunk_without_its_options_or_data_is_refused(backend: Backend) -> None:
    headers = {**backend.project.headers("write"), "X-Chunk-Upload": "true"}
    no_options = backend.client.post(f"{API}/resource/upload", files={"chunk": ("a", b"x")}, headers=headers)
    assert assert_contract(no_options, 400)["details"]["fields"][0]["field"] == "chunkOptions"
    no_chunk = backend.client.post(f"{API}/resource/upload", files={"file": ("a", b"x")}, headers=headers)
    assert assert_contract(no_chunk, 400)["details"]["fields"] == [{"field": "chunk", "message": "Required"}]


def test_an_upload_with_a_5000_character_file_name_is_stored_under_a_short_sanitised_name(backend: Backend) -> None:
    response = upload(backend.client, backend.project, "é" * 5000 + ".png", b"\x89PNG\r\n\x1a\n")
    assert response.status_code == 201, response.text
    name = response.json()["name"]
    assert re.fullmatch(r"[0-9a-f]{8}-file\.png", name), name
    long_ascii = upload(backend.client, backend.project, "a" * 5000 + ".png", b"x").json()["name"]
    assert len(long_ascii) == 8 + 1 + 120 + 4


@pytest.fixture
def small_limit(settings: Settings) -> Any:
    chosen = replace(settings, media_max_bytes=1000, media_max_file_bytes=2500)
    upgrade(chosen.database_url)
    app = create_app(chosen)
    account = make_org(app.state.ctx, "Small School", "small@school.test")
    with TestClient(app, raise_server_exceptions=False) as client:
        client.post("/auth/login", json={"email": account.email, "password": account.password})
        yield client, create_project(client, account.organization_id)


def test_the_upload_limit_names_the_file_field(small_limit: Any) -> None:
    client, project = small_limit
    assert upload(client, project, "ok.bin", b"x" * 1000).status_code == 201
    error = assert_contract(upload(client, project, "big.bin", b"x" * 1001), 400, details=True)
    assert error["details"]["fields"][0]["field"] == "file" and "1000 bytes" in error["message"]
    huge = assert_contract(upload(client, project, "huge.bin", b"x" * (2 * MIB)), 400, details=True)
    assert huge["details"]["fields"][0]["field"] == "file"


def test_chunks_have_the_per_request_limit_and_the_whole_file_its_own(small_limit: Any) -> None:
    client, project = small_limit
    error = assert_contract(send_chunk(client, project, b"x" * 1001, chunkIndex=0, totalChunks=3), 400, details=True)
    assert error["details"]["fields"][0]["field"] == "chunk"
    first = send_chunk(client, project, b"x" * 1000, chunkIndex=0, totalChunks=3).json()["uploadId"]
    assert send_chunk(client, project, b"x" * 1000, chunkIndex=1, totalChunks=3, uploadId=first).status_code == 200
    over = send_chunk(client, project, b"x" * 1000, chunkIndex=2, totalChunks=3, uploadId=first)
    assert "2500 bytes" in assert_contract(over, 400, details=True)["message"]
