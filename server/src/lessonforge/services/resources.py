"""Generated resources: read, list, edit with optimistic concurrency, delete — scoped by organization.

Edits and deletes are carried into the resource's published Content API copy in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lessonforge.domain.renders import RenderStatus
from lessonforge.domain.resources import TITLE_MAX_LENGTH, Resource, ResourceVersion
from lessonforge.errors import ConflictError, FieldProblem, NotFoundError, ValidationError
from lessonforge.services.content.generated import follow_resource
from lessonforge.services.context import ServiceContext
from lessonforge.services.manifests import refresh_output_manifests
from lessonforge.services.pagination import decode_cursor, encode_cursor
from lessonforge.services.renders import discard_renders
from lessonforge.store.uow import Tx

HISTORY_LIMIT = 100  # the newest versions listed; older ones stay readable one by one


@dataclass(frozen=True)
class ResourcePage:
    items: list[Resource]
    next_cursor: str | None


def get_resource(ctx: ServiceContext, organization_id: str, resource_type: str, resource_id: str) -> Resource:
    with ctx.store.read() as tx:
        found = tx.resources.get(organization_id, resource_type, resource_id)
    if found is None:
        raise NotFoundError(f"{resource_type.capitalize()} not found")
    return found


def list_resources(
    ctx: ServiceContext, organization_id: str, resource_type: str, *, limit: int, cursor: str | None
) -> ResourcePage:
    after = decode_cursor(cursor) if cursor else None
    with ctx.store.read() as tx:
        items = tx.resources.page(organization_id, resource_type, limit=limit + 1, after=after)
    more = len(items) > limit
    items = items[:limit]
    return ResourcePage(items, encode_cursor(items[-1].created_at, items[-1].id) if more and items else None)


def edit_resource(
    ctx: ServiceContext,
    organization_id: str,
    resource_type: str,
    resource_id: str,
    changes: Mapping[str, Any],
    if_match: int | None,
) -> Resource:
    """Apply ``title``/``body`` changes; a stale ``If-Match`` version is a conflict. Bumps the version."""
    allowed = {k: v for k, v in changes.items() if k in {"title", "body"} and v is not None}
    check_edit(allowed)
    if not allowed:
        raise ValidationError("Nothing to change: send title and/or body", fields=[FieldProblem("body", "Empty")])
    if resource_type == "video":  # a rendered MP4 shows one version: any edit makes it stale (video-render.md)
        allowed |= {"render_status": RenderStatus.NOT_RENDERED.value, "render_error": None}
    with ctx.store.write() as tx:
        current = tx.resources.get(organization_id, resource_type, resource_id)
        if current is None:
            raise NotFoundError(f"{resource_type.capitalize()} not found")
        if if_match is not None and if_match != current.version:
            raise ConflictError(f"Version {if_match} is stale; the current version is {current.version}")
        if not tx.resources.update(resource_id, current.version, allowed, ctx.clock.now()):
            raise ConflictError("The resource changed concurrently; fetch it and retry")
        updated = tx.resources.get(organization_id, resource_type, resource_id)
        assert updated is not None
        tx.resources.add_version(updated)  # same transaction: history and resource never disagree
        follow_resource(ctx, tx, current, updated)  # same transaction: the copy never shows another version
        refresh_output_manifests(ctx.settings.public_base_url, tx, updated)
    return updated


def list_versions(
    ctx: ServiceContext, organization_id: str, resource_type: str, resource_id: str, *, limit: int = HISTORY_LIMIT
) -> list[ResourceVersion]:
    """The resource's versions, newest first (at most ``limit``); another organization's resource is not found."""
    with ctx.store.read() as tx:
        _found(tx, organization_id, resource_type, resource_id)
        return tx.resources.versions(resource_id, limit=limit)


def get_version(
    ctx: ServiceContext, organization_id: str, resource_type: str, resource_id: str, version: int
) -> ResourceVersion:
    """One kept version of the resource, read-only; not found when either is missing or in another organization."""
    with ctx.store.read() as tx:
        _found(tx, organization_id, resource_type, resource_id)
        kept = tx.resources.version(resource_id, version)
    if kept is None:
        raise NotFoundError(f"Version {version} not found")
    return kept


def _found(tx: Tx, organization_id: str, resource_type: str, resource_id: str) -> Resource:
    found = tx.resources.get(organization_id, resource_type, resource_id)
    if found is None:
        raise NotFoundError(f"{resource_type.capitalize()} not found")
    return found


def check_edit(changes: Mapping[str, Any]) -> None:
    """A title of 1 to TITLE_MAX_LENGTH characters, a body that is an object (the API's wire schema agrees)."""
    problems = []
    title = changes.get("title")
    if title is not None and not (isinstance(title, str) and 1 <= len(title) <= TITLE_MAX_LENGTH):
        problems.append(FieldProblem("title", f"Give a title of 1 to {TITLE_MAX_LENGTH} characters"))
    if "body" in changes and not isinstance(changes["body"], Mapping):
        problems.append(FieldProblem("body", "The body must be a JSON object"))
    if problems:
        raise ValidationError(f"{problems[0].field}: {problems[0].message}", fields=problems)


def delete_resource(ctx: ServiceContext, organization_id: str, resource_type: str, resource_id: str) -> None:
    with ctx.store.write() as tx:
        current = tx.resources.get(organization_id, resource_type, resource_id)
        if current is None:
            raise NotFoundError(f"{resource_type.capitalize()} not found")
        tx.resources.delete(resource_id)
        follow_resource(ctx, tx, current, None)
    if resource_type == "video":
        discard_renders(ctx, resource_id)
