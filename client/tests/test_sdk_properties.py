"""Properties for any input: no parsing error escapes, no key leaks, waits stay bounded."""

from __future__ import annotations

import json

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from lessonforge_client import (
    ApiClientError,
    IntegrationApiError,
    key_prefix,
    to_content_error,
    to_integration_error,
)
from lessonforge_client._exchange import redact
from lessonforge_client._retry import RetryPolicy, backoff_delay

STATUSES = st.integers(min_value=100, max_value=599)
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
FULL_KEYS = st.text(alphabet=BASE62, min_size=32, max_size=32).map(lambda s: "tf_content_" + s)
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def response(status: int, content: bytes, content_type: str) -> httpx.Response:
    request = httpx.Request("GET", "http://lf.test/v1/content/integrations/expansions/x")
    return httpx.Response(
        status, content=content, headers={"Content-Type": content_type}, request=request
    )


@settings(max_examples=300)
@given(STATUSES, st.binary(max_size=3000), st.sampled_from(["application/json", "text/html", ""]))
def test_any_body_maps_to_an_sdk_error_with_a_one_line_message(
    status: int, body: bytes, ctype: str
) -> None:
    for error in (
        to_integration_error(response(status, body, ctype)),
        to_content_error(response(status, body, ctype)),
    ):
        assert isinstance(error, IntegrationApiError | ApiClientError)
        assert error.status == status
        assert "\n" not in error.message
        assert error.raw_text is not None
        assert len(error.raw_text) <= 2048


@settings(max_examples=200)
@given(STATUSES, JSONISH)
def test_any_json_body_maps_without_raising(status: int, data: object) -> None:
    content = json.dumps(data).encode()
    assert to_integration_error(response(status, content, "application/json")).status == status
    assert to_content_error(response(status, content, "application/json")).status == status


@given(st.text(max_size=80))
def test_a_key_prefix_is_never_the_whole_key(key: str) -> None:
    prefix = key_prefix(key)
    if key:
        assert prefix is not None
        assert len(prefix) < len(key)
        assert key.startswith(prefix)


@given(FULL_KEYS, JSONISH)
def test_redaction_never_leaves_a_full_key(key: str, data: object) -> None:
    wrapped = {"note": f"key={key}", "data": data, "list": [key], "apiKey": key}
    assert key not in json.dumps(redact(wrapped), ensure_ascii=False)


@given(st.integers(min_value=0, max_value=60), st.floats(min_value=0.0, max_value=0.999999))
def test_backoff_is_capped_and_jitter_bounded(retry: int, rand: float) -> None:
    policy = RetryPolicy()
    base = min(8.0, 0.5 * 2.0**retry)
    assert 0.75 * base <= backoff_delay(policy, retry, lambda: rand) <= base <= 8.0
