"""Process-level tuning done once a server or worker process has started."""

from __future__ import annotations

import gc


def settle_heap() -> None:
    """Collect start-up garbage, then move everything alive into the collector's permanent generation.

    Imports, the app and its caches live as long as the process; left in the tracked generations, every full
    collection walks them again, which makes big generation runs (thousands of lessons) slower per lesson
    than small ones. Frozen, they are never walked (``gc.freeze``); objects created later are collected as
    usual.
    """
    gc.collect()
    gc.freeze()
