"""The SDK's exceptions: one tree per HTTP surface, and one function per surface that builds them.

`to_integration_error` turns any failed Content Integration exchange into an
`IntegrationApiError`; `to_content_error` does the same for the Content API with `ApiClientError`
(Content Island semantics).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from ._responses import BodyReading, Envelope, read_body, request_id_header, summarize

if TYPE_CHECKING:
    from ._exchange import Exchange
    from ._models import Job


class LessonforgeClientError(Exception):
    """Root of every exception this SDK raises on purpose."""


class ApiError(LessonforgeClientError):
    """A failed API exchange: the fields both surfaces share."""

    code: str = "unknown"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int = 0,
        request_id: str | None = None,
        details: dict[str, Any] | None = None,
        response: httpx.Response | None = None,
        raw_text: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or type(self).code
        self.status = status
        self.request_id = request_id
        self.details = details
        self.response = response
        self.raw_text = raw_text
        self.exchange: Exchange | None = None

    def __str__(self) -> str:
        suffix = f" [request id {self.request_id}]" if self.request_id else ""
        return f"{self.code} ({self.status}): {self.message}{suffix}"


# --- Content Integration API (§2) -------------------------------------------------------------


class IntegrationApiError(ApiError):
    """Any failure talking to the Content Integration API."""


class ApiConnectionError(IntegrationApiError):
    """No HTTP response at all: DNS, refused connection, reset, TLS... (status 0)."""

    code = "network_error"


class ApiTimeoutError(ApiConnectionError):
    """The request timed out before a response arrived (status 0)."""

    code = "timeout"


class InvalidRequestError(IntegrationApiError):
    """400 `content_invalid_request`: fix the payload."""

    code = "content_invalid_request"


class InvalidApiKeyError(IntegrationApiError):
    """401 `content_invalid_api_key`: create or rotate the key, or sign in again."""

    code = "content_invalid_api_key"


class ForbiddenError(IntegrationApiError):
    """403 `content_forbidden`: the admin cannot manage that organization."""

    code = "content_forbidden"


class NotFoundError(IntegrationApiError):
    """404 `content_not_found`."""

    code = "content_not_found"


class ConflictError(IntegrationApiError):
    """409 `content_conflict`: usually an idempotency or duplicate-source conflict."""

    code = "content_conflict"


class RateLimitError(IntegrationApiError):
    """429 `content_rate_limit_exceeded`; `retry_after` holds the server's wait in seconds."""

    code = "content_rate_limit_exceeded"

    @property
    def retry_after(self) -> float | None:
        """Seconds from the `Retry-After` header, when it was a number."""
        value = self.response.headers.get("retry-after") if self.response else None
        try:
            return float(value) if value is not None else None
        except ValueError:
            return None


class InternalServerError(IntegrationApiError):
    """5xx: `content_internal_error`, or `gateway_error` when a proxy answered instead."""

    code = "content_internal_error"


class UnexpectedResponseError(IntegrationApiError):
    """Any other status, or a success whose body could not be read (`unexpected_response`)."""

    code = "unexpected_response"


