"""GIFT parsed by gift-pegjs (the npm parser Moodle-compatible tools use), installed once into a cache folder."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from lf_support import require_tool

GIFT_PACKAGE = "gift-pegjs@1"
GIFT_CACHE = Path.home() / ".cache" / "lessonforge-npm" / "gift-pegjs-1"
_SCRIPT = """
const { parse } = require("gift-pegjs");
let text = "";
process.stdin.on("data", (chunk) => { text += chunk; });
process.stdin.on("end", () => { process.stdout.write(JSON.stringify(parse(text))); });
"""


def parse_gift(text: str) -> list[dict[str, Any]]:
    """What gift-pegjs makes of a GIFT text (it raises, and so does this, on anything it cannot parse)."""
    node = require_tool("node")
    if not (GIFT_CACHE / "node_modules" / "gift-pegjs").exists():
        npm = require_tool("npm")
        GIFT_CACHE.mkdir(parents=True, exist_ok=True)
        (GIFT_CACHE / "package.json").write_text('{"name": "lf-gift", "private": true}')
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--silent", GIFT_PACKAGE],
            cwd=GIFT_CACHE,
            check=True,
            capture_output=True,
            timeout=300,
        )
    done = subprocess.run(
        [node, "-e", _SCRIPT], cwd=GIFT_CACHE, input=text, capture_output=True, text=True, timeout=60, check=True
    )
    parsed: list[dict[str, Any]] = json.loads(done.stdout)
    return parsed
