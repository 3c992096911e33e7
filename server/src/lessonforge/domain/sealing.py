"""Sealing small secrets at rest with a key derived from the server secret (stdlib only).

Encrypt-then-MAC: an HMAC-SHA256 keystream in counter mode (HMAC as a PRF) with a random 16-byte nonce,
authenticated by an HMAC-SHA256 tag over nonce and ciphertext. Used for webhook signing secrets, which must
be recoverable for signing (a one-way hash would not do).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

VERSION = "v1"
_NONCE_BYTES = 16
_TAG_BYTES = 32


class SealError(ValueError):
    """The sealed value was tampered with, truncated, or sealed under another server secret."""


def derive_keys(server_secret: str, purpose: str) -> tuple[bytes, bytes]:
    """Independent encryption and authentication keys for ``purpose``."""
    root = hmac.new(server_secret.encode("utf-8"), f"lessonforge seal {purpose}".encode(), hashlib.sha256).digest()
    return _prf(root, b"encrypt"), _prf(root, b"authenticate")


def seal(plaintext: str, server_secret: str, purpose: str) -> str:
    """``v1.<base64(nonce | ciphertext | tag)>``; a fresh nonce each time."""
    enc_key, mac_key = derive_keys(server_secret, purpose)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    data = plaintext.encode("utf-8")
    ciphertext = bytes(a ^ b for a, b in zip(data, _keystream(enc_key, nonce, len(data)), strict=True))
    tag = _prf(mac_key, nonce + ciphertext)
    return f"{VERSION}.{base64.urlsafe_b64encode(nonce + ciphertext + tag).decode('ascii')}"


def unseal(sealed: str, server_secret: str, purpose: str) -> str:
    """The plaintext of :func:`seal`; raises :class:`SealError` when the value does not authenticate."""
    version, _, encoded = sealed.partition(".")
    try:
        raw = base64.urlsafe_b64decode(encoded.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise SealError("sealed value is not base64") from exc
    if version != VERSION or len(raw) < _NONCE_BYTES + _TAG_BYTES:
        raise SealError("unknown or truncated sealed value")
    nonce, ciphertext, tag = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:-_TAG_BYTES], raw[-_TAG_BYTES:]
    enc_key, mac_key = derive_keys(server_secret, purpose)
    if not hmac.compare_digest(tag, _prf(mac_key, nonce + ciphertext)):
        raise SealError("sealed value does not authenticate")
    data = bytes(a ^ b for a, b in zip(ciphertext, _keystream(enc_key, nonce, len(ciphertext)), strict=True))
    return data.decode("utf-8")


def _prf(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (length + 31) // 32
    return b"".join(_prf(key, nonce + counter.to_bytes(8, "big")) for counter in range(blocks))[:length]
