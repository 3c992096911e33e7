"""Per-key rate limiting with GCRA, the state shared by every process through the database."""

from __future__ import annotations

from lessonforge.domain.gcra import RateDecision, decide
from lessonforge.services.context import ServiceContext
from lessonforge.store.uow import HotTx, Tx


def consume(
    ctx: ServiceContext, tx: Tx | HotTx, bucket: str, limit: int, *, stored: float | None = None
) -> RateDecision:
    """Spend one request from ``bucket`` inside ``tx``.

    ``stored`` is the bucket's TAT as ``tx`` already read it, without a lock (None: read it here, locked where
    the dialect can, creating the row if new). Spending on such a read is a compare-and-swap: when another
    transaction moved the bucket in between, the request is decided again on a locked read. A refusal on the
    older value stands (the bucket only moves forward).
    """
    now = ctx.clock.time()
    window = ctx.settings.rate_limit_window_seconds
    if stored is not None:
        decision = decide(stored or None, now, limit, window)
        if not decision.allowed or tx.hot.swap_tat(bucket, stored, decision.new_tat):
            return decision
    decision = decide(tx.hot.load_tat(bucket), now, limit, window)
    if decision.allowed:
        tx.hot.save_tat(bucket, decision.new_tat)
    return decision


def retry_after(ctx: ServiceContext, decision: RateDecision) -> int:
    """Seconds a refused client must wait: never less than the configured floor (30 s)."""
    return max(ctx.settings.rate_limit_min_retry_after, decision.retry_after_seconds)
