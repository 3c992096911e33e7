"""Generation over the example levels of docs/examples: time per lesson for all three outputs and for the
module's share page, each level x1 and x10 (the same lessons again under new ids: linear work stays flat per
lesson), as ratios to the shipped level-a1 timed in the same run.

    python benchmarks/generation_examples.py
    PYTHONPATH=<older checkout>/server/src python benchmarks/generation_examples.py   # the same figures, older code
"""

from __future__ import annotations

import copy
import gc
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import OUTPUT_TYPES, generate, generate_all
from lessonforge.generation.module_page import render_module_page

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
BASELINE = "level-a1"


def _scaled(raw: dict[str, Any], times: int) -> dict[str, Any]:
    scaled = copy.deepcopy(raw)
    lessons = scaled["level"]["lessons"]
    scaled["level"]["lessons"] = [{**copy.deepcopy(lesson), "id": f"{lesson['id']}-{n}"}
                                  for n in range(times) for lesson in lessons]  # fmt: skip
    return scaled


def _best_us(run: Callable[[], object], budget_s: float) -> float:
    """The best CPU time of ``run`` (process time: other processes on a shared machine do not count)."""
    run()
    best, spent, runs = float("inf"), 0.0, 0
    while spent < budget_s or runs < 5:
        started = time.process_time()
        run()
        elapsed = time.process_time() - started
        best, spent, runs = min(best, elapsed), spent + elapsed, runs + 1
    return best * 1e6


def per_lesson_us(raw: dict[str, Any]) -> tuple[float, float]:
    """Microseconds per lesson: (all three outputs from one reading, the module's share page)."""
    payload = parse_payload(raw)
    lessons = len(raw["level"]["lessons"])
    body = generate("interactive_module", payload).body
    budget = 0.05 * lessons  # the same number of timed runs for a level and its x10
    outputs = _best_us(lambda: generate_all(OUTPUT_TYPES, payload), budget)
    page = _best_us(lambda: render_module_page(body, "token"), budget)
    return outputs / lessons, page / lessons


def per_output_us(raw: dict[str, Any]) -> dict[str, float]:
    """Microseconds per lesson of each output on its own (where the time of the three goes)."""
    payload = parse_payload(raw)
    lessons = len(raw["level"]["lessons"])
    return {o: _best_us(lambda o=o: generate(o, payload), 0.02 * lessons) / lessons for o in OUTPUT_TYPES}  # type: ignore[misc]


def main() -> dict[str, float]:
    gc.collect()
    gc.freeze()  # as server and worker processes do once started
    names = sorted(path.stem for path in EXAMPLES.glob("*.json"))
    levels = {name: json.loads((EXAMPLES / f"{name}.json").read_text("utf-8")) for name in names}
    base_outputs, base_page = per_lesson_us(levels[BASELINE])
    figures = {"baseline_outputs_us_per_lesson": base_outputs, "baseline_page_us_per_lesson": base_page}
    print(f"{BASELINE}: outputs {base_outputs:7.0f} us/lesson, page {base_page:6.0f} us/lesson (baseline)")
    for name in names:
        one = per_lesson_us(levels[name])
        ten = per_lesson_us(_scaled(levels[name], 10))
        figures[f"{name}_outputs_us_per_lesson"] = one[0]
        print(
            f"{name:36s} outputs {one[0]:6.0f} us/lesson ({one[0] / base_outputs:4.2f}x), x10 {ten[0] / one[0]:4.2f}x"
            f" per lesson | page {one[1]:5.0f} us/lesson ({one[1] / base_page:4.2f}x), x10 {ten[1] / one[1]:4.2f}x"
        )
        split = per_output_us(levels[name])
        print(f"{'':36s} " + ", ".join(f"{output} {us:6.0f} us/lesson" for output, us in split.items()))
    return figures


if __name__ == "__main__":
    main()
