"""Hypothesis: the SQL query (SQLite and PostgreSQL) agrees with a plain in-Python reference filter on the same data."""

from __future__ import annotations

import random
from typing import Any

from content.conftest import API, Backend, post_content, post_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LETTERS = ["a", "b", "c", "d"]
FIELDS = {"word": "text", "num": "number", "flag": "boolean", "tags": "list"}
MODEL = {
    "name": "item",
    "fieldList": [
        {"name": "word", "type": "short-text"},
        {"name": "num", "type": "number"},
        {"name": "flag", "type": "boolean"},
        {"name": "tags", "type": "short-text", "isArray": True},
    ],
}


def seed(backend: Backend) -> dict[str, dict[str, Any]]:
    """30 contents with random values (some missing), in English and sometimes Spanish; a few drafts."""
    rng = random.Random(7)
    post_model(backend.client, backend.project, MODEL)
    data: dict[str, dict[str, Any]] = {}
    for n in range(30):
        en = _values(rng)
        es = _values(rng) if rng.random() < 0.4 else {}
        published = rng.random() < 0.85
        content_id = post_content(
            backend.client, backend.project, "item", en, es=es or None, publish=published, name=f"i{n}"
        )
        data[content_id] = {"en": en, "es": es, "published": published}
    listed = backend.client.get(f"{API}/contents?take=1000", headers=backend.project.headers(preview=True)).json()
    for content in listed:
        data[content["id"]]["lastUpdate"] = content["lastUpdate"]
    return data


def _values(rng: random.Random) -> dict[str, Any]:
    candidates = {
        "word": rng.choice(LETTERS),
        "num": rng.randrange(5),
        "flag": rng.random() < 0.5,
        "tags": rng.sample(LETTERS, rng.randrange(3)),
    }
    return {name: value for name, value in candidates.items() if rng.random() < 0.8}


def _raw(field: str, value: str) -> Any:
    if FIELDS[field] == "number":
        return float(value)
    if FIELDS[field] == "boolean":
        return value == "true"
    return value


def _elements(item: dict[str, Any], field: str, languages: list[str]) -> list[Any]:
    found: list[Any] = []
    for language in languages:
        value = item[language].get(field)
        if value is None:
            continue
        found += value if isinstance(value, list) else [value]
    return found


def reference(data: dict[str, dict[str, Any]], query: dict[str, Any]) -> list[str]:
    """What the query must return, computed the simple way."""
    languages = [query["language"]] if query["language"] else ["en", "es"]
    kept = []
    for content_id, item in data.items():
        if not item["published"]:
            continue
        ok = True
        for (field, op), values in query["filters"].items():
            wanted = {_raw(field, v) for v in values}
            hit = any(element in wanted for element in _elements(item, field, languages))
            ok = ok and (hit if op in {"eq", "in"} else not hit)
        if ok:
            kept.append(content_id)
    ordered = _sorted(data, kept, query)
    return ordered[query["skip"] : query["skip"] + query["take"]]


def _sorted(data: dict[str, dict[str, Any]], ids: list[str], query: dict[str, Any]) -> list[str]:
    sort = query["sort"] or [("lastUpdate", True)]
    language = query["language"] or "en"
    result = sorted(ids, reverse=sort[0][1])  # the tie-breaker: id, in the first key's direction
    for key, descending in reversed(sort):
        present = [i for i in result if _sort_value(data[i], key, language) is not None]
        missing = [i for i in result if _sort_value(data[i], key, language) is None]
        present.sort(key=lambda i: _sort_value(data[i], key, language), reverse=descending)
        result = present + missing  # nulls last, both directions
    return result


def _sort_value(item: dict[str, Any], key: str, language: str) -> Any:
    if key == "lastUpdate":
        return item["lastUpdate"]
    value = item[language].get(key.removeprefix("fields."))
    if isinstance(value, list):
        return value[0] if value else None
    return float(value) if isinstance(value, bool | int | float) else value


def _field_values(field: str) -> st.SearchStrategy[str]:
    if FIELDS[field] == "number":
        return st.sampled_from(["0", "1", "2", "3", "4", "9"])
    if FIELDS[field] == "boolean":
        return st.sampled_from(["true", "false"])
    return st.sampled_from([*LETTERS, "z"])


@st.composite
def queries(draw: st.DrawFn) -> dict[str, Any]:
    filters: dict[tuple[str, str], list[str]] = {}
    for field in draw(st.lists(st.sampled_from(list(FIELDS)), max_size=3, unique=True)):
        op = draw(st.sampled_from(["eq", "in", "ne", "nin"]))
        size = 1 if op in {"eq", "ne"} else draw(st.integers(1, 3))
        filters[(field, op)] = draw(st.lists(_field_values(field), min_size=size, max_size=size))
    sort_keys = ["lastUpdate", "fields.word", "fields.num", "fields.flag", "fields.tags"]
    sort = draw(st.lists(st.tuples(st.sampled_from(sort_keys), st.booleans()), max_size=2, unique_by=lambda t: t[0]))
    return {
        "filters": filters,
        "sort": sort,
        "language": draw(st.sampled_from([None, "en", "es"])),
        "take": draw(st.integers(0, 35)),
        "skip": draw(st.integers(0, 35)),
    }


def query_string(query: dict[str, Any]) -> str:
    parts = []
    for (field, op), values in query["filters"].items():
        suffix = "" if op == "eq" else f"[{op}]"
        parts.append(f"fields.{field}{suffix}={','.join(values)}")
    if query["sort"]:
        parts.append("sort=" + ",".join(f"{key}:{'desc' if desc else 'asc'}" for key, desc in query["sort"]))
    if query["language"]:
        parts.append(f"language={query['language']}")
    parts += [f"take={query['take']}", f"skip={query['skip']}"]
    return "&".join(parts)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_sql_filtering_and_sorting_match_the_reference(backend: Backend, data: st.DataObject) -> None:
    stored = _seeded(backend)
    query = data.draw(queries())
    qs = query_string(query)
    response = backend.client.get(f"{API}/contents?{qs}", headers=backend.project.headers())
    assert response.status_code == 200, response.text
    assert [c["id"] for c in response.json()] == reference(stored, query), qs
    size = backend.client.get(f"{API}/contents/size?{qs}", headers=backend.project.headers()).json()
    assert size == len(reference(stored, {**query, "take": 1000, "skip": 0})), qs


_SEEDED: dict[int, dict[str, dict[str, Any]]] = {}


def _seeded(backend: Backend) -> dict[str, dict[str, Any]]:
    """Seed once per backend instance (Hypothesis runs every example on the same fixture)."""
    key = id(backend)
    if key not in _SEEDED:
        _SEEDED.clear()
        _SEEDED[key] = seed(backend)
    return _SEEDED[key]
