"""What every client offers beside its endpoints: per-request options and raw responses."""

from __future__ import annotations

import copy
from typing import Generic, Self, TypeVar

import httpx

from ._base import AsyncTransport, SyncTransport
from ._exchange import Exchange
from ._raw import AsyncRawResponses, RawResponses

TransportT = TypeVar("TransportT", SyncTransport, AsyncTransport)


class _ClientBase(Generic[TransportT]):
    """What the sync and async clients share: their transport, options and call records."""

    _transport: TransportT

    def with_options(self, *, timeout: float | None = None, max_retries: int | None = None) -> Self:
        """The same client with another timeout or retry count, sharing its connections.

        `client.with_options(timeout=5, max_retries=0).get_expansion(job_id)`
        """
        clone = copy.copy(self)
        clone._transport = self._transport.derive(timeout=timeout, max_retries=max_retries)
        return clone

    @property
    def last_exchange(self) -> Exchange | None:
        """The most recent call, successful or not (for `support_handoff`)."""
        return self._transport.core.last_exchange

    @property
    def last_response(self) -> httpx.Response | None:
        """The final HTTP response of the most recent call (None after a network failure)."""
        return self._transport.core.last_response


class SyncClientBase(_ClientBase[SyncTransport]):
    """Base of the synchronous clients."""

    @property
    def with_raw_response(self) -> RawResponses:
        """Every method answering a `RawResponse` (status, headers, `parse()`)."""
        return RawResponses(self)

    def close(self) -> None:
        """Close the HTTP connection pool (unless it was passed in or is shared)."""
        self._transport.close()


class AsyncClientBase(_ClientBase[AsyncTransport]):
    """Base of the asynchronous clients."""

    @property
    def with_raw_response(self) -> AsyncRawResponses:
        """Every method, awaited, answering a `RawResponse` (status, headers, `parse()`)."""
        return AsyncRawResponses(self)

    async def aclose(self) -> None:
        """Close the HTTP connection pool (unless it was passed in or is shared)."""
        await self._transport.aclose()
