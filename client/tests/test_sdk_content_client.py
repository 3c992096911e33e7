"""The Content API client: operations, query grammar, mapping to models, export and upload."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from lessonforge_client import Content, ExportSnapshot, map_content_to_model
from lessonforge_client._content_calls import build_content_query
from sdk_testkit import Harness, Script, respond

CONTENT = {
    "id": "c1",
    "name": "Greetings",
    "contentType": {"id": "t1", "name": "Lesson"},
    "lastUpdate": "2026-07-04T10:00:00Z",
    "status": "published",
    "fields": [
        {
            "id": "f1",
            "name": "title",
            "value": "Hello",
            "type": "short-text",
            "isArray": False,
            "language": "en",
        },
        {
            "id": "f2",
            "name": "title",
            "value": "안녕하세요",
            "type": "short-text",
            "isArray": False,
            "language": "ko",
        },
        {
            "id": "f3",
            "name": "tags",
            "value": ["a", "b"],
            "type": "short-text",
            "isArray": True,
            "language": "en",
        },
        {
            "id": "f4",
            "name": "level",
            "value": "A1",
            "type": "enum",
            "isArray": False,
            "language": None,
        },
    ],
}
TITLE_FIELD = {
    "id": "x",
    "name": "title",
    "type": "short-text",
    "isArray": False,
    "isRequired": True,
}
PROJECT = {
    "id": "p1",
    "name": "Demo",
    "languages": ["en", "ko"],
    "contentTypes": [
        {"id": "t1", "name": "Lesson", "type": "entity", "fields": [TITLE_FIELD]},
        {"id": "e1", "name": "Level", "type": "enum", "values": [{"id": "v1", "value": "A1"}]},
    ],
}  # fmt: skip


def test_map_content_to_model_flattens_one_language() -> None:
    assert map_content_to_model(CONTENT, "ko") == {
        "id": "c1",
        "language": "ko",
        "lastUpdate": "2026-07-04T10:00:00Z",
        "title": "안녕하세요",
        "level": "A1",
    }


def test_map_content_to_model_defaults_to_the_first_language() -> None:
    model = map_content_to_model(Content.model_validate(CONTENT))
    assert model["language"] == "en"
    assert model["title"] == "Hello"
    assert model["tags"] == ["a", "b"]


def test_a_field_named_id_cannot_replace_the_content_id() -> None:
    content = {"id": "c1", "fields": [{"name": "id", "value": "other", "language": "en"}]}
    assert map_content_to_model(content)["id"] == "c1"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"content_type": "Lesson"}, [("contentType", "Lesson")]),
        ({"id": ["a", "b"]}, [("id[in]", "a,b")]),
        ({"id": {"nin": ["a", "b"]}}, [("id[nin]", "a,b")]),
        (
            {"fields": {"title": {"ne": "x"}, "level": "A1"}},
            [("fields.title[ne]", "x"), ("fields.level", "A1")],
        ),
        (
            {"language": "ko", "take": 10, "skip": 20},
            [("language", "ko"), ("take", "10"), ("skip", "20")],
        ),
        (
            {"sort": {"lastUpdate": "desc", "fields.title": "asc"}},
            [("sort", "lastUpdate:desc,fields.title:asc")],
        ),
        ({"sort": ["lastUpdate:desc", "id:asc"]}, [("sort", "lastUpdate:desc,id:asc")]),
        ({"include_related_content": True}, [("includeRelatedContent", "true")]),
        ({"include_related_content": "all"}, [("includeRelatedContent", "all")]),
        ({"last_update": {"ne": "2026-01-01"}}, [("lastUpdate[ne]", "2026-01-01")]),
        ({"params": {"custom": "1"}}, [("custom", "1")]),
    ],
)
def test_the_query_grammar(query: Any, expected: list[tuple[str, str]]) -> None:
    assert build_content_query(query) == expected


def test_an_unknown_operator_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown filter operator"):
        build_content_query({"id": {"like": "x"}})


def test_reads_send_the_bearer_token_and_query(harness: Harness) -> None:
    script = Script(respond(200, [CONTENT]))
    rows = harness.content(script, token="PREVIEW_read").get_content_list(
        content_type="Lesson", language="ko"
    )
    request = script.requests[0]
    assert request.url.path == "/api/1.0/contents"
    assert request.url.params.multi_items() == [("contentType", "Lesson"), ("language", "ko")]
    assert request.headers["Authorization"] == "Bearer PREVIEW_read"
    assert rows[0]["title"] == "안녕하세요"


def test_raw_variants_return_typed_contents(harness: Harness) -> None:
    script = Script(respond(200, [CONTENT]), respond(200, CONTENT))
    client = harness.content(script)
    assert client.get_raw_content_list()[0].fields[0].is_array is False
    item = client.get_raw_content(id="c1")
    assert item.content_type is not None
    assert item.content_type.name == "Lesson"
    assert script.requests[1].url.path == "/api/1.0/content"
    assert script.requests[1].url.params["id"] == "c1"


def test_get_content_maps_the_single_content(harness: Harness) -> None:
    script = Script(respond(200, CONTENT))
    assert harness.content(script).get_content(id="c1", language="en")["title"] == "Hello"


def test_size_and_project(harness: Harness) -> None:
    client = harness.content(Script(respond(200, 42), respond(200, PROJECT)))
    assert client.get_content_list_size(content_type="Lesson") == 42
    project = client.get_project()
    assert project.content_types[0].fields[0].is_required is True
    assert project.content_types[1].values[0].value == "A1"


@pytest.mark.parametrize("compressed_as_payload", [True, False])
def test_export_snapshot_reads_gzip_json(harness: Harness, compressed_as_payload: bool) -> None:
    snapshot = {
        "meta": {"schemaVersion": 1, "view": "published"},
        "project": PROJECT,
        "contents": [CONTENT],
    }
    raw = gzip.compress(json.dumps(snapshot).encode())
    headers = (
        {"Content-Type": "application/gzip"}
        if compressed_as_payload
        else {"Content-Encoding": "gzip"}
    )
    script = Script(respond(200, content=raw, headers=headers))
    result = harness.content(script).export_snapshot()
    assert isinstance(result, ExportSnapshot)
    assert result.meta["schemaVersion"] == 1
    assert result.contents[0].id == "c1"


def test_writes(harness: Harness) -> None:
    script = Script(
        respond(201, {"id": "c9"}), respond(200, content=b""), respond(204, content=b"")
    )
    client = harness.content(script, token="write")
    created = client.create_content(
        "Lesson", "New", [{"language": "en", "fields": [{"name": "title", "value": "Hi"}]}]
    )
    client.update_content_field_value("c9", "title", "Hey", language="en")
    client.publish_content("c9")
    assert created.id == "c9"
    assert [(r.method, r.url.path) for r in script.requests] == [
        ("POST", "/api/1.0/content"),
        ("PUT", "/api/1.0/content/c9"),
        ("POST", "/api/1.0/content/c9/publish"),
    ]
    assert script.bodies()[:2] == [
        {
            "contentType": "Lesson",
            "name": "New",
            "content": [{"language": "en", "fields": [{"name": "title", "value": "Hi"}]}],
        },
        {"fieldName": "title", "language": "en", "value": "Hey"},
    ]


def test_create_content_accepts_a_flat_field_dict(harness: Harness) -> None:
    script = Script(respond(201, {"id": "c9"}))
    harness.content(script).create_content("Lesson", "New", {"title": "Hi", "level": "A1"})
    assert script.bodies()[0]["content"] == [
        {"fields": [{"name": "title", "value": "Hi"}, {"name": "level", "value": "A1"}]}
    ]


def test_models_and_enums(harness: Harness) -> None:
    ok = respond(200, {"id": "m1"})
    script = Script(
        respond(201, {"id": "m1"}),
        ok,
        respond(204, content=b""),
        respond(201, {"id": "e1"}),
        ok,
        ok,
    )
    client = harness.content(script, token="write")
    client.create_model("Lesson", [{"name": "title", "type": "short-text"}])
    client.update_model("m1", "Lesson", [{"id": "f1", "name": "title", "type": "long-text"}])
    client.delete_model("m1")
    client.create_enum("Level", [{"value": "A1"}])
    client.update_enum("e1", "Level", [{"id": "v1", "value": "A2"}])
    client.delete_enum("e1")
    assert [(r.method, r.url.path) for r in script.requests] == [
        ("POST", "/api/1.0/model/entity"),
        ("PUT", "/api/1.0/model/entity/m1"),
        ("DELETE", "/api/1.0/model/entity/m1"),
        ("POST", "/api/1.0/model/enum"),
        ("PUT", "/api/1.0/model/enum/e1"),
        ("DELETE", "/api/1.0/model/enum/e1"),
    ]
    assert script.bodies()[0] == {
        "name": "Lesson",
        "fieldList": [{"name": "title", "type": "short-text"}],
    }
    assert script.bodies()[4] == {"name": "Level", "values": [{"id": "v1", "value": "A2"}]}


def test_upload_media_sends_multipart_from_a_path(harness: Harness, tmp_path: Path) -> None:
    image = tmp_path / "cat.png"
    image.write_bytes(b"\x89PNG fake")
    script = Script(respond(201, {"name": "cat.png", "url": "http://lf.test/media/cat.png"}))
    media = harness.content(script, token="write").upload_media(image, content_type="image/png")
    request = script.requests[0]
    assert media.url.endswith("/media/cat.png")
    assert request.url.path == "/api/1.0/resource/upload"
    assert request.headers["Content-Type"].startswith("multipart/form-data")
    body = request.content
    assert b'name="file"; filename="cat.png"' in body
    assert b"Content-Type: image/png" in body
    assert b"\x89PNG fake" in body


def test_upload_media_accepts_bytes(harness: Harness) -> None:
    script = Script(respond(201, {"name": "a.bin", "url": "http://lf.test/media/a.bin"}))
    harness.content(script, token="write").upload_media(b"abc", filename="a.bin")
    assert b'filename="a.bin"' in script.requests[0].content
