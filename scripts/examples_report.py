"""Print what each level of docs/examples produces (the table in docs/generators.md), as Markdown.

python scripts/examples_report.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from lessonforge.domain.course import course
from lessonforge.domain.payload import parse_payload
from lessonforge.generation import OUTPUT_TYPES, GeneratedResource, generate_all

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"


def _row(path: Path) -> str:
    payload = parse_payload(json.loads(path.read_text("utf-8")))
    about = course(payload)
    module, video, quiz = (r for r in generate_all(OUTPUT_TYPES, payload) if isinstance(r, GeneratedResource))
    activities = Counter(a["kind"] for s in module.body["sections"] for a in s["activities"])
    matching = next(
        (a["title"] for s in module.body["sections"] for a in s["activities"] if a["kind"] == "matching"), ""
    )
    items = Counter(it["type"] for it in quiz.body["items"])
    return " | ".join(
        [
            f"`{path.stem}`",
            f"{about.kind}, `{about.language}` → `{about.interface_language}`",
            f"{module.title}; {len(module.body['sections'])} sections, "
            + ", ".join(f"{n} {kind}" for kind, n in sorted(activities.items()))
            + (f"; matching titled “{matching}”" if matching else ""),
            f"{len(video.body.get('scenes', []))} scenes",
            f"{len(quiz.body['items'])} items (" + ", ".join(f"{n} {t}" for t, n in sorted(items.items())) + ")",
        ]
    )


def main() -> None:
    print("| example | course | module | video | quiz |")
    print("|---|---|---|---|---|")
    for path in sorted(EXAMPLES.glob("*.json")):
        print(f"| {_row(path)} |")


if __name__ == "__main__":
    main()
