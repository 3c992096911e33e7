"""Test exports (QTI zip, GIFT, CSV) via the SDK (sync, async) and the CLI, on the real server."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path
from typing import Any

import anyio
import pytest
from sdk_live_server import LiveServer

from lessonforge_client import AsyncIntegrationClient, IntegrationClient, NotFoundError


def _payload() -> dict[str, Any]:
    vocabulary = {
        "id": "v1",
        "type": "vocabulary",
        "title": "Greetings",
        "items": [
            {"term": "hola", "meaning": "hello", "example": "Ana dice hola a su amiga."},
            {"term": "adiós", "meaning": "goodbye", "example": "Luis dice adiós en la puerta."},
            {"term": "gracias", "meaning": "thank you"},
            {"term": "buenos días", "meaning": "good morning"},
            {"term": "buenas noches", "meaning": "good night"},
        ],
    }
    quiz = {
        "id": "q1",
        "type": "quiz",
        "title": "Check",
        "questions": [
            {"question": "¿Cómo estás?", "choices": ["bien", "mal", "regular"], "answer": "bien"}
        ],
    }
    example = {
        "id": "e1",
        "type": "example",
        "title": "Examples",
        "examples": [{"source": "hola", "translation": "hi"}],
    }
    title = f"Exports {uuid.uuid4().hex[:8]}"
    return {"language": "es", "level": {"title": title, "lessons": [vocabulary, quiz, example]}}


@pytest.fixture
def test_id(client: IntegrationClient) -> str:
    job = client.create_expansion(_payload(), requested_outputs=["expanded_quiz"])
    done = client.wait_for_job(job.id, timeout=120, poll_interval=0.2)
    assert done.status == "completed"
    resource_id = done.outputs[0].resource_id
    assert resource_id is not None
    return resource_id


def test_the_sdk_downloads_every_format_of_the_current_test(
    client: IntegrationClient, test_id: str
) -> None:
    body = client.get_resource("tests", test_id).body
    assert {it["type"] for it in body["items"]} == {"select", "true-false", "blank", "matching"}
    first, second = body["forms"][0], body["forms"][1]
    items = [it for it in body["items"] if it["id"] in first["itemIds"]]
    archive = zipfile.ZipFile(io.BytesIO(client.export_test(test_id, "qti")))
    assert "imsmanifest.xml" in archive.namelist()
    assert len([n for n in archive.namelist() if n.startswith("items/")]) == len(items)
    gift = client.export_test(test_id, "gift").decode("utf-8")
    assert all(f"::{it['id']}::" in gift for it in items)
    rows = list(csv.reader(io.StringIO(client.export_test(test_id, "csv").decode("utf-8"))))
    assert [row[0] for row in rows[1:]] == [it["id"] for it in items]
    others = client.export_test(test_id, "csv", form=second["id"]).decode("utf-8")
    assert [row[0] for row in csv.reader(io.StringIO(others))][1:] == second["itemIds"]
    edited = {**client.get_resource("tests", test_id).body}
    edited["items"] = [
        {**it, "question": "Edited {question}?"} if it["id"] == items[0]["id"] else it
        for it in edited["items"]
    ]
    client.update_resource("tests", test_id, {"body": edited})
    assert "::Edited \\{question\\}?" in client.export_test(test_id, "gift").decode("utf-8")


def test_the_async_client_gets_the_same_bytes(
    live_server: LiveServer, api_key: str, client: IntegrationClient, test_id: str
) -> None:
    async def export() -> bytes:
        async with AsyncIntegrationClient(
            live_server.base_url, api_key, persist_errors=False
        ) as sdk:
            return await sdk.export_test(test_id, "csv")

    assert anyio.run(export) == client.export_test(test_id, "csv")


def test_an_unknown_test_is_not_found_with_a_request_id(client: IntegrationClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.export_test(str(uuid.uuid4()), "gift")
    assert caught.value.code == "content_not_found" and caught.value.request_id


def test_the_cli_writes_the_file_and_reports_it(
    live_server: LiveServer, api_key: str, client: IntegrationClient, test_id: str, tmp_path: Path
) -> None:
    env = {
        **live_server.env,
        "LESSONFORGE_BASE_URL": live_server.base_url,
        "LESSONFORGE_API_KEY": api_key,
        "LESSONFORGE_STATE_DIR": str(tmp_path / "state"),
    }
    binary = str(Path(sys.executable).parent / "lessonforge-client")
    target = tmp_path / "quiz.zip"
    args = [
        binary,
        "tests",
        "export",
        test_id,
        "--format",
        "qti",
        "--output",
        str(target),
        "--json",
    ]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report == {
        "testId": test_id,
        "format": "qti",
        "output": str(target),
        "bytes": target.stat().st_size,
    }
    assert zipfile.ZipFile(target).read("imsmanifest.xml").startswith(b"<?xml")
    piped = subprocess.run(
        [binary, "tests", "export", test_id, "-f", "gift"],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert piped.returncode == 0 and piped.stdout == client.export_test(test_id, "gift")
    missing = subprocess.run(
        [binary, "tests", "export", str(uuid.uuid4()), "-f", "csv"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 3 and "content_not_found" in missing.stderr
    usage = subprocess.run(
        [binary, "tests", "export", test_id, "-f", "pdf"], env=env, capture_output=True, timeout=120
    )
    assert usage.returncode == 2
