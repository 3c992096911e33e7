"""GIFT parsed by gift-pegjs (the npm parser Moodle-compatible tools use), installed once into a cache folder."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from lf_support import npm_installed, require_tool

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
    modules = npm_installed(GIFT_PACKAGE, GIFT_CACHE, "gift-pegjs/package.json")
    done = subprocess.run(
        [node, "-e", _SCRIPT], cwd=modules.parent, input=text, capture_output=True, text=True, timeout=60, check=True
    )
    parsed: list[dict[str, Any]] = json.loads(done.stdout)
    return parsed
