"""Raw responses: the status and headers of a call beside its parsed value (`with_raw_response`).

`client.with_raw_response.create_expansion(...)` makes the same call as `client.create_expansion`
and returns a `RawResponse` whose `parse()` gives the usual value.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import httpx

T = TypeVar("T")


@dataclass(frozen=True)
class RawResponse(Generic[T]):
    """The final HTTP response of one call (after any retries) and its parsed value."""

    http_response: httpx.Response
    parsed: T

    def parse(self) -> T:
        """The value the plain method returns."""
        return self.parsed

    def _header(self, name: str) -> str | None:
        value = self.http_response.headers.get(name)
        return str(value) if value is not None else None

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """`X-Request-Id`: quote it to support."""
        return self._header("x-request-id")

    @property
    def idempotent_replayed(self) -> bool:
        """True when the server answered with an earlier result (`Idempotent-Replayed: true`)."""
        return (self._header("idempotent-replayed") or "").lower() == "true"

    @property
    def rate_limit(self) -> str | None:
        """`RateLimit`, e.g. `"key";r=59;t=0` (remaining requests, seconds to the next one)."""
        return self._header("ratelimit")

    @property
    def rate_limit_policy(self) -> str | None:
        """`RateLimit-Policy`, e.g. `"key";q=60;w=60`."""
        return self._header("ratelimit-policy")

    @property
    def etag(self) -> str | None:
        return self._header("etag")


class _Recording(Protocol):
    """A client whose last HTTP response can be read (every client of this package)."""

    def with_options(self, *, timeout: float | None = None, max_retries: int | None = None) -> Any:
        """A copy of the client with its own call record."""

    @property
    def last_response(self) -> httpx.Response | None:
        """The final response of the most recent call."""


class RawResponses:
    """`client.with_raw_response`: every method of the client, answering a `RawResponse`."""

    def __init__(self, client: _Recording) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Callable[..., RawResponse[Any]]:
        def call(*args: Any, **kwargs: Any) -> RawResponse[Any]:
            clone = self._client.with_options()
            value = getattr(clone, name)(*args, **kwargs)
            return _raw(clone, name, value)

        return call


class AsyncRawResponses:
    """`async_client.with_raw_response`: every method, awaited, answering a `RawResponse`."""

    def __init__(self, client: _Recording) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Callable[..., Awaitable[RawResponse[Any]]]:
        async def call(*args: Any, **kwargs: Any) -> RawResponse[Any]:
            clone = self._client.with_options()
            result = getattr(clone, name)(*args, **kwargs)
            value = await result
            return _raw(clone, name, value)

        return call


def _raw(client: _Recording, name: str, value: Any) -> RawResponse[Any]:
    response = client.last_response
    if response is None:
        raise TypeError(f"{name} made no HTTP call: it has no raw response")
    return RawResponse(response, value)
