"""Opaque keyset cursors: (created_at, id) of the last item of a page."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from lessonforge.errors import FieldProblem, ValidationError


def encode_cursor(created_at: datetime, item_id: str) -> str:
    raw = f"{created_at.isoformat()}|{item_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """Parse a cursor made by :func:`encode_cursor`; a damaged one is a validation error."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created, item_id = raw.split("|", 1)
        return datetime.fromisoformat(created), item_id
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ValidationError("cursor: malformed", fields=[FieldProblem("cursor", "Malformed cursor")]) from exc
