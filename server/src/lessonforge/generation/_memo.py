"""Bounded memos of text functions: each distinct text normalised or tokenised once.

A plain dict per function, emptied when it reaches its bound (no LRU bookkeeping: ``functools.lru_cache``
keeps a linked entry per value, objects the cyclic collector walks on every full pass, and a look-up costs
more than folding a short text). Results are pure functions of the text, so sharing them between threads
and builds is safe; emptying only costs recomputation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")
BOUND = 1 << 16


_MEMOS: list[dict[str, Any]] = []


def forget_texts() -> None:
    """Empties every memo: a level's texts are not worth keeping for the next level (a worker generates one job
    after another, each of new texts), and a memo that keeps them only grows the heap every look-up walks."""
    for memo in _MEMOS:
        memo.clear()


def text_memo(function: Callable[[str], R], bound: int = BOUND) -> Callable[[str], R]:
    """``function`` memoised by its text argument, at most ``bound`` texts kept (emptied by ``forget_texts``)."""
    found: dict[str, R] = {}
    _MEMOS.append(found)
    get = found.get

    def memoised(text: str) -> R:
        result = get(text)
        if result is None:
            if len(found) >= bound:
                found.clear()
            result = found[text] = function(text)
        return result

    memoised.__doc__ = function.__doc__
    memoised.__name__ = function.__name__
    memoised.__qualname__ = function.__qualname__
    memoised.__wrapped__ = function  # type: ignore[attr-defined]
    return memoised
