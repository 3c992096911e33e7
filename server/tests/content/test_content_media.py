"""Media uploads: multipart ``file`` stored under the data directory, served back at ``url`` with its type."""

from __future__ import annotations

import re

import pytest
from content.conftest import API, ContentProjectTokens, post_content, post_model
from content.test_content_errors import assert_contract
from fastapi.testclient import TestClient

from lessonforge.services.content import media
from lessonforge.settings import Settings

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(client: TestClient, project: ContentProjectTokens, name: str, data: bytes, kind: str = "write") -> object:
    files = {"file": (name, data, "image/png" if name.endswith(".png") else "application/octet-stream")}
    return client.post(f"{API}/resource/upload", files=files, headers=project.headers(kind))


def test_an_upload_is_stored_on_disk_and_served_back(
    client: TestClient, project: ContentProjectTokens, settings: Settings
) -> None:
    response = upload(client, project, "../../My Photo?.png", PNG)
    assert response.status_code == 201, response.text  # type: ignore[attr-defined]
    stored = response.json()  # type: ignore[attr-defined]
    assert re.fullmatch(r"[0-9a-f]{8}-My-Photo\.png", stored["name"]), stored  # prefixed and sanitised
    assert stored["url"].startswith("http://testserver/api/1.0/media/")
    served = client.get(stored["url"].removeprefix("http://testserver"))
    assert served.status_code == 200 and served.content == PNG
    assert served.headers["content-type"] == "image/png" and served.headers["x-content-type-options"] == "nosniff"
    assert any(path.read_bytes() == PNG for path in (settings.data_dir / "content-media").rglob("*") if path.is_file())
    post_model(
        client,
        project,
        {
            "name": "photo",
            "fieldList": [
                {"name": "image", "type": "media", "validations": [{"name": "media-type", "customArgs": ["image/*"]}]}
            ],
        },
    )
    content_id = post_content(client, project, "photo", {"image": stored})
    read = client.get(f"{API}/content?id={content_id}&language=en", headers=project.headers()).json()
    assert read["fields"][0]["value"] == stored


def test_upload_errors(client: TestClient, project: ContentProjectTokens, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_contract(upload(client, project, "a.png", PNG, kind="read"), 403)  # type: ignore[arg-type]
    no_file = client.post(f"{API}/resource/upload", files={"other": ("a.png", PNG)}, headers=project.headers("write"))
    assert assert_contract(no_file, 400)["details"]["fields"] == [{"field": "file", "message": "Required"}]
    not_multipart = client.post(f"{API}/resource/upload", json={"file": "x"}, headers=project.headers("write"))
    assert_contract(not_multipart, 400)
    monkeypatch.setattr(media, "max_upload_bytes", lambda _ctx: 10)
    error = assert_contract(upload(client, project, "a.png", PNG), 400)  # type: ignore[arg-type]
    assert error["message"] == "File is larger than the limit of 10 bytes"
    assert_contract(client.get(f"{API}/media/00000000-0000-0000-0000-000000000000/a.png"), 404)
