"""Verifying (and, for `lessonforge listen`, signing) webhook deliveries.

- Standard Webhooks (required by default): `webhook-signature` holds space-separated `v1,<base64>`
  entries, each an HMAC-SHA256 of `"{webhook-id}.{webhook-timestamp}.{body}"` keyed with the
  decoded `whsec_` secret (computed by the `standardwebhooks` package); `webhook-timestamp` must be
  within the tolerance (5 minutes) of now, so a captured delivery cannot be replayed later.
- `X-Content-Integration-Signature`: hex HMAC-SHA256 of the raw body keyed with the secret string
  as shown. It carries no timestamp: accepted alone only with `accept_hex_only=True`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from pydantic import ValidationError
from standardwebhooks import Webhook as StandardWebhook

from ._errors import WebhookVerificationError
from ._models import WebhookEvent

HEX_SIGNATURE_HEADER = "x-content-integration-signature"
STANDARD_SIGNATURE_HEADER = "webhook-signature"
DEFAULT_TOLERANCE = 300.0
_WHSEC = "whsec_"


def verify_webhook(
    body: bytes | str,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: Callable[[], float] = time.time,
    accept_hex_only: bool = False,
) -> WebhookEvent:
    """Check a delivery and return its parsed event, or raise `WebhookVerificationError`.

    Pass the raw body exactly as received (before any JSON parsing). The timestamped
    `webhook-signature` is required and must be fresh (within `tolerance` seconds of `now`); every
    other signature header present must verify too.

    `accept_hex_only=True` also accepts a delivery signed only with the hex
    `X-Content-Integration-Signature` (for a proxy that strips the `webhook-*` headers). That
    signature has no timestamp: anyone who captured one delivery can replay it at any time, so a
    receiver that opts in must itself refuse repeats (e.g. remember `jobId` + `event`).
    """
    raw = body.encode("utf-8") if isinstance(body, str) else body
    lowered = {key.lower(): value for key, value in headers.items()}
    if STANDARD_SIGNATURE_HEADER in lowered:
        _verify_standard(raw, lowered, secret, tolerance, now())
    elif not (accept_hex_only and HEX_SIGNATURE_HEADER in lowered):
        raise WebhookVerificationError(
            "no webhook-signature header: deliveries are verified by their timestamped Standard "
            "Webhooks signature (accept_hex_only=True accepts the untimed hex signature, which a "
            "replayed delivery also passes)"
        )
    if HEX_SIGNATURE_HEADER in lowered:
        _verify_hex(raw, lowered[HEX_SIGNATURE_HEADER], secret)
    return _parse_event(raw)


def sign_webhook(body: bytes, secret: str, msg_id: str, timestamp: int) -> dict[str, str]:
    """The signature headers of a delivery of `body`, as the server sends them (`listen` too)."""
    return {
        "X-Content-Integration-Signature": hex_signature(body, secret),
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": standard_signature(body, secret, msg_id, timestamp),
    }


def hex_signature(body: bytes, secret: str) -> str:
    """The `X-Content-Integration-Signature` value for `body`."""
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def standard_signature(body: bytes, secret: str, msg_id: str, timestamp: int | str) -> str:
    """The `webhook-signature` value (`v1,<base64>`) for `body`."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WebhookVerificationError("the body is not UTF-8") from exc
    when = datetime.fromtimestamp(int(timestamp), tz=UTC)
    return _signer(secret).sign(msg_id, when, text)


def _signer(secret: str) -> StandardWebhook:
    encoded = secret.removeprefix(_WHSEC)
    try:
        return StandardWebhook(base64.b64decode(encoded, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise WebhookVerificationError("the secret is not a whsec_<base64> secret") from exc


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
        raise WebhookVerificationError(
            "webhook-timestamp outside the tolerance (a stale or replayed delivery)"
        )
    expected = standard_signature(body, secret, msg_id, sent_at).split(",", 1)[1]
    for entry in headers[STANDARD_SIGNATURE_HEADER].split():
        version, _, signature = entry.partition(",")
        if version == "v1" and _same(expected, signature):
            return
    raise WebhookVerificationError("webhook-signature does not match")


def _same(expected: str, received: str) -> bool:
    """Constant-time comparison that tolerates non-ASCII input."""
    return hmac.compare_digest(expected.encode("utf-8"), received.encode("utf-8"))


def _parse_event(body: bytes) -> WebhookEvent:
    try:
        return WebhookEvent.model_validate(json.loads(body))
    except (ValueError, ValidationError) as exc:
        raise WebhookVerificationError(f"signed body is not a webhook event: {exc}") from exc
