"""docs/generators.md shows what each example level produces: the table is what ``scripts/examples_report.py``
prints from the current generators, so it cannot go stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_examples_table_in_generators_md_is_what_the_generators_produce_now() -> None:
    printed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "examples_report.py")], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert printed.count("\n") >= 3
    assert printed in (ROOT / "docs" / "generators.md").read_text("utf-8"), (
        "docs/generators.md: replace the examples table with the output of `python scripts/examples_report.py`"
    )
