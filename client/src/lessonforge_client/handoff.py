"""The bundle support needs for a failed call or job (SPEC §8), as JSON or readable text.

It holds a key prefix, never a key, and the source JSON only when the caller says it may be shared.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ._errors import ApiError
from ._exchange import KEY_PREFIX_LENGTH, Exchange, find_job_id, redact
from ._integration_calls import EXPANSIONS
from ._models import ExpansionResult, Job
from ._responses import raw_text

Subject = ApiError | Exchange | Job | ExpansionResult


@dataclass(frozen=True)
class SupportHandoff:
    """What to send to support; `to_dict` uses the wire's camelCase names."""

    job_id: str | None
    key_prefix: str | None
    endpoint: str | None
    method: str | None
    timestamp: str
    idempotency_key: str | None
    request_id: str | None
    http_status: int | None
    job_status: str | None
    response_body: Any
    source_json: Any = None
    source_shared: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields; `sourceJson` only appears when sharing was allowed."""
        data: dict[str, Any] = {
            "jobId": self.job_id,
            "keyPrefix": self.key_prefix,
            "endpoint": self.endpoint,
            "method": self.method,
            "timestamp": self.timestamp,
            "idempotencyKey": self.idempotency_key,
            "requestId": self.request_id,
            "httpStatus": self.http_status,
            "jobStatus": self.job_status,
            "responseBody": self.response_body,
        }
        if self.source_shared:
            data["sourceJson"] = self.source_json
        return data

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, default=str)

    def to_text(self) -> str:
        """A plain-text version to paste into a support ticket."""
        status = {None: "n/a", 0: "no response (network error)"}.get(
            self.http_status, f"HTTP {self.http_status}"
        )
        if self.job_status:
            status += f" (job status: {self.job_status})"
        rows = [
            ("Job ID", self.job_id),
            ("Key prefix", self.key_prefix),
            ("Endpoint", " ".join(p for p in (self.method, self.endpoint) if p)),
            ("Timestamp", self.timestamp),
            ("Idempotency key", self.idempotency_key),
            ("Request ID", self.request_id),
            ("Final status", status),
        ]
        lines = ["lessonforge support handoff"]
        lines += [f"  {label + ':':<17}{value or '-'}" for label, value in rows]
        lines += ["  Response body:", _indent(self.response_body)]
        source = _indent(self.source_json) if self.source_shared else "    (not shared)"
        lines += ["  Source JSON:", source]
        return "\n".join(lines)


def support_handoff(
    subject: Subject,
    *,
    key_prefix: str | None = None,
    source: Any = None,
    share_source: bool = False,
    now: Callable[[], datetime] | None = None,
) -> SupportHandoff:
    """Build the handoff from an SDK error, a recorded `Exchange`, a `Job` or an `ExpansionResult`.

    `source` (the payload you sent) is included only with `share_source=True`; `key_prefix` fills
    in the key for job subjects (e.g. `client.key_prefix`); a full key is cut to its prefix.
    """
    if isinstance(subject, ApiError):
        subject = subject.exchange or _exchange_of(subject, now)
    elif not isinstance(subject, Exchange):
        subject = exchange_for_job(subject, now=now)
    handoff = _from_exchange(subject)
    handoff = replace(handoff, key_prefix=_safe_prefix(key_prefix) or handoff.key_prefix)
    if share_source:
        handoff = replace(handoff, source_json=source, source_shared=True)
    return handoff


def _from_exchange(exchange: Exchange) -> SupportHandoff:
    return SupportHandoff(
        job_id=exchange.job_id,
        key_prefix=exchange.key_prefix,
        endpoint=exchange.path,
        method=exchange.method,
        timestamp=exchange.timestamp,
        idempotency_key=exchange.idempotency_key,
        request_id=exchange.request_id,
        http_status=exchange.status,
        job_status=exchange.job_status,
        response_body=exchange.response_body(),
    )


def exchange_for_job(
    subject: Job | ExpansionResult,
    *,
    key_prefix: str | None = None,
    now: Callable[[], datetime] | None = None,
) -> Exchange:
    """An `Exchange` describing a job: the call that created it (endpoint, time with time zone,
    request id, as the server kept them), with the job as read now as the answer. Jobs from servers
    that do not keep the create call are described by the read instead."""
    job = subject.job if isinstance(subject, ExpansionResult) else subject
    suffix = "/result" if isinstance(subject, ExpansionResult) else ""
    method, path = "GET", f"{EXPANSIONS}/{job.id}{suffix}"
    timestamp, request_id = (now or _now)().isoformat(timespec="milliseconds"), None
    created = job.create_request
    if created is not None:
        method, _, path = created.endpoint.partition(" ")
        timestamp, request_id = (
            created.at.astimezone().isoformat(timespec="milliseconds"),
            created.request_id,
        )
    return Exchange(
        surface="integration",
        method=method,
        path=path,
        timestamp=timestamp,
        idempotency_key=job.idempotency_key,
        key_prefix=_safe_prefix(key_prefix),
        status=200,
        request_id=request_id,
        response_text=json.dumps(redact(subject.to_wire()), ensure_ascii=False),
        attempts=1,
        job_id=job.id,
        error_code=job.error.code if job.error else None,
        error_message=job.error.message if job.error else None,
        job_status=job.status,
    )


def _exchange_of(error: ApiError, now: Callable[[], datetime] | None) -> Exchange:
    """An `Exchange` for an error that was built outside a client (no recorded exchange)."""
    request = error.response.request if error.response is not None else None
    path = request.url.path if request is not None else ""
    text = error.raw_text or (raw_text(error.response) if error.response is not None else "")
    return Exchange(
        surface="unknown",
        method=request.method if request else "",
        path=path,
        timestamp=(now or _now)().isoformat(timespec="milliseconds"),
        idempotency_key=request.headers.get("idempotency-key") if request else None,
        key_prefix=None,
        status=error.status,
        request_id=error.request_id,
        response_text=text,
        attempts=1,
        job_id=find_job_id(path, None, error.message),
        error_code=error.code,
        error_message=error.message,
    )


def _safe_prefix(value: str | None) -> str | None:
    return value[:KEY_PREFIX_LENGTH] if value else None


def _now() -> datetime:
    return datetime.now().astimezone()


def _indent(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)
    return "\n".join("    " + line for line in (text or "(empty)").splitlines())
