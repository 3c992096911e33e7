"""A record of one logical API call (all its attempts), safe to keep and to hand to support.

It never holds a full API key: only `key_prefix`, and bodies pass through `redact` first.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any

KEY_PREFIX_LENGTH = 23
_SECRET_FIELDS = frozenset({"apiKey", "secret", "readToken", "writeToken", "password", "token"})
_FULL_KEY = re.compile(r"(tf_content_[A-Za-z0-9]{12})[A-Za-z0-9]{20,}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_JOB_PATH = re.compile(r"/v1/content/integrations/expansions/([^/?]+)")


def key_prefix(api_key: str | None) -> str | None:
    """The key's public prefix (its first 23 characters); at most half of an unusually short key."""
    if not api_key:
        return None
    length = KEY_PREFIX_LENGTH if len(api_key) >= 2 * KEY_PREFIX_LENGTH - 6 else len(api_key) // 2
    return api_key[:length]


def redact(value: Any) -> Any:
    """A copy with secret fields masked and any full `tf_content_` key cut to its prefix."""
    if isinstance(value, dict):
        return {k: "[redacted]" if k in _SECRET_FIELDS else redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(item) for item in value]
    if isinstance(value, str):
        return _FULL_KEY.sub(r"\1…", value)
    return value


@dataclass(frozen=True)
class Exchange:
    """One logical call: the request as sent and the final answer (`status` 0: no answer)."""

    surface: str
    method: str
    path: str
    timestamp: str
    idempotency_key: str | None
    key_prefix: str | None
    status: int
    request_id: str | None
    response_text: str
    attempts: int
    job_id: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    job_status: str | None = None

    def response_body(self) -> Any:
        """The final response body: parsed JSON when it parses, else the raw text (≤ 2 KiB)."""
        try:
            return redact(json.loads(self.response_text))
        except ValueError:
            return redact(self.response_text)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (snake_case keys, as stored in the state file)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Exchange:
        """Rebuild from `to_dict` output, ignoring unknown keys."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def find_job_id(path: str, body: Any, message: str | None) -> str | None:
    """The job this exchange is about: from the path, the response body, or a conflict message."""
    match = _JOB_PATH.search(path)
    if match:
        return match.group(1)
    if isinstance(body, dict):
        error = body.get("error")
        details = error.get("details") if isinstance(error, dict) else None
        if isinstance(details, dict) and isinstance(details.get("existingJobId"), str):
            return str(details["existingJobId"])  # a duplicate-source 409 names the running job
        job = body.get("job")
        for candidate in (body.get("jobId"), job.get("id") if isinstance(job, dict) else None):
            if isinstance(candidate, str):
                return candidate
        if path.endswith("/expansions") and isinstance(body.get("id"), str):
            return str(body["id"])
    found = _UUID.search(message or "") if path.endswith("/expansions") else None
    return found.group(0) if found else None
