"""Content reads: the project, the matching contents (streamed in batches), their number, one content, the export."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from lessonforge.domain.content.model import Schema
from lessonforge.domain.content.query import ContentQuery
from lessonforge.domain.content.render import iso, project_view
from lessonforge.domain.content.resolve import ResolvedQuery, resolve, resolve_params
from lessonforge.errors import NotFoundError
from lessonforge.services.content.access import ContentPrincipal
from lessonforge.services.content.schema import load_schema
from lessonforge.services.content.views import MAX_EXPANDED, ContentLoader
from lessonforge.services.context import ServiceContext
from lessonforge.store.uow import Tx

BATCH = 500  # contents loaded, rendered and sent at a time: memory stays flat whatever the project's size

Batches = Iterator[list[dict[str, Any]]]


def get_project(ctx: ServiceContext, principal: ContentPrincipal) -> dict[str, Any]:
    with ctx.store.read() as tx:
        return project_view(load_schema(tx, principal.project))


def list_contents(ctx: ServiceContext, principal: ContentPrincipal, params: Iterable[tuple[str, str]]) -> Batches:
    """Every content matching the query (one page with ``take``), in batches of rendered contents.

    The query is checked and the first batch read before this returns, so a bad query raises here, not in
    the middle of a streamed answer. The read transaction stays open until the batches are consumed.
    """
    return _primed(_matching(ctx, principal, list(params)))


def _matching(ctx: ServiceContext, principal: ContentPrincipal, params: list[tuple[str, str]]) -> Batches:
    with ctx.store.read() as tx:
        schema = load_schema(tx, principal.project)
        query, resolved = resolve_params(schema, params, principal.statuses)
        yield from _render_batches(tx, schema, principal, resolved, query.depth)


def _render_batches(
    tx: Tx, schema: Schema, principal: ContentPrincipal, resolved: ResolvedQuery, depth: int
) -> Batches:
    budget = MAX_EXPANDED
    for ids in tx.content.query.id_batches(resolved, BATCH):
        loader = ContentLoader(tx, schema, principal.statuses, resolved.languages, budget)
        yield loader.render(ids, depth)
        budget = loader.budget


def _primed(batches: Batches) -> Batches:
    first = next(batches, None)
    return batches if first is None else itertools.chain([first], batches)


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


def export_project(ctx: ServiceContext, principal: ContentPrincipal) -> tuple[dict[str, Any], Batches]:
    """``{meta, project}`` and every visible content (all languages, no expansion) in batches, from one snapshot.

    The contents are what ``GET /contents`` answers with no query for the same token.
    """
    stream = _exported(ctx, principal)
    return next(stream)[0], stream


def _exported(ctx: ServiceContext, principal: ContentPrincipal) -> Batches:
    """First a batch holding only ``{meta, project}``, then the contents."""
    with ctx.store.read() as tx:
        schema = load_schema(tx, principal.project)
        meta = {
            "schemaVersion": 1,
            "exportedAt": iso(ctx.clock.now()),
            "projectId": schema.project.id,
            "view": "preview" if principal.preview else "published",
        }
        yield [{"meta": meta, "project": project_view(schema)}]
        yield from _render_batches(tx, schema, principal, resolve(schema, ContentQuery(), principal.statuses), 0)
