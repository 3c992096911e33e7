"""Auto-pagination: iterating a list call walks every page; the first page stays at hand.

`for job in client.list_expansions():` fetches the next page when one runs out;
`page.items` and `page.next_cursor` are the one page the call returned.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from typing import Any, Generic, TypeVar

from ._models import WireModel

T = TypeVar("T", bound=WireModel)


class _Page(Generic[T]):
    """The one page a call returned: its items and the cursor of the next page."""

    def __init__(self, items: list[T], next_cursor: str | None) -> None:
        self.items = items
        self.next_cursor = next_cursor

    def has_next_page(self) -> bool:
        return self.next_cursor is not None

    def to_wire(self) -> dict[str, Any]:
        """This page as the server spelled it: `{items, nextCursor}`."""
        return {"items": [item.to_wire() for item in self.items], "nextCursor": self.next_cursor}


class SyncPage(_Page[T]):
    """One page of a list; iterate it to walk this page and every later one."""

    def __init__(
        self, items: list[T], next_cursor: str | None, fetch: Callable[[str], SyncPage[T]]
    ) -> None:
        super().__init__(items, next_cursor)
        self._fetch = fetch

    def get_next_page(self) -> SyncPage[T] | None:
        """The page after this one (one request), or None on the last page."""
        return self._fetch(self.next_cursor) if self.next_cursor is not None else None

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        """This page, then each following page as it is fetched."""
        page: SyncPage[T] | None = self
        while page is not None:
            yield page
            page = page.get_next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_Page[T]):
    """One page of a list (async); `async for` walks this page and every later one."""

    def __init__(
        self,
        items: list[T],
        next_cursor: str | None,
        fetch: Callable[[str], Awaitable[AsyncPage[T]]],
    ) -> None:
        super().__init__(items, next_cursor)
        self._fetch = fetch

    async def get_next_page(self) -> AsyncPage[T] | None:
        """The page after this one (one request), or None on the last page."""
        return await self._fetch(self.next_cursor) if self.next_cursor is not None else None

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        page: AsyncPage[T] | None = self
        while page is not None:
            yield page
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item


class AsyncPager(Generic[T]):
    """What an async list call returns: `await` it for the first page, or `async for` every item."""

    def __init__(self, first: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._first = first

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._first().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self._first()
        async for item in page:
            yield item
