"""Quiz figures over the example levels (docs/examples): forms, leaks, true share, key positions, items per lesson.

Read from each generated test's ``body.quality`` and checked against the body itself.

    .venv/bin/python benchmarks/quiz_quality.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import generate
from lessonforge.generation.assembly.keys import body_leaks

ROOT = Path(__file__).resolve().parent.parent


def main() -> dict[str, float]:
    positions: Counter[str] = Counter()
    expected: Counter[str] = Counter()
    figures: dict[str, float] = {}
    columns = ["level", "lessons", "items", "items per lesson", "forms (items each)", "leaks"]
    columns += ["true/false (true share)", "key positions 1/2/3/4", "dropped"]
    print("| " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|---|---|---|---|")
    for path in sorted((ROOT / "docs" / "examples").glob("*.json")):
        payload = parse_payload(json.loads(path.read_text()))
        body = generate("expanded_quiz", payload).body
        quality = body["quality"]
        assert quality["leaks"] == body_leaks(body) == 0
        lessons, items = len(payload.lessons), len(body["items"])
        counts = quality["correctPosition"]["counts"]
        positions.update(counts)
        expected.update(quality["correctPosition"]["expected"])
        tf = quality["trueFalse"]
        share = f"{tf['items']} ({tf['trueShare']:.0%})" if tf["items"] else "0"
        forms = ", ".join(str(n) for n in quality["itemsPerForm"].values())
        keys = "/".join(str(counts.get(str(p), 0)) for p in range(1, 5))
        dropped = ", ".join(f"{k} {v}" for k, v in quality["dropped"]["reasons"].items()) or "-"
        cells = [path.stem, lessons, items, f"{items / lessons:.1f}", f"{quality['forms']} ({forms})"]
        cells += [quality["leaks"], share, keys, dropped]
        print("| " + " | ".join(map(str, cells)) + " |")
        figures[f"leaks_{path.stem}"] = quality["leaks"]
    total = sum(positions.values())
    spread = ", ".join(f"{p}: {n} (uniform {expected[p]:.1f})" for p, n in sorted(positions.items()))
    print(f"\nkey positions over all select items ({total}): {spread}")
    return figures


if __name__ == "__main__":
    main()
