"""`AsyncContentClient`: the asynchronous client of the Content API (`/api/1.0`)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, Unpack

import httpx

from . import _content_calls as calls
from ._base import AsyncTransport, Clock
from ._content_calls import ContentQuery, MediaSource, content_core
from ._content_models import (
    Content,
    CreatedId,
    ExportSnapshot,
    MediaFile,
    Project,
    map_content_to_model,
)
from ._options import AsyncClientBase
from ._retry import RetryPolicy


class AsyncContentClient(AsyncClientBase):
    """Asynchronous twin of `ContentClient`, mirroring `@content-island/api-client`'s operations.

    `access_token` is a project read or write token (prefix `PREVIEW_` to see drafts). Every
    failure raises `ApiClientError` (or the subclass of its code).
    """

    def __init__(
        self,
        base_url: str | None = None,
        access_token: str | None = None,
        *,
        max_retries: int = 2,
        timeout: float = 30.0,
        http_client: httpx.AsyncClient | None = None,
        retry_policy: RetryPolicy | None = None,
        clock: Clock | None = None,
        persist_errors: bool = False,
        state_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        core = content_core(
            base_url,
            access_token,
            max_retries=max_retries,
            timeout=timeout,
            retry_policy=retry_policy,
            clock=clock,
            persist_errors=persist_errors,
            state_dir=state_dir,
        )
        self._transport = AsyncTransport(core, http_client)

    async def __aenter__(self) -> AsyncContentClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # reads

    async def get_project(self) -> Project:
        """The project with its languages and content types."""
        return await self._transport.call(calls.get_project())

    async def get_raw_content_list(self, **query: Unpack[ContentQuery]) -> list[Content]:
        """Contents matching `query`, as the API returns them."""
        return await self._transport.call(calls.get_content_list(query))

    async def get_content_list(self, **query: Unpack[ContentQuery]) -> list[dict[str, Any]]:
        """Contents matching `query`, each flattened by `map_content_to_model`."""
        language = query.get("language")
        return [map_content_to_model(c, language) for c in await self.get_raw_content_list(**query)]

    async def get_raw_content(self, **query: Unpack[ContentQuery]) -> Content:
        """The one content matching `query` (`ContentNotFoundError` if none)."""
        return await self._transport.call(calls.get_content(query))

    async def get_content(self, **query: Unpack[ContentQuery]) -> dict[str, Any]:
        """The one content matching `query`, flattened by `map_content_to_model`."""
        return map_content_to_model(await self.get_raw_content(**query), query.get("language"))

    async def get_content_list_size(self, **query: Unpack[ContentQuery]) -> int:
        """How many contents match `query`."""
        return await self._transport.call(calls.get_content_list_size(query))

    async def export_snapshot(self) -> ExportSnapshot:
        """The whole project and its contents (`{meta, project, contents}`)."""
        return await self._transport.call(calls.export_snapshot())

    # writes (write token)

    async def create_content(
        self, content_type: str, name: str, content: Sequence[Mapping[str, Any]] | Mapping[str, Any]
    ) -> CreatedId:
        """Create a draft; `content` is the wire's language blocks or a flat `{field: value}`."""
        return await self._transport.call(calls.create_content(content_type, name, content))

    async def update_content_field_value(
        self, content_id: str, field_name: str, value: Any, *, language: str | None = None
    ) -> None:
        """Set one field's value in one language."""
        await self._transport.call(
            calls.update_content_field_value(content_id, field_name, value, language)
        )

    async def publish_content(self, content_id: str) -> None:
        """Publish a draft."""
        await self._transport.call(calls.publish_content(content_id))

    async def upload_media(
        self, file: MediaSource, *, filename: str | None = None, content_type: str | None = None
    ) -> MediaFile:
        """Upload bytes, a binary file object or a path; returns `{name, url}`."""
        return await self._transport.call(calls.upload_media(file, filename, content_type))

    async def create_model(self, name: str, field_list: Sequence[Mapping[str, Any]]) -> CreatedId:
        """Create an entity model."""
        return await self._transport.call(
            calls.save_model("entity", None, name, "fieldList", field_list)
        )

    async def update_model(
        self, model_id: str, name: str, field_list: Sequence[Mapping[str, Any]]
    ) -> CreatedId:
        """Replace an entity model with its desired final state."""
        return await self._transport.call(
            calls.save_model("entity", model_id, name, "fieldList", field_list)
        )

    async def delete_model(self, model_id: str) -> None:
        """Delete an entity model (409 while another model relates to it)."""
        await self._transport.call(calls.delete_model("entity", model_id))

    async def create_enum(self, name: str, values: Sequence[Mapping[str, Any]]) -> CreatedId:
        """Create an enum (`values`: `[{value}]`)."""
        return await self._transport.call(calls.save_model("enum", None, name, "values", values))

    async def update_enum(
        self, enum_id: str, name: str, values: Sequence[Mapping[str, Any]]
    ) -> CreatedId:
        """Replace an enum's values (matched by id; renames propagate into content)."""
        return await self._transport.call(calls.save_model("enum", enum_id, name, "values", values))

    async def delete_enum(self, enum_id: str) -> None:
        """Delete an enum."""
        await self._transport.call(calls.delete_model("enum", enum_id))
