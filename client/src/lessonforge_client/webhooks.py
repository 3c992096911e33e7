"""Verifying webhook deliveries for receivers: both signature schemes of SPEC §6, stdlib only.

- `X-Content-Integration-Signature`: hex HMAC-SHA256 of the raw body, keyed with the secret string
  exactly as shown (UTF-8).
- Standard Webhooks: `webhook-signature` holds space-separated `v1,<base64>` entries, each an
  HMAC-SHA256 of `"{webhook-id}.{webhook-timestamp}.{body}"` keyed with the base64-decoded part of
  the `whsec_` secret; `webhook-timestamp` must be within the tolerance (5 minutes) of now.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping

from pydantic import ValidationError

from ._errors import WebhookVerificationError
from ._models import WebhookEvent

HEX_SIGNATURE_HEADER = "x-content-integration-signature"
DEFAULT_TOLERANCE = 300.0
_WHSEC = "whsec_"


def verify_webhook(
    body: bytes | str,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: Callable[[], float] = time.time,
) -> WebhookEvent:
    """Check a delivery and return its parsed event, or raise `WebhookVerificationError`.

    Every signature header present must verify and at least one must be present. Pass the raw body
    exactly as received (before any JSON parsing).
    """
    raw = body.encode("utf-8") if isinstance(body, str) else body
    lowered = {key.lower(): value for key, value in headers.items()}
    checked = False
    if HEX_SIGNATURE_HEADER in lowered:
        _verify_hex(raw, lowered[HEX_SIGNATURE_HEADER], secret)
        checked = True
    if "webhook-signature" in lowered:
        _verify_standard(raw, lowered, secret, tolerance, now())
        checked = True
    if not checked:
        raise WebhookVerificationError("no webhook signature header")
    return _parse_event(raw)


def hex_signature(body: bytes, secret: str) -> str:
    """The `X-Content-Integration-Signature` value for `body`."""
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def standard_signature(body: bytes, secret: str, msg_id: str, timestamp: int | str) -> str:
    """The `webhook-signature` value (`v1,<base64>`) for `body`."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_standard_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def _verify_hex(body: bytes, received: str, secret: str) -> None:
    if not _same(hex_signature(body, secret), received.strip().lower()):
        raise WebhookVerificationError("X-Content-Integration-Signature does not match")


def _verify_standard(
    body: bytes, headers: Mapping[str, str], secret: str, tolerance: float, now: float
) -> None:
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    if not msg_id or not timestamp:
        raise WebhookVerificationError("webhook-id or webhook-timestamp header missing")
    try:
        sent_at = int(timestamp)
    except ValueError as exc:
        raise WebhookVerificationError("webhook-timestamp is not a number") from exc
    if abs(now - sent_at) > tolerance:
        raise WebhookVerificationError("webhook-timestamp outside the tolerance")
    expected = standard_signature(body, secret, msg_id, timestamp).split(",", 1)[1]
    for entry in headers["webhook-signature"].split():
        version, _, signature = entry.partition(",")
        if version == "v1" and _same(expected, signature):
            return
    raise WebhookVerificationError("webhook-signature does not match")


def _same(expected: str, received: str) -> bool:
    """Constant-time comparison that tolerates non-ASCII input."""
    return hmac.compare_digest(expected.encode("utf-8"), received.encode("utf-8"))


def _standard_key(secret: str) -> bytes:
    encoded = secret[len(_WHSEC) :] if secret.startswith(_WHSEC) else secret
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise WebhookVerificationError("the secret is not a whsec_<base64> secret") from exc


def _parse_event(body: bytes) -> WebhookEvent:
    try:
        return WebhookEvent.model_validate(json.loads(body))
    except (ValueError, ValidationError) as exc:
        raise WebhookVerificationError(f"signed body is not a webhook event: {exc}") from exc
