"""Web origins (scheme, host, port) as browsers send them in ``Origin`` and ``Referer``; no I/O."""

from __future__ import annotations

from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str | None) -> str | None:
    """``scheme://host[:port]`` of an absolute http(s) URL, lower-cased, default port dropped; else None.

    The opaque origin ``null`` (sandboxed frames, some redirects) and anything unparsable give None.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
    except ValueError:
        return None
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    literal = f"[{host}]" if ":" in host else host
    suffix = "" if port is None or port == _DEFAULT_PORTS[scheme] else f":{port}"
    return f"{scheme}://{literal}{suffix}"


def is_allowed_origin(claimed: str, allowed: tuple[str | None, ...]) -> bool:
    """True when the origin a browser claims (``Origin``, else ``Referer``) is one of ``allowed``."""
    source = origin_of(claimed)
    return source is not None and source in allowed
