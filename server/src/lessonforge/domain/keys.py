"""API key format: ``tf_content_`` + 32 base62 characters, a visible prefix, and a peppered digest."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import string

KEY_PREFIX = "tf_content_"
KEY_RANDOM_LENGTH = 32
VISIBLE_PREFIX_LENGTH = 23
NAME_MAX_LENGTH = 200
RATE_LIMIT_RANGE = (1, 10000)  # requests per minute, inclusive
_BASE62 = string.digits + string.ascii_letters
_KEY_PATTERN = re.compile(rf"^{KEY_PREFIX}[0-9A-Za-z]{{{KEY_RANDOM_LENGTH}}}$")


def generate_api_key() -> str:
    """A new secret key; shown to the admin once, never stored."""
    return KEY_PREFIX + "".join(secrets.choice(_BASE62) for _ in range(KEY_RANDOM_LENGTH))


def visible_prefix(api_key: str) -> str:
    """The part of a key that is safe to show, log and send to support."""
    return api_key[:VISIBLE_PREFIX_LENGTH]


def is_well_formed(token: str) -> bool:
    """True when ``token`` has the exact shape of an API key."""
    return bool(_KEY_PATTERN.match(token))


def key_digest(api_key: str, pepper: str) -> str:
    """HMAC-SHA256 of the key under the server's secret: keys are high-entropy, so no slow hash is needed."""
    return hmac.new(pepper.encode(), api_key.encode(), hashlib.sha256).hexdigest()
