"""The last failed exchange, kept in a small JSON file so `lessonforge handoff --last-error` works.

The file lives in `$LESSONFORGE_STATE_DIR` or `~/.lessonforge/`, is private to the user (0600) and
holds only what `Exchange` holds: a key prefix, never a key.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from ._exchange import Exchange

LAST_ERROR_FILE = "last-error.json"
logger = logging.getLogger("lessonforge_client")


def state_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where state goes: the override, else `$LESSONFORGE_STATE_DIR`, else `~/.lessonforge`."""
    if override is not None:
        return Path(override)
    env = os.environ.get("LESSONFORGE_STATE_DIR")
    return Path(env) if env else Path.home() / ".lessonforge"


def save_last_error(exchange: Exchange, directory: str | os.PathLike[str] | None = None) -> None:
    """Write the exchange atomically; a failure to write is logged, never raised."""
    target_dir = state_dir(directory)
    try:
        target_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=target_dir, prefix=".last-error-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(exchange.to_dict(), handle, indent=2)
        os.replace(tmp, target_dir / LAST_ERROR_FILE)
    except OSError as exc:
        logger.debug("could not save the last error to %s: %s", target_dir, exc)


def load_last_error(directory: str | os.PathLike[str] | None = None) -> Exchange | None:
    """The last saved failed exchange, or None when there is none (or it is unreadable)."""
    path = state_dir(directory) / LAST_ERROR_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    try:
        return Exchange.from_dict(data)
    except TypeError:
        return None
