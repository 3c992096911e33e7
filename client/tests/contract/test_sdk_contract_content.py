"""The ContentClient against the real server's Content API (`/api/1.0`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sdk_live_server import LiveServer

from lessonforge_client import (
    ApiClientError,
    ContentClient,
    ContentForbiddenError,
    ContentNotFoundError,
    ContentUnauthorizedError,
    ContentValidationError,
)


@dataclass(frozen=True)
class Project:
    id: str
    read: ContentClient
    write: ContentClient


@pytest.fixture(scope="module")
def project(live_server: LiveServer) -> Iterator[Project]:
    with live_server.admin() as admin:
        created = admin.create_content_project(
            live_server.organization_id, f"site {uuid.uuid4()}", ["en", "de"]
        )
        listed = admin.list_content_projects(live_server.organization_id)
    assert created.id in [p.id for p in listed]
    assert created.read_token
    assert created.write_token
    read = ContentClient(live_server.base_url, created.read_token, persist_errors=False)
    write = ContentClient(live_server.base_url, created.write_token, persist_errors=False)
    with read, write:
        yield Project(created.id, read, write)


@pytest.fixture(scope="module")
def lesson(project: Project) -> str:
    fields = [
        {"name": "title", "type": "short-text", "validations": [{"name": "required"}]},
        {"name": "tags", "type": "short-text", "isArray": True},
    ]
    project.write.create_model("Lesson", fields)
    blocks = [
        {
            "language": "en",
            "fields": [{"name": "title", "value": "Hello"}, {"name": "tags", "value": ["a"]}],
        },
        {"language": "de", "fields": [{"name": "title", "value": "Hallo"}]},
    ]
    content_id = project.write.create_content("Lesson", "Greetings", blocks).id
    project.write.update_content_field_value(content_id, "title", "Hello!", language="en")
    project.write.publish_content(content_id)
    return content_id


def test_the_project_describes_its_models(project: Project, lesson: str) -> None:
    info = project.read.get_project()
    assert info.languages == ["en", "de"]
    lesson_type = next(t for t in info.content_types if t.name == "Lesson")
    assert [f.name for f in lesson_type.fields] == ["title", "tags"]


def test_reads_map_content_to_models(project: Project, lesson: str) -> None:
    rows = project.read.get_content_list(content_type="Lesson", language="de")
    assert [row["id"] for row in rows] == [lesson]
    assert rows[0]["title"] == "Hallo"
    english = project.read.get_content(id=lesson, language="en")
    assert english["title"] == "Hello!"
    assert project.read.get_content_list_size(content_type="Lesson") == 1
    raw = project.read.get_raw_content(id=lesson)
    assert {f.language for f in raw.fields} >= {"en", "de"}


def test_filters_follow_the_query_grammar(project: Project, lesson: str) -> None:
    hits = project.read.get_raw_content_list(content_type="Lesson", fields={"title": {"ne": "x"}})
    assert [c.id for c in hits] == [lesson]
    assert project.read.get_raw_content_list(id={"nin": [lesson]}, content_type="Lesson") == []


def test_export_snapshot(project: Project, lesson: str) -> None:
    snapshot = project.read.export_snapshot()
    assert snapshot.meta["schemaVersion"] == 1
    assert snapshot.project.id == project.id
    assert lesson in [c.id for c in snapshot.contents]


def test_upload_media(project: Project) -> None:
    media = project.write.upload_media(b"GIF89a", filename="pixel.gif", content_type="image/gif")
    assert media.name
    assert media.url


def test_content_api_errors_use_content_island_codes(
    live_server: LiveServer, project: Project
) -> None:
    with pytest.raises(ContentValidationError) as invalid:
        project.read.get_raw_content_list(params={"bogus": "1"})
    assert invalid.value.status == 400
    assert invalid.value.request_id
    with pytest.raises(ContentNotFoundError):
        project.read.get_content(id=str(uuid.uuid4()))
    with pytest.raises(ContentForbiddenError):
        project.read.publish_content(str(uuid.uuid4()))
    with ContentClient(live_server.base_url, "nope", persist_errors=False) as stranger:
        with pytest.raises(ContentUnauthorizedError) as unauthorized:
            stranger.get_project()
    assert isinstance(unauthorized.value, ApiClientError)
    assert unauthorized.value.code == "UNAUTHORIZED"
