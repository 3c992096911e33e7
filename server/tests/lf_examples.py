"""The realistic levels of docs/examples (four languages taught, two school subjects): read by tests and
benchmarks alike, so what the docs show is what is tested."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def example_names() -> list[str]:
    """Every example level, by file stem (``spanish-a1-cafe``)."""
    return sorted(path.stem for path in EXAMPLES.glob("*.json"))


def example(name: str) -> dict[str, Any]:
    """One example payload, freshly read (callers may change it)."""
    payload: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
    return payload
