"""Run every benchmark and print its figures (record them in docs/benchmarks.md with the date)."""

from __future__ import annotations

import importlib
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BENCHMARKS = [
    "api_read",
    "jobs_e2e",
    "content_query",
    "video_render",
    "generation_examples",
    "screening",
    "generation",
    "quiz_quality",
    "sign_in_timing",
]


def main() -> None:
    print(f"# {platform.node()} {platform.machine()} python {platform.python_version()}")
    for name in BENCHMARKS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            print(f"\n## {name}: not available ({exc.name})")
            continue
        print(f"\n## {name}")
        module.main()


if __name__ == "__main__":
    main()
