"""GCRA (generic cell rate algorithm): exact per-key rate limiting from one stored number, the TAT."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class RateDecision:
    """The outcome of one request against a limit."""

    allowed: bool
    new_tat: float
    limit: int
    remaining: int
    reset_seconds: int
    retry_after_seconds: int


def decide(tat: float | None, now: float, limit: int, window: float) -> RateDecision:
    """Apply one request at ``now`` to a bucket whose theoretical arrival time is ``tat``.

    ``limit`` requests may be made in any rolling ``window``; a burst of ``limit`` is allowed.
    """
    interval = window / limit
    base = now if tat is None else max(tat, now)
    candidate = base + interval
    allow_at = candidate - window
    if now + 1e-9 < allow_at:
        stored = base
        return RateDecision(
            allowed=False,
            new_tat=stored,
            limit=limit,
            remaining=0,
            reset_seconds=math.ceil(stored - now),
            retry_after_seconds=max(1, math.ceil(allow_at - now)),
        )
    remaining = int((window - (candidate - now)) / interval + 1e-9)
    return RateDecision(
        allowed=True,
        new_tat=candidate,
        limit=limit,
        remaining=max(0, remaining),
        reset_seconds=math.ceil(candidate - now),
        retry_after_seconds=0,
    )
