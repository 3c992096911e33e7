"""The query grammar of ``/contents``, ``/contents/size`` and ``/content``, exactly as the published client sends it.

``key=value``, ``key[in]=a,b``, ``key[ne]=v``, ``key[nin]=a,b`` on ``id``, ``name``, ``contentType``, ``lastUpdate``
and ``fields.<name>``; ``language``; ``sort=key:asc,key2:desc``; ``take``/``skip``; ``includeRelatedContent``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lessonforge.errors import FieldProblem, ValidationError

MAX_TAKE, MAX_SKIP, MAX_DEPTH = 1000, 2**31 - 1, 15
UNSERIALISED = "undefined"  # what client 0.16.0 sends, without a value, for a number or an object it cannot write
OPERATORS = ("eq", "in", "ne", "nin")
BUILTIN_KEYS = ("id", "name", "contentType", "lastUpdate")
_FILTER = re.compile(r"^(?P<key>id|name|contentType|lastUpdate|fields\.(?P<field>[^\[\]]+))(?:\[(?P<op>[a-z]+)\])?$")
_CONTROLS = frozenset({"language", "language[in]", "sort", "take", "skip", "includeRelatedContent"})
_SORT_KEY = re.compile(r"^(?:id|name|contentType|lastUpdate|fields\.[^\[\],:]+)$")


@dataclass(frozen=True)
class Filter:
    """One condition: ``key`` is a built-in key or ``fields.<name>``; ``values`` are raw strings."""

    param: str
    key: str
    op: str
    values: tuple[str, ...]

    @property
    def field_name(self) -> str | None:
        return self.key[len("fields.") :] if self.key.startswith("fields.") else None


@dataclass(frozen=True)
class SortKey:
    key: str
    descending: bool

    @property
    def field_name(self) -> str | None:
        return self.key[len("fields.") :] if self.key.startswith("fields.") else None


@dataclass(frozen=True)
class ContentQuery:
    """A parsed query; ``languages`` empty means every language of the project."""

    filters: tuple[Filter, ...] = ()
    languages: tuple[str, ...] = ()
    sort: tuple[SortKey, ...] = ()
    take: int | None = None  # no take: every matching content (Content Island's documented default)
    skip: int = 0
    depth: int = 0


def parse_query(items: Iterable[tuple[str, str]]) -> ContentQuery:
    """Parse query-string pairs; every problem is reported at once as a ValidationError naming the parameter."""
    query, problems = read_query(items)
    if problems:
        names = ", ".join(dict.fromkeys(p.field for p in problems))
        raise ValidationError(f"Invalid query parameters: {names}", fields=problems)
    return query


def read_query(items: Iterable[tuple[str, str]]) -> tuple[ContentQuery, list[FieldProblem]]:
    """The query made of the well-formed parameters, and the problems with the others."""
    parser = _Parser()
    seen: set[str] = set()
    for key, value in items:
        if key in seen:
            parser.problems.append(FieldProblem(key, "Repeated parameter"))
            continue
        seen.add(key)
        parser.add(key, value)
    return parser.result(), parser.problems


class _Parser:
    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []
        self.filters: list[Filter] = []
        self.languages: tuple[str, ...] = ()
        self.sort: tuple[SortKey, ...] = ()
        self.take: int | None = None
        self.skip, self.depth = 0, 0

    def result(self) -> ContentQuery:
        return ContentQuery(tuple(self.filters), self.languages, self.sort, self.take, self.skip, self.depth)

    def add(self, key: str, value: str) -> None:
        if value == "" and (key == UNSERIALISED or key in _CONTROLS):
            return  # an empty control parameter is an absent one (see docs/content-api.md, "Empty parameters")
        simple = {
            "language": self._language,
            "language[in]": self._language,
            "sort": self._sort,
            "take": self._take,
            "skip": self._skip,
            "includeRelatedContent": self._depth,
        }.get(key)
        if simple is not None:
            simple(key, value)
            return
        match = _FILTER.match(key)
        if match is None:
            self.problems.append(FieldProblem(key, "Unknown parameter"))
            return
        self._filter(key, match.group("key"), match.group("op") or "eq", value)

    def _filter(self, param: str, key: str, op: str, value: str) -> None:
        if op not in OPERATORS or (op == "eq" and param.endswith("]")):
            self.problems.append(FieldProblem(param, f"Unknown operator '{op}' (use in, ne or nin)"))
            return
        values = tuple(value.split(",")) if op in {"in", "nin"} else (value,)
        if op in {"in", "nin"} and value == "":
            self.problems.append(FieldProblem(param, "Expected a comma-separated list of values"))
            return
        self.filters.append(Filter(param, key, op, values))

    def _language(self, param: str, value: str) -> None:
        codes = tuple(part for part in value.split(",") if part)
        if not codes:
            self.problems.append(FieldProblem(param, "Expected a language code"))
        self.languages = codes

    def _sort(self, param: str, value: str) -> None:
        keys: list[SortKey] = []
        for part in value.split(","):
            name, _, direction = part.strip().partition(":")
            direction = direction.strip().lower() or "asc"
            if not _SORT_KEY.match(name) or direction not in {"asc", "desc"}:
                self.problems.append(FieldProblem(param, f"Invalid sort '{part}' (use key:asc or key:desc)"))
                return
            keys.append(SortKey(name, direction == "desc"))
        self.sort = tuple(keys)

    def _take(self, param: str, value: str) -> None:
        self.take = self._integer(param, value, MAX_TAKE)

    def _skip(self, param: str, value: str) -> None:
        self.skip = self._integer(param, value, MAX_SKIP) or 0

    def _integer(self, param: str, value: str, high: int) -> int | None:
        # digits only, and no longer than the bound: int() never sees a huge or signed or spaced number
        if not (value.isascii() and value.isdigit()) or len(value) > len(str(high)) or int(value) > high:
            self.problems.append(FieldProblem(param, f"Expected an integer 0..{high}"))
            return None
        return int(value)

    def _depth(self, param: str, value: str) -> None:
        lowered = value.lower()
        if lowered in {"true", "false", "all"}:
            self.depth = {"true": 1, "false": 0, "all": MAX_DEPTH}[lowered]
        elif lowered.isdigit() and int(lowered) <= MAX_DEPTH:
            self.depth = int(lowered)
        else:
            self.problems.append(FieldProblem(param, f"Expected true, false, 0..{MAX_DEPTH} or all"))
