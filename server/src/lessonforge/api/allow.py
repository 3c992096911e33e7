"""The ``Allow`` header of a method-not-allowed answer: every method any route serves on the path.

Starlette names only the methods of the first route whose path matched, but one path is often several routes
(``GET``, ``PATCH`` and ``DELETE`` of ``/v1/content/modules/{id}`` are three). The index is built once from the
routers the app includes. ``HEAD`` is listed where it is served: the Content API answers it on every ``GET``
route, job polling on its path, and routes that declare it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from starlette.routing import BaseRoute, Route

from lessonforge.api.content.http import PREFIX as CONTENT_API_PREFIX
from lessonforge.api.routes.hot import is_polling_path

_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


class MethodIndex:
    """The methods each route path serves."""

    def __init__(self, routes: Iterable[BaseRoute]) -> None:
        self._routes: list[tuple[re.Pattern[str], frozenset[str]]] = [
            (route.path_regex, frozenset(route.methods))
            for route in routes
            if isinstance(route, Route) and route.methods
        ]

    def allow(self, path: str) -> str | None:
        """The ``Allow`` value for ``path`` (methods in the usual order), or None when no route knows it."""
        methods = {m for regex, served in self._routes if regex.match(path) for m in served}
        if not methods:
            return None
        if "GET" in methods and (path.startswith(CONTENT_API_PREFIX + "/") or is_polling_path(path)):
            methods.add("HEAD")
        return ", ".join(sorted(methods, key=lambda m: (_ORDER.index(m) if m in _ORDER else len(_ORDER), m)))
