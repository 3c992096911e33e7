"""Content reads: the project, a page of contents, their number, one content, and the gzip export."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from lessonforge.domain.content.query import ContentQuery
from lessonforge.domain.content.render import iso, project_view
from lessonforge.domain.content.resolve import ResolvedQuery, resolve, resolve_params
from lessonforge.errors import NotFoundError
from lessonforge.services.content.access import ContentPrincipal
from lessonforge.services.content.schema import load_schema
from lessonforge.services.content.views import ContentLoader
from lessonforge.services.context import ServiceContext

EXPORT_PAGE = 1000


def get_project(ctx: ServiceContext, principal: ContentPrincipal) -> dict[str, Any]:
    with ctx.store.read() as tx:
        return project_view(load_schema(tx, principal.project))


def list_contents(
    ctx: ServiceContext, principal: ContentPrincipal, params: Iterable[tuple[str, str]]
) -> list[dict[str, Any]]:
    """One page of contents matching the query (filtered and sorted in SQL)."""
    with ctx.store.read() as tx:
        schema = load_schema(tx, principal.project)
        query, resolved = resolve_params(schema, params, principal.statuses)
        ids = tx.content.query.ids(resolved)
        return ContentLoader(tx, schema, principal.statuses, resolved.languages).render(ids, query.depth)


def count_contents(ctx: ServiceContext, principal: ContentPrincipal, params: Iterable[tuple[str, str]]) -> int:
    with ctx.store.read() as tx:
        _query, resolved = resolve_params(load_schema(tx, principal.project), params, principal.statuses)
        return tx.content.query.count(resolved)


def get_content(ctx: ServiceContext, principal: ContentPrincipal, params: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The first content matching the query; 404 when none does."""
    with ctx.store.read() as tx:
        schema = load_schema(tx, principal.project)
        query, resolved = resolve_params(schema, params, principal.statuses)
        resolved = replace(resolved, take=1, skip=0)
        views = ContentLoader(tx, schema, principal.statuses, resolved.languages).render(
            tx.content.query.ids(resolved), query.depth
        )
    if not views:
        raise NotFoundError("No content matches the query")
    return views[0]


def export_project(ctx: ServiceContext, principal: ContentPrincipal) -> bytes:
    """Every visible content with the project, as gzip-compressed JSON."""
    with ctx.store.read() as tx:
        schema = load_schema(tx, principal.project)
        base = resolve(schema, ContentQuery(take=EXPORT_PAGE), principal.statuses)
        loader = ContentLoader(tx, schema, principal.statuses, ())
        contents: list[dict[str, Any]] = []
        for page in _pages(tx.content.query.ids, base):
            contents += loader.render(page, 0)
    document = {
        "meta": {
            "schemaVersion": 1,
            "exportedAt": iso(ctx.clock.now()),
            "projectId": schema.project.id,
            "view": "preview" if principal.preview else "published",
        },
        "project": project_view(schema),
        "contents": contents,
    }
    return gzip.compress(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode(), mtime=0)


def _pages(fetch: Any, base: ResolvedQuery) -> Iterable[list[str]]:
    skip = 0
    while True:
        page: list[str] = fetch(replace(base, skip=skip))
        if page:
            yield page
        if len(page) < base.take:
            return
        skip += base.take
