"""Every Content API operation (SPEC §7) as a `Call` builder, plus the query-string grammar."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any, TypedDict
from urllib.parse import quote

import httpx

from ._base import Call, Clock, Primitive, _Core
from ._content_models import Content, CreatedId, ExportSnapshot, MediaFile, Project
from ._decoding import expect, expect_list, gzip_json, no_body
from ._env import base_url_from_env, content_token_from_env
from ._errors import to_content_error
from ._retry import CONTENT_RETRY_POLICY, RetryPolicy

API = "/api/1.0"
Scalar = str | int | float | bool
Filter = Scalar | Sequence[Scalar] | Mapping[str, Any]
MediaSource = bytes | IO[bytes] | str | os.PathLike[str]
_OPERATORS = ("eq", "in", "ne", "nin")


class ContentQuery(TypedDict, total=False):
    """Filters of the content read operations, in Python spelling.

    A list value means `[in]`; a dict value names operators: `{"ne": "x"}`, `{"nin": ["a", "b"]}`.
    `fields` filters by field value (`fields.<name>`); `sort` is `"key:asc"`, a list of those, or a
    `{key: "asc" | "desc"}` dict; `params` adds raw query parameters as they are.
    """

    id: Filter
    content_type: Filter
    language: str
    fields: Mapping[str, Filter]
    last_update: Filter
    sort: str | Sequence[str] | Mapping[str, str]
    take: int
    skip: int
    include_related_content: bool | int | str
    params: Mapping[str, str]


def _text(value: Scalar) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _filter(key: str, value: Filter) -> list[tuple[str, Primitive]]:
    if isinstance(value, Mapping):
        unknown = set(value) - set(_OPERATORS)
        if unknown:
            raise ValueError(f"unknown filter operator(s) for {key}: {sorted(unknown)}")
        return [pair for op, v in value.items() for pair in _operator(key, op, v)]
    if isinstance(value, (str, int, float, bool)):
        return [(key, _text(value))]
    return [(f"{key}[in]", ",".join(_text(v) for v in value))]


def _operator(key: str, op: str, value: Any) -> list[tuple[str, Primitive]]:
    if op == "eq":
        return [(key, _text(value))]
    if op in ("in", "nin") and not isinstance(value, (str, bytes)):
        return [(f"{key}[{op}]", ",".join(_text(v) for v in value))]
    return [(f"{key}[{op}]", _text(value))]


def _sort(value: str | Sequence[str] | Mapping[str, str]) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return ",".join(f"{key}:{direction}" for key, direction in value.items())
    return ",".join(value)


def build_content_query(query: ContentQuery) -> list[tuple[str, Primitive]]:
    """The query-string pairs the Content API expects (SPEC §7 grammar)."""
    pairs: list[tuple[str, Primitive]] = []
    for key, wire in (("id", "id"), ("content_type", "contentType"), ("last_update", "lastUpdate")):
        if key in query:
            pairs += _filter(wire, query[key])  # type: ignore[literal-required]
    for name, value in query.get("fields", {}).items():
        pairs += _filter(f"fields.{name}", value)
    if "language" in query:
        pairs.append(("language", query["language"]))
    if "sort" in query:
        pairs.append(("sort", _sort(query["sort"])))
    for key, wire in (
        ("take", "take"),
        ("skip", "skip"),
        ("include_related_content", "includeRelatedContent"),
    ):
        if key in query:
            pairs.append((wire, _text(query[key])))  # type: ignore[literal-required]
    pairs += list(query.get("params", {}).items())
    return pairs


def _seg(value: str) -> str:
    return quote(str(value), safe="")


# --- reads -------------------------------------------------------------------------------------


def get_project() -> Call[Project]:
    return Call("GET", f"{API}/project", expect(Project))


def get_content_list(query: ContentQuery) -> Call[list[Content]]:
    return Call("GET", f"{API}/contents", expect_list(Content), params=build_content_query(query))


def get_content_list_size(query: ContentQuery) -> Call[int]:
    return Call("GET", f"{API}/contents/size", expect(int), params=build_content_query(query))


def get_content(query: ContentQuery) -> Call[Content]:
    return Call("GET", f"{API}/content", expect(Content), params=build_content_query(query))


def _decode_snapshot(response: httpx.Response) -> ExportSnapshot:
    return ExportSnapshot.model_validate(gzip_json(response))


def export_snapshot() -> Call[ExportSnapshot]:
    return Call("GET", f"{API}/project/export", _decode_snapshot)


# --- writes ------------------------------------------------------------------------------------


def _content_blocks(content: Sequence[Mapping[str, Any]] | Mapping[str, Any]) -> list[Any]:
    """Accept the wire's `[{language?, fields: [{name, value}]}]` or a flat `{name: value}` dict."""
    if isinstance(content, Mapping):
        return [{"fields": [{"name": k, "value": v} for k, v in content.items()]}]
    return [dict(block) for block in content]


def create_content(
    content_type: str, name: str, content: Sequence[Mapping[str, Any]] | Mapping[str, Any]
) -> Call[CreatedId]:
    body = {"contentType": content_type, "name": name, "content": _content_blocks(content)}
    return Call("POST", f"{API}/content", expect(CreatedId), json=body)


def update_content_field_value(
    content_id: str, field_name: str, value: Any, language: str | None
) -> Call[None]:
    body = {"fieldName": field_name, "language": language, "value": value}
    return Call("PUT", f"{API}/content/{_seg(content_id)}", no_body, json=body)


def publish_content(content_id: str) -> Call[None]:
    return Call("POST", f"{API}/content/{_seg(content_id)}/publish", no_body)


def upload_media(
    file: MediaSource, filename: str | None, content_type: str | None
) -> Call[MediaFile]:
    if isinstance(file, (str, os.PathLike)):
        path = Path(file)
        data: bytes | IO[bytes] = path.read_bytes()
        filename = filename or path.name
    else:
        data = file
    part = (filename or "upload.bin", data, content_type or "application/octet-stream")
    return Call("POST", f"{API}/resource/upload", expect(MediaFile), files={"file": part})


def save_model(
    kind: str, model_id: str | None, name: str, items_key: str, items: Sequence[Mapping[str, Any]]
) -> Call[CreatedId]:
    """Create (`model_id` None) or replace an entity model or an enum (`kind`: entity | enum)."""
    body = {"name": name, items_key: [dict(item) for item in items]}
    if model_id is None:
        return Call("POST", f"{API}/model/{kind}", expect(CreatedId), json=body)
    return Call("PUT", f"{API}/model/{kind}/{_seg(model_id)}", expect(CreatedId), json=body)


def delete_model(kind: str, model_id: str) -> Call[None]:
    return Call("DELETE", f"{API}/model/{kind}/{_seg(model_id)}", no_body)


def content_core(
    base_url: str | None,
    access_token: str | None,
    *,
    max_retries: int,
    timeout: float,
    retry_policy: RetryPolicy | None,
    clock: Clock | None,
    persist_errors: bool,
    state_dir: str | os.PathLike[str] | None,
) -> _Core:
    """The transport core with the Content API rules: reads retried, `ApiClientError` raised."""
    return _Core(
        surface="content",
        base_url=base_url_from_env(base_url),
        token=content_token_from_env(access_token),
        max_retries=max_retries,
        timeout=timeout,
        policy=retry_policy or CONTENT_RETRY_POLICY,
        clock=clock or Clock(),
        error_mapper=to_content_error,
        idempotent_posts=False,
        persist_errors=persist_errors,
        state_dir=os.fspath(state_dir) if state_dir is not None else None,
    )
