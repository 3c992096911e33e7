"""One mapping function per surface: contract bodies keep their values, classes follow the code."""

from __future__ import annotations

import httpx
import pytest

from lessonforge_client import (
    ApiClientError,
    ApiError,
    ConflictError,
    ContentConflictError,
    ContentForbiddenError,
    ContentInternalError,
    ContentNotFoundError,
    ContentRateLimitedError,
    ContentUnauthorizedError,
    ContentValidationError,
    ForbiddenError,
    IntegrationApiError,
    InternalServerError,
    InvalidApiKeyError,
    InvalidRequestError,
    LessonforgeClientError,
    NotFoundError,
    RateLimitError,
    to_content_error,
    to_integration_error,
)
from sdk_testkit import Harness, Script, envelope, respond

INTEGRATION_CASES = [
    (400, "content_invalid_request", InvalidRequestError),
    (401, "content_invalid_api_key", InvalidApiKeyError),
    (403, "content_forbidden", ForbiddenError),
    (404, "content_not_found", NotFoundError),
    (409, "content_conflict", ConflictError),
    (429, "content_rate_limit_exceeded", RateLimitError),
    (500, "content_internal_error", InternalServerError),
]
CONTENT_CASES = [
    (400, "VALIDATION_ERROR", ContentValidationError),
    (401, "UNAUTHORIZED", ContentUnauthorizedError),
    (403, "FORBIDDEN", ContentForbiddenError),
    (404, "NOT_FOUND", ContentNotFoundError),
    (409, "CONFLICT", ContentConflictError),
    (429, "RATE_LIMITED", ContentRateLimitedError),
    (500, "INTERNAL_ERROR", ContentInternalError),
]


def _response(status: int, body: object, headers: dict[str, str] | None = None) -> httpx.Response:
    request = httpx.Request("GET", "http://lf.test/v1/content/integrations/expansions/j")
    return httpx.Response(status, json=body, headers=headers, request=request)


@pytest.mark.parametrize(("status", "code", "cls"), INTEGRATION_CASES)
def test_each_integration_code_maps_to_its_class(
    status: int, code: str, cls: type[IntegrationApiError]
) -> None:
    details = {"fields": [{"field": "payload", "message": "Required"}]}
    error = to_integration_error(_response(status, envelope(code, status, "nope", details=details)))
    assert type(error) is cls
    assert (error.code, error.status, error.message, error.request_id) == (
        code,
        status,
        "nope",
        "rid-1",
    )
    assert error.details == details
    assert error.response is not None
    assert isinstance(error, IntegrationApiError)
    assert isinstance(error, LessonforgeClientError)
    assert not isinstance(error, ApiClientError)


@pytest.mark.parametrize(("status", "code", "cls"), CONTENT_CASES)
def test_each_content_code_maps_to_its_class(
    status: int, code: str, cls: type[ApiClientError]
) -> None:
    body = {"error": {"code": code, "message": "nope", "requestId": "rid-2"}}
    error = to_content_error(_response(status, body))
    assert type(error) is cls
    assert (error.code, error.status, error.message, error.request_id) == (
        code,
        status,
        "nope",
        "rid-2",
    )
    assert error.details is None
    assert isinstance(error, ApiClientError)
    assert not isinstance(error, IntegrationApiError)


def test_an_unknown_contract_code_keeps_its_code_and_takes_the_class_of_its_status() -> None:
    error = to_integration_error(_response(409, envelope("content_brand_new", 409)))
    assert type(error) is ConflictError
    assert error.code == "content_brand_new"
    content = to_content_error(_response(409, {"error": {"code": "BRAND_NEW", "message": "m"}}))
    assert type(content) is ApiClientError
    assert content.code == "BRAND_NEW"


def test_the_request_id_header_fills_in_when_the_body_has_none() -> None:
    body = {"error": {"code": "content_not_found", "message": "gone", "status": 404}}
    error = to_integration_error(_response(404, body, {"X-Request-Id": "hdr-1"}))
    assert error.request_id == "hdr-1"


def test_str_is_one_line_with_code_status_and_request_id() -> None:
    error = to_integration_error(_response(409, envelope("content_conflict", 409, "reused key")))
    assert str(error) == "content_conflict (409): reused key [request id rid-1]"


def test_a_transport_error_maps_to_status_0_on_both_surfaces() -> None:
    request = httpx.Request("GET", "http://lf.test/api/1.0/project")
    exc = httpx.ConnectError("refused", request=request)
    content = to_content_error(exc)
    integration = to_integration_error(exc)
    assert (content.code, content.status, content.__cause__) == ("NETWORK_ERROR", 0, exc)
    assert (integration.code, integration.status, integration.__cause__) == (
        "network_error",
        0,
        exc,
    )
    assert "GET http://lf.test/api/1.0/project" in content.message


def test_errors_raised_by_clients_keep_the_contract_values(harness: Harness) -> None:
    body = envelope("content_invalid_request", 400, "payload: field required")
    script = Script(respond(400, body))
    with pytest.raises(InvalidRequestError) as info:
        harness.integration(script).create_expansion({})
    assert info.value.message == "payload: field required"
    assert info.value.request_id == "rid-1"
    assert isinstance(info.value, ApiError)
