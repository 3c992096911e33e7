"""When to retry a request and how long to wait first: pure rules, no I/O."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

Outcome = httpx.Response | httpx.TransportError


@dataclass(frozen=True)
class RetryPolicy:
    """How a client retries. Defaults follow SPEC §8 for the Content Integration API.

    - 429 waits `max(rate_limit_min_wait, Retry-After)`; a wait above `rate_limit_max_wait` is
      not attempted (`RateLimitError` is raised instead): a script never blocks for hours silently.
    - `retry_statuses`, timeouts and connection errors back off exponentially: `backoff_initial`
      doubling up to `backoff_max`, each delay shortened by a random fraction of at most `jitter`.
    - `retry_methods` limits retries to some HTTP methods (None: every method).
    """

    backoff_initial: float = 0.5
    backoff_max: float = 8.0
    jitter: float = 0.25
    retry_statuses: frozenset[int] = frozenset({500, 502, 503, 504})
    retry_rate_limited: bool = True
    rate_limit_min_wait: float = 30.0
    rate_limit_max_wait: float = 300.0
    retry_methods: frozenset[str] | None = None


CONTENT_RETRY_POLICY = RetryPolicy(retry_rate_limited=False, retry_methods=frozenset({"GET"}))


def backoff_delay(policy: RetryPolicy, retry_number: int, rand: Callable[[], float]) -> float:
    """Delay before retry `retry_number` (0-based): exponential, capped, with bounded jitter."""
    base = min(policy.backoff_max, policy.backoff_initial * (2.0**retry_number))
    return base * (1.0 - policy.jitter * rand())


def retry_after_seconds(response: httpx.Response, now: datetime | None = None) -> float | None:
    """The `Retry-After` header as seconds (delta-seconds or HTTP-date), None when absent or bad."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def retry_delay(
    policy: RetryPolicy,
    method: str,
    outcome: Outcome,
    retry_number: int,
    rand: Callable[[], float],
) -> float | None:
    """Seconds to wait before retrying, or None when this outcome must not be retried."""
    if policy.retry_methods is not None and method.upper() not in policy.retry_methods:
        return None
    if isinstance(outcome, httpx.TransportError):
        return backoff_delay(policy, retry_number, rand)
    status = outcome.status_code
    if status == 429 and policy.retry_rate_limited:
        wait = max(policy.rate_limit_min_wait, retry_after_seconds(outcome) or 0.0)
        return wait if wait <= policy.rate_limit_max_wait else None
    if status in policy.retry_statuses:
        return backoff_delay(policy, retry_number, rand)
    return None
