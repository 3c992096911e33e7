"""GCRA math: bursts up to the limit, exact refill, retry-after."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lessonforge.domain.gcra import decide


def run(limit: int, times: list[float], window: float = 60.0) -> list[bool]:
    tat, allowed = None, []
    for now in times:
        decision = decide(tat, now, limit, window)
        allowed.append(decision.allowed)
        if decision.allowed:
            tat = decision.new_tat
    return allowed


def test_a_burst_of_the_limit_is_allowed_and_the_next_refused() -> None:
    assert run(5, [0.0] * 6) == [True] * 5 + [False]


def test_one_slot_comes_back_after_one_interval() -> None:
    assert run(5, [0.0] * 5 + [11.9, 12.0]) == [True] * 5 + [False, True]


def test_a_refusal_says_when_to_retry() -> None:
    tat = None
    for _ in range(5):
        decision = decide(tat, 0.0, 5, 60.0)
        tat = decision.new_tat
    refused = decide(tat, 0.0, 5, 60.0)
    assert not refused.allowed
    assert refused.retry_after_seconds == 12
    assert refused.remaining == 0


@settings(max_examples=100, deadline=None)
@given(limit=st.integers(1, 50), gaps=st.lists(st.floats(0, 30), min_size=1, max_size=200))
def test_accepted_traffic_conforms_to_the_rate_with_a_burst_of_the_limit(limit: int, gaps: list[float]) -> None:
    """GCRA's guarantee: in any span d, at most ``limit + d / interval`` requests get through."""
    times, now = [], 0.0
    for gap in gaps:
        now += gap
        times.append(now)
    accepted = [t for t, ok in zip(times, run(limit, times), strict=True) if ok]
    interval = 60.0 / limit
    for i, start in enumerate(accepted):
        for j in range(i, len(accepted)):
            assert j - i + 1 <= limit + (accepted[j] - start) / interval + 1e-6
