"""Configuration from the environment: what a client uses when an argument is left out.

The CLI reads the same variables, so a shell set up for one works for the other.
"""

from __future__ import annotations

import os

ENV_BASE_URL = "LESSONFORGE_BASE_URL"
ENV_API_KEY = "LESSONFORGE_API_KEY"
ENV_CONTENT_TOKEN = "LESSONFORGE_CONTENT_TOKEN"  # noqa: S105 - a variable name, not a token
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def base_url_from_env(base_url: str | None) -> str:
    """`base_url`, else `$LESSONFORGE_BASE_URL`, else `http://127.0.0.1:8000`."""
    return base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL


def api_key_from_env(api_key: str | None) -> str | None:
    """`api_key`, else `$LESSONFORGE_API_KEY` (None: only admin calls will work)."""
    return api_key or os.environ.get(ENV_API_KEY) or None


def content_token_from_env(access_token: str | None) -> str:
    """`access_token`, else `$LESSONFORGE_CONTENT_TOKEN`; a ValueError when neither is set."""
    token = access_token or os.environ.get(ENV_CONTENT_TOKEN)
    if not token:
        raise ValueError(f"no Content API token: pass access_token or set {ENV_CONTENT_TOKEN}")
    return token
