"""Job and output errors said in plain words, and the support handoff bundle (the SDK's own format)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lessonforge.domain.jobs import Job
from lessonforge.services.wire import job_json
from lessonforge_client import Job as WireJob
from lessonforge_client import support_handoff

_ADVICE = {
    "source_invalid": (
        "The lesson JSON cannot produce this output. Fix what the message names in your JSON, then submit it "
        "again with a new idempotency key."
    ),
    "output_generation_failed": (
        "The server failed while generating this output; your JSON may be fine. Submit it again later; if it "
        "fails again, send the support bundle below."
    ),
    "render_failed": (
        "The video could not be turned into an MP4. Render it again from the video's page; if it keeps failing, "
        "send the support bundle below."
    ),
}
_FALLBACK = "The job did not complete. Send the support bundle below to support."


def plain_words(error: Mapping[str, Any] | None) -> dict[str, str] | None:
    """``{code, message, advice}`` for an ``{code, message}`` error, or None when there is none."""
    if not error:
        return None
    code = str(error.get("code", ""))
    return {"code": code, "message": str(error.get("message", "")), "advice": _ADVICE.get(code, _FALLBACK)}


def handoff_json(job: Job, key_prefix: str | None) -> str:
    """What support needs about ``job``, exactly as the SDK's ``support_handoff`` writes it."""
    wire = WireJob.model_validate(job_json(job))
    return support_handoff(wire, key_prefix=key_prefix).to_json()
