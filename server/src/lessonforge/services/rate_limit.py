"""Per-key rate limiting with GCRA, the state shared by every process through the database."""

from __future__ import annotations

from lessonforge.domain.gcra import RateDecision, decide
from lessonforge.services.context import ServiceContext
from lessonforge.store.uow import HotTx, Tx


def consume(ctx: ServiceContext, tx: Tx | HotTx, bucket: str, limit: int) -> RateDecision:
    """Spend one request from ``bucket`` inside ``tx`` (which holds the write lock)."""
    now = ctx.clock.time()
    decision = decide(tx.hot.load_tat(bucket), now, limit, ctx.settings.rate_limit_window_seconds)
    if decision.allowed:
        tx.hot.save_tat(bucket, decision.new_tat)
    return decision


def retry_after(ctx: ServiceContext, decision: RateDecision) -> int:
    """Seconds a refused client must wait: never less than the configured floor (30 s)."""
    return max(ctx.settings.rate_limit_min_retry_after, decision.retry_after_seconds)
