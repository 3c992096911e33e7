"""JSON responses with an explicit UTF-8 charset, as the contract says."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse


class Json(JSONResponse):
    """``application/json; charset=utf-8`` with compact separators."""

    media_type = "application/json; charset=utf-8"

    def render(self, content: Any) -> bytes:
        return render_json(content)


def render_json(content: Any) -> bytes:
    """The body bytes of a JSON answer: compact, UTF-8, no ``\\uXXXX`` escapes."""
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
