"""Graceful fallback (SPEC §8): bodies that are not the contract never raise a parsing error."""

from __future__ import annotations

import json

import pytest

from lessonforge_client import (
    ApiClientError,
    ContentInternalError,
    ContentNotFoundError,
    ContentValidationError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    UnexpectedResponseError,
)
from sdk_testkit import Harness, Script, envelope, job_body, respond

NGINX_502 = """<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx/1.22.1</center>
</body>
</html>
"""
HTML = {"Content-Type": "text/html"}


def no_retry(harness: Harness, script: Script) -> object:
    return harness.integration(script, max_retries=0)


def test_an_nginx_html_502_becomes_internal_server_error_with_gateway_error(
    harness: Harness,
) -> None:
    script = Script(respond(502, text=NGINX_502, headers=HTML))
    with pytest.raises(InternalServerError) as info:
        harness.integration(script, max_retries=0).get_expansion("job-1")
    error = info.value
    assert error.code == "gateway_error"
    assert error.status == 502
    assert error.message == "HTTP 502 Bad Gateway (non-JSON response): 502 Bad Gateway"
    assert "\n" not in error.message
    assert error.raw_text == NGINX_502
    assert error.response is not None
    assert error.response.status_code == 502


def test_an_empty_504_becomes_gateway_error(harness: Harness) -> None:
    script = Script(respond(504, content=b""))
    with pytest.raises(InternalServerError) as info:
        harness.integration(script, max_retries=0).get_expansion("job-1")
    assert info.value.code == "gateway_error"
    assert info.value.message == "HTTP 504 Gateway Timeout (empty response)"
    assert info.value.raw_text == ""


def test_truncated_json_in_an_error_is_kept_raw(harness: Harness) -> None:
    text = json.dumps(envelope("content_invalid_request", 400))[:25]
    script = Script(respond(400, text=text, headers={"Content-Type": "application/json"}))
    with pytest.raises(InvalidRequestError) as info:
        harness.integration(script).create_expansion({"title": "x"})
    assert info.value.code == "unexpected_response"
    assert info.value.message.startswith("HTTP 400 Bad Request (invalid JSON): ")
    assert info.value.raw_text == text
    assert isinstance(info.value.__cause__, ValueError)


def test_json_without_the_error_envelope_is_mapped_by_status(harness: Harness) -> None:
    script = Script(respond(404, {"detail": "Not Found"}))
    with pytest.raises(NotFoundError) as info:
        harness.integration(script).get_expansion("job-1")
    assert info.value.code == "unexpected_response"
    assert "(JSON without error envelope)" in info.value.message
    assert info.value.raw_text == '{"detail":"Not Found"}'


def test_a_200_with_invalid_json_raises_unexpected_response(harness: Harness) -> None:
    script = Script(
        respond(200, text='{"id": "job-1", "sta', headers={"Content-Type": "application/json"})
    )
    with pytest.raises(UnexpectedResponseError) as info:
        harness.integration(script).get_expansion("job-1")
    assert info.value.status == 200
    assert info.value.code == "unexpected_response"
    assert info.value.message.startswith("HTTP 200 OK (invalid JSON)")
    assert info.value.raw_text == '{"id": "job-1", "sta'


def test_a_200_with_the_wrong_shape_raises_unexpected_response(harness: Harness) -> None:
    script = Script(respond(200, {"items": []}))
    with pytest.raises(UnexpectedResponseError) as info:
        harness.integration(script).get_expansion("job-1")
    assert "unexpected response shape" in info.value.message


def test_a_200_with_an_html_page_raises_unexpected_response(harness: Harness) -> None:
    script = Script(respond(200, text="<html><title>Captive portal</title></html>", headers=HTML))
    with pytest.raises(UnexpectedResponseError) as info:
        harness.integration(script).get_expansion("job-1")
    assert info.value.message == "HTTP 200 OK (non-JSON response): Captive portal"


def test_raw_text_is_capped_at_2_kib(harness: Harness) -> None:
    script = Script(respond(502, text="x" * 10_000, headers=HTML))
    with pytest.raises(InternalServerError) as info:
        harness.integration(script, max_retries=0).get_expansion("job-1")
    assert info.value.raw_text == "x" * 2048
    assert len(info.value.message) < 250


def test_a_gateway_error_is_retried_then_succeeds(harness: Harness) -> None:
    script = Script(respond(502, text=NGINX_502, headers=HTML), respond(200, job_body()))
    assert harness.integration(script).get_expansion("job-1").status == "queued"


def test_other_statuses_without_the_contract_become_unexpected_response(harness: Harness) -> None:
    script = Script(respond(418, text="I'm a teapot"))
    with pytest.raises(UnexpectedResponseError) as info:
        harness.integration(script).get_expansion("job-1")
    assert info.value.status == 418
    assert info.value.message == "HTTP 418 I'm a teapot (non-JSON response): I'm a teapot"


def test_the_request_id_header_is_kept_on_a_fallback_integration_error(harness: Harness) -> None:
    script = Script(respond(500, text="oops", headers={"X-Request-Id": "srv-9"}))
    with pytest.raises(InternalServerError) as info:
        harness.integration(script, max_retries=0).get_expansion("job-1")
    assert info.value.request_id == "srv-9"


# --- Content API: Content Island semantics ------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls", "code"),
    [
        (400, ContentValidationError, "VALIDATION_ERROR"),
        (404, ContentNotFoundError, "NOT_FOUND"),
        (502, ContentInternalError, "INTERNAL_ERROR"),
        (418, ApiClientError, "UNKNOWN"),
    ],
)
def test_content_errors_without_the_contract_derive_the_code_from_the_status(
    harness: Harness, status: int, cls: type[ApiClientError], code: str
) -> None:
    script = Script(respond(status, text=NGINX_502, headers={**HTML, "X-Request-Id": "srv-1"}))
    with pytest.raises(cls) as info:
        harness.content(script, max_retries=0).get_project()
    assert type(info.value) is cls
    assert info.value.code == code
    assert info.value.status == status
    assert info.value.request_id is None
    assert info.value.message.startswith(f"HTTP {status} ")
    assert "(non-JSON response)" in info.value.message
    assert info.value.raw_text == NGINX_502


def test_content_502_message_matches_the_spec_example(harness: Harness) -> None:
    script = Script(respond(502, text="<html>", headers=HTML))
    with pytest.raises(ContentInternalError) as info:
        harness.content(script, max_retries=0).get_project()
    assert info.value.message.startswith("HTTP 502 Bad Gateway (non-JSON response)")


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        (respond(504, content=b""), "empty response"),
        (
            respond(
                500, text='{"error": {"code": "INTER', headers={"Content-Type": "application/json"}
            ),
            "invalid JSON",
        ),
        (respond(500, {"message": "no envelope"}), "JSON without error envelope"),
    ],
)
def test_content_non_contract_bodies_are_internal_error(
    harness: Harness, reply: object, problem: str
) -> None:
    script = Script(reply)  # type: ignore[arg-type]
    with pytest.raises(ContentInternalError) as info:
        harness.content(script, max_retries=0).get_project()
    assert info.value.code == "INTERNAL_ERROR"
    assert f"({problem})" in info.value.message


def test_content_200_with_invalid_json_is_unknown(harness: Harness) -> None:
    script = Script(respond(200, text="[{", headers={"Content-Type": "application/json"}))
    with pytest.raises(ApiClientError) as info:
        harness.content(script).get_raw_content_list()
    assert info.value.code == "UNKNOWN"
    assert info.value.status == 200
    assert info.value.raw_text == "[{"
