"""Sealing small secrets at rest (webhook signing secrets) with Fernet, keyed from the server secret.

Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) with a key derived by HKDF-SHA256 from
``LESSONFORGE_SECRET_KEY`` and the purpose. The secrets must be recoverable for signing, so a one-way hash
would not do. Changing the server secret makes sealed values unreadable (they must be re-issued).
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class SealError(ValueError):
    """The sealed value was tampered with, truncated, or sealed under another server secret."""


def _fernet(server_secret: str, purpose: str) -> Fernet:
    kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"lessonforge seal {purpose}".encode())
    return Fernet(base64.urlsafe_b64encode(kdf.derive(server_secret.encode("utf-8"))))


def seal(plaintext: str, server_secret: str, purpose: str) -> str:
    """An authenticated, encrypted token for ``plaintext`` (a fresh IV each time)."""
    return _fernet(server_secret, purpose).encrypt(plaintext.encode("utf-8")).decode("ascii")


def unseal(sealed: str, server_secret: str, purpose: str) -> str:
    """The plaintext of :func:`seal`; raises :class:`SealError` when the value does not authenticate."""
    try:
        return _fernet(server_secret, purpose).decrypt(sealed.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError, ValueError) as exc:
        raise SealError("sealed value does not authenticate") from exc
