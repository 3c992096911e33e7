"""What every service needs: the store, the settings, a clock, and a way to wake workers."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from lessonforge.settings import Settings
from lessonforge.store.uow import Store


class Clock(Protocol):
    """Injected time, so tests can move it."""

    def now(self) -> datetime: ...

    def time(self) -> float: ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def time(self) -> float:
        return time.time()


def _no_wake() -> None:
    return None


@dataclass(frozen=True)
class ServiceContext:
    """Dependencies shared by every use case of one process."""

    store: Store
    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    wake_workers: Callable[[], None] = _no_wake
