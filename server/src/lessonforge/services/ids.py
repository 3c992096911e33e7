"""Identifier and token generation."""

from __future__ import annotations

import secrets
import uuid


def new_id() -> str:
    """A random UUID string."""
    return str(uuid.uuid4())


def share_token() -> str:
    """An unguessable public token (256 bits)."""
    return secrets.token_urlsafe(32)
