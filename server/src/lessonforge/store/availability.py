"""Telling "the database is down or restarting" apart from every other failure, and waiting it out.

Processes that start while PostgreSQL is down or recovering (or lose it later) wait with a backoff and one
log line per try instead of dying with a traceback; any other error still propagates.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

T = TypeVar("T")
FIRST_DELAY_SECONDS = 1.0
MAX_DELAY_SECONDS = 30.0


def database_unavailable(exc: BaseException) -> bool:
    """True when ``exc`` says the database cannot be reached or is not accepting connections right now."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def reason(exc: BaseException) -> str:
    """One line naming why the database is unavailable (the driver's first line, never a traceback)."""
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0] if lines else 'no message'}"


def retry_while_unavailable(
    action: Callable[[], T],
    *,
    log: logging.Logger,
    what: str,
    stop: threading.Event | None = None,
    first_delay: float = FIRST_DELAY_SECONDS,
    max_delay: float = MAX_DELAY_SECONDS,
) -> T | None:
    """Run ``action`` until it succeeds, waiting (doubling up to ``max_delay``) while the database is down.

    Returns None when ``stop`` is set while waiting. Errors other than unavailability propagate at once.
    """
    delay = first_delay
    while True:
        try:
            return action()
        except Exception as exc:
            if not database_unavailable(exc):
                raise
            log.warning("%s: database unavailable (%s); retrying in %gs", what, reason(exc), delay)
        if stop is not None and stop.wait(delay):
            return None
        if stop is None:
            threading.Event().wait(delay)
        delay = min(delay * 2, max_delay)
