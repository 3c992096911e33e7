"""`export_test`: the request it sends and how it reads a file body (not JSON) or a wrong one."""

from __future__ import annotations

import pytest

from lessonforge_client import NotFoundError, UnexpectedResponseError
from sdk_testkit import Harness, Script, respond

ZIP = b"PK\x03\x04 not json at all \xff\xfe"


@pytest.mark.parametrize(
    ("fmt", "media_type", "content"),
    [
        ("qti", "application/zip", ZIP),
        ("gift", "text/plain; charset=utf-8", "::q1::¿Hola? \\= hi {=hello}\n".encode()),
        ("csv", "text/csv; charset=utf-8", b"id,type\r\nq1,select\r\n"),
    ],
)
def test_the_file_comes_back_as_bytes(
    harness: Harness, fmt: str, media_type: str, content: bytes
) -> None:
    script = Script(respond(200, content=content, headers={"Content-Type": media_type}))
    assert harness.integration(script).export_test("t/1", fmt) == content
    request = script.requests[0]
    assert request.method == "GET" and not request.content
    assert request.url.raw_path.decode() == f"/v1/content/tests/t%2F1/export?format={fmt}"
    assert request.headers["Accept"] == media_type.split(";")[0]
    assert "Idempotency-Key" not in request.headers


def test_an_html_page_with_200_is_an_unexpected_response_not_a_file(harness: Harness) -> None:
    page = b"<html><body>Welcome to nginx</body></html>"
    script = Script(respond(200, content=page, headers={"Content-Type": "text/html"}))
    with pytest.raises(UnexpectedResponseError) as caught:
        harness.integration(script).export_test("t1", "csv")
    assert caught.value.status == 200 and caught.value.code == "unexpected_response"


def test_an_error_envelope_raises_its_class(harness: Harness) -> None:
    envelope = {
        "error": {
            "code": "content_not_found",
            "message": "Test not found",
            "status": 404,
            "requestId": "r-1",
        }
    }
    script = Script(respond(404, envelope))
    with pytest.raises(NotFoundError) as caught:
        harness.integration(script).export_test("t1", "gift")
    assert caught.value.request_id == "r-1"


def test_an_unknown_format_is_refused_before_any_request(harness: Harness) -> None:
    script = Script(respond(200, content=b""))
    with pytest.raises(ValueError, match="qti, gift, csv"):
        harness.integration(script).export_test("t1", "pdf")
    assert script.requests == []
