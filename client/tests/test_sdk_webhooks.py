"""`verify_webhook`: both signature schemes, fixed vectors, tolerance, tampering."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC

import pytest

from lessonforge_client import WebhookVerificationError, verify_webhook
from lessonforge_client.webhooks import hex_signature, sign_webhook, standard_signature

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
BODY = json.dumps(
    {
        "event": "content.completed",
        "jobId": "job-1",
        "status": "completed",
        "sourceType": "source_json",
        "requestedOutputs": ["interactive_module"],
        "completedAt": "2026-07-04T10:00:00Z",
    }
).encode()
NOW = 1_780_000_000


def headers(body: bytes = BODY, secret: str = SECRET, ts: int = NOW) -> dict[str, str]:
    return {
        "X-Content-Integration-Event": "content.completed",
        "X-Content-Integration-Signature": hex_signature(body, secret),
        "webhook-id": "msg_1",
        "webhook-timestamp": str(ts),
        "webhook-signature": standard_signature(body, secret, "msg_1", ts),
    }


def test_fixed_vectors_match_an_independent_computation() -> None:
    expected_hex = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    signed = b"msg_1." + str(NOW).encode() + b"." + BODY
    expected_std = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert hex_signature(BODY, SECRET) == expected_hex
    assert standard_signature(BODY, SECRET, "msg_1", NOW) == expected_std


def test_a_known_vector_from_the_standard_webhooks_reference() -> None:
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    sig = standard_signature(body, secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330)
    assert sig == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_matches_the_standardwebhooks_library_when_installed() -> None:
    standardwebhooks = pytest.importorskip("standardwebhooks")
    from datetime import datetime

    signer = standardwebhooks.Webhook(SECRET)
    when = datetime.fromtimestamp(NOW, tz=UTC)
    assert signer.sign("msg_1", when, BODY.decode()) == standard_signature(
        BODY, SECRET, "msg_1", NOW
    )


def test_a_genuine_delivery_verifies_and_parses() -> None:
    event = verify_webhook(BODY, headers(), SECRET, now=lambda: NOW + 10)
    assert event.event == "content.completed"
    assert event.job_id == "job-1"
    assert event.requested_outputs == ["interactive_module"]


def test_the_standard_signature_alone_is_enough_and_header_case_does_not_matter() -> None:
    std_only = {k.upper(): v for k, v in headers().items() if k.startswith("webhook-")}
    assert verify_webhook(BODY, std_only, SECRET, now=lambda: NOW).job_id == "job-1"


def test_a_delivery_stripped_of_its_timestamped_signature_is_refused_by_default() -> None:
    """A captured delivery replayed days later with the webhook-* headers removed (issue 8.12)."""
    hex_only = {"x-content-integration-signature": hex_signature(BODY, SECRET)}
    with pytest.raises(WebhookVerificationError, match="webhook-signature"):
        verify_webhook(BODY, hex_only, SECRET, now=lambda: NOW + 7 * 86400)


def test_the_hex_only_scheme_is_accepted_only_on_explicit_opt_in() -> None:
    hex_only = {"x-content-integration-signature": hex_signature(BODY, SECRET)}
    event = verify_webhook(BODY.decode(), hex_only, SECRET, accept_hex_only=True)
    assert event.job_id == "job-1"
    hex_only["x-content-integration-signature"] = "00" * 32
    with pytest.raises(WebhookVerificationError, match="does not match"):
        verify_webhook(BODY, hex_only, SECRET, accept_hex_only=True)


def test_opting_in_to_hex_still_checks_a_present_standard_signature_and_its_age() -> None:
    with pytest.raises(WebhookVerificationError, match="tolerance"):
        verify_webhook(BODY, headers(), SECRET, now=lambda: NOW + 3600, accept_hex_only=True)


def test_sign_webhook_gives_headers_that_verify() -> None:
    signed = sign_webhook(BODY, SECRET, "evt_1", NOW)
    assert set(signed) == {
        "X-Content-Integration-Signature", "webhook-id", "webhook-timestamp", "webhook-signature"
    }  # fmt: skip
    assert verify_webhook(BODY, signed, SECRET, now=lambda: NOW).event == "content.completed"


def test_one_of_several_signatures_may_match() -> None:
    hdrs = headers()
    hdrs["webhook-signature"] = "v1,bm90LWl0 " + hdrs["webhook-signature"]
    del hdrs["X-Content-Integration-Signature"]
    verify_webhook(BODY, hdrs, SECRET, now=lambda: NOW)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda h: h.update({"X-Content-Integration-Signature": "00" * 32}),
        lambda h: h.update({"webhook-signature": "v1,AAAA"}),
        lambda h: h.update({"webhook-id": "msg_2"}),
        lambda h: h.update({"webhook-timestamp": str(NOW + 1)}),
        lambda h: h.update({"webhook-signature": "v2," + h["webhook-signature"][3:]}),
        lambda h: h.pop("webhook-id"),
        lambda h: h.update({"X-Content-Integration-Signature": "é" * 64}),
    ],
)
def test_tampered_headers_are_refused(tamper: object) -> None:
    hdrs = headers()
    tamper(hdrs)  # type: ignore[operator]
    with pytest.raises(WebhookVerificationError):
        verify_webhook(BODY, hdrs, SECRET, now=lambda: NOW)


def test_a_tampered_body_is_refused() -> None:
    with pytest.raises(WebhookVerificationError):
        verify_webhook(BODY.replace(b"completed", b"failed"), headers(), SECRET, now=lambda: NOW)


@pytest.mark.parametrize("skew", [301, -301, 3600])
def test_timestamps_outside_five_minutes_are_refused(skew: int) -> None:
    with pytest.raises(WebhookVerificationError, match="tolerance"):
        verify_webhook(BODY, headers(), SECRET, now=lambda: NOW + skew)


@pytest.mark.parametrize("skew", [299, -299, 0])
def test_timestamps_within_five_minutes_pass(skew: int) -> None:
    verify_webhook(BODY, headers(), SECRET, now=lambda: NOW + skew)


def test_no_signature_header_is_refused() -> None:
    with pytest.raises(WebhookVerificationError, match="no webhook-signature header"):
        verify_webhook(BODY, {"Content-Type": "application/json"}, SECRET)


def test_a_wrong_secret_is_refused() -> None:
    other = "whsec_" + base64.b64encode(b"another secret entirely!").decode()
    with pytest.raises(WebhookVerificationError):
        verify_webhook(BODY, headers(), other, now=lambda: NOW)