_INTEGRATION_BY_CODE: dict[str, type[IntegrationApiError]] = {
    cls.code: cls
    for cls in (
        InvalidRequestError,
        InvalidApiKeyError,
        ForbiddenError,
        NotFoundError,
        ConflictError,
        RateLimitError,
        InternalServerError,
    )
}
_INTEGRATION_BY_STATUS: dict[int, type[IntegrationApiError]] = {
    400: InvalidRequestError,
    401: InvalidApiKeyError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def _integration_class(status: int) -> type[IntegrationApiError]:
    if status >= 500:
        return InternalServerError
    return _INTEGRATION_BY_STATUS.get(status, UnexpectedResponseError)


def to_integration_error(
    outcome: httpx.Response | httpx.TransportError, *, problem: str | None = None
) -> IntegrationApiError:
    """Map a failed exchange (error response, unreadable success, or transport error) to its class.

    `problem` describes why an otherwise successful response is unusable (e.g. "invalid JSON").
    """
    if isinstance(outcome, httpx.TransportError):
        transport_cls = (
            ApiTimeoutError if isinstance(outcome, httpx.TimeoutException) else ApiConnectionError
        )
        error: IntegrationApiError = transport_cls(_transport_message(outcome))
        error.__cause__ = outcome
        return error
    reading = read_body(outcome)
    envelope = reading.envelope if problem is None and outcome.is_error else None
    if envelope is not None:
        cls = _INTEGRATION_BY_CODE.get(envelope.code) or _integration_class(outcome.status_code)
        request_id = envelope.request_id or request_id_header(outcome)
        return _contract(cls, outcome, envelope, reading.raw_text, request_id)
    fallback = "gateway_error" if outcome.status_code >= 500 else "unexpected_response"
    return _fallback(_integration_class(outcome.status_code), fallback, outcome, reading, problem)


# --- Content API (§7), Content Island semantics -----------------------------------------------


class ApiClientError(ApiError):
    """Every Content API failure. `code` follows Content Island: a contract code, `NETWORK_ERROR`
    (status 0), a code derived from the status for non-contract bodies, or `UNKNOWN`."""

    code = "UNKNOWN"


class ContentValidationError(ApiClientError):
    """400 `VALIDATION_ERROR`; `details["fields"]` lists each failure."""

    code = "VALIDATION_ERROR"


class ContentUnauthorizedError(ApiClientError):
    """401 `UNAUTHORIZED`: missing, malformed or expired token."""

    code = "UNAUTHORIZED"


class ContentForbiddenError(ApiClientError):
    """403 `FORBIDDEN`: e.g. a read token on a write route."""

    code = "FORBIDDEN"


class ContentNotFoundError(ApiClientError):
    """404 `NOT_FOUND`."""

    code = "NOT_FOUND"


class ContentConflictError(ApiClientError):
    """409 `CONFLICT`."""

    code = "CONFLICT"


class ContentRateLimitedError(ApiClientError):
    """429 `RATE_LIMITED`."""

    code = "RATE_LIMITED"


class ContentInternalError(ApiClientError):
    """5xx `INTERNAL_ERROR`."""

    code = "INTERNAL_ERROR"


class ContentNetworkError(ApiClientError):
    """`NETWORK_ERROR`: no HTTP response at all (status 0)."""

    code = "NETWORK_ERROR"


_CONTENT_BY_CODE: dict[str, type[ApiClientError]] = {
    cls.code: cls
    for cls in (
        ContentValidationError,
        ContentUnauthorizedError,
        ContentForbiddenError,
        ContentNotFoundError,
        ContentConflictError,
        ContentRateLimitedError,
        ContentInternalError,
    )
}
_CONTENT_BY_STATUS: dict[int, type[ApiClientError]] = {
    400: ContentValidationError,
    401: ContentUnauthorizedError,
    403: ContentForbiddenError,
    404: ContentNotFoundError,
    409: ContentConflictError,
}


def _content_class(status: int) -> type[ApiClientError]:
    if status >= 500:
        return ContentInternalError
    return _CONTENT_BY_STATUS.get(status, ApiClientError)


def to_content_error(
    outcome: httpx.Response | httpx.TransportError, *, problem: str | None = None
) -> ApiClientError:
    """Map a failed Content API exchange to `ApiClientError` (or the subclass of its code)."""
    if isinstance(outcome, httpx.TransportError):
        error: ApiClientError = ContentNetworkError(_transport_message(outcome))
        error.__cause__ = outcome
        return error
    reading = read_body(outcome)
    envelope = reading.envelope if problem is None and outcome.is_error else None
    if envelope is not None:
        cls = _CONTENT_BY_CODE.get(envelope.code, ApiClientError)
        return _contract(cls, outcome, envelope, reading.raw_text, envelope.request_id)
    cls = _content_class(outcome.status_code)
    return _fallback(cls, cls.code, outcome, reading, problem, keep_request_id=False)


# --- shared fallback ---------------------------------------------------------------------------

_E = TypeVar("_E", bound=ApiError)


def _contract(
    cls: type[_E], response: httpx.Response, envelope: Envelope, text: str, request_id: str | None
) -> _E:
    """An error carrying a contract envelope's own values."""
    return cls(
        envelope.message or envelope.code,
        code=envelope.code,
        status=response.status_code,
        request_id=request_id,
        details=envelope.details,
        response=response,
        raw_text=text,
    )


def _fallback(
    cls: type[_E],
    code: str,
    response: httpx.Response,
    reading: BodyReading,
    problem: str | None,
    *,
    keep_request_id: bool = True,
) -> _E:
    """An error for a non-contract body: class of its status, one-line message, raw text kept."""
    reason = problem or reading.problem or "JSON without error envelope"
    error = cls(
        summarize(response, reason, reading.raw_text),
        code=code,
        status=response.status_code,
        request_id=request_id_header(response) if keep_request_id else None,
        response=response,
        raw_text=reading.raw_text,
    )
    if reading.decode_error is not None:
        error.__cause__ = reading.decode_error
    return error


def _transport_message(exc: httpx.TransportError) -> str:
    detail = str(exc) or type(exc).__name__
    try:
        target = f"{exc.request.method} {exc.request.url}"
    except RuntimeError:
        return f"network error: {detail}"
    return f"network error on {target}: {detail}"


# --- not tied to one HTTP exchange -------------------------------------------------------------


class JobTimeoutError(LessonforgeClientError, TimeoutError):
    """`wait_for_job` gave up before the job reached `completed` or `failed`."""

    def __init__(self, job_id: str, timeout: float, last_job: Job | None) -> None:
        status = last_job.status if last_job else "unknown"
        super().__init__(f"job {job_id} still {status} after {timeout:g} s")
        self.job_id = job_id
        self.timeout = timeout
        self.last_job = last_job


class WebhookVerificationError(LessonforgeClientError):
    """A webhook delivery whose signature or timestamp does not check out."""
