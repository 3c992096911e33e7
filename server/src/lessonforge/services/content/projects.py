"""Content projects (admin): create with their two tokens, list, rotate tokens, pick a classroom's project."""

from __future__ import annotations

from dataclasses import dataclass

from lessonforge.domain.content.model import ContentProject
from lessonforge.domain.content.names import language_problems
from lessonforge.domain.content.tokens import READ, WRITE, generate_token, visible_prefix
from lessonforge.domain.keys import key_digest
from lessonforge.errors import FieldProblem, NotFoundError, ValidationError
from lessonforge.services.content.builtin import ensure_builtin_models
from lessonforge.services.context import ServiceContext
from lessonforge.services.ids import new_id
from lessonforge.store.uow import Tx


@dataclass(frozen=True)
class IssuedProject:
    """A project with its tokens in clear: only in the answer that created or rotated them."""

    project: ContentProject
    read_token: str
    write_token: str


@dataclass(frozen=True)
class ProjectSummary:
    project: ContentProject
    token_prefixes: dict[str, str]


def create_project(
    ctx: ServiceContext, organization_id: str, name: str, languages: list[str], rate_limit: int
) -> IssuedProject:
    problems = language_problems(languages)
    if not name.strip():
        problems.insert(0, FieldProblem("name", "Required"))
    if problems:
        raise ValidationError(f"{problems[0].field}: {problems[0].message}", fields=problems)
    project = ContentProject(
        new_id(), organization_id, name.strip(), tuple(languages), rate_limit, False, ctx.clock.now()
    )
    with ctx.store.write() as tx:
        tx.content.projects.add(project)
        return issue_tokens(ctx, tx, project)


def issue_tokens(ctx: ServiceContext, tx: Tx, project: ContentProject) -> IssuedProject:
    """Give the project a fresh read and write token (previous ones must already be revoked)."""
    secrets = {READ: generate_token(), WRITE: generate_token()}
    for kind, secret in secrets.items():
        digest = key_digest(secret, ctx.settings.secret_key)
        tx.content.projects.add_token(new_id(), project.id, kind, digest, visible_prefix(secret), ctx.clock.now())
    return IssuedProject(project, secrets[READ], secrets[WRITE])


def list_projects(ctx: ServiceContext, organization_id: str) -> list[ProjectSummary]:
    with ctx.store.read() as tx:
        projects = tx.content.projects.list(organization_id)
        return [ProjectSummary(p, tx.content.projects.token_prefixes(p.id)) for p in projects]


def rotate_tokens(ctx: ServiceContext, organization_id: str, project_id: str) -> IssuedProject:
    """Replace both tokens; the old ones stop working at once."""
    with ctx.store.write() as tx:
        project = _owned(tx, organization_id, project_id)
        tx.content.projects.revoke_tokens(project.id, ctx.clock.now())
        return issue_tokens(ctx, tx, project)


def assign_classroom(ctx: ServiceContext, organization_id: str, project_id: str, classroom_id: str) -> None:
    """Generated resources of this classroom go to this project from now on (its built-in models are added)."""
    with ctx.store.write() as tx:
        project = _owned(tx, organization_id, project_id)
        if tx.accounts.classroom(organization_id, classroom_id) is None:
            raise NotFoundError("Classroom not found")
        ensure_builtin_models(ctx, tx, project.id)
        tx.content.projects.assign_classroom(classroom_id, project.id, ctx.clock.now())


def project_of(ctx: ServiceContext, organization_id: str, project_id: str) -> ContentProject:
    """The organization's project (404 for another organization's)."""
    with ctx.store.read() as tx:
        return _owned(tx, organization_id, project_id)


def _owned(tx: Tx, organization_id: str, project_id: str) -> ContentProject:
    project = tx.content.projects.get(project_id)
    if project is None or project.organization_id != organization_id:
        raise NotFoundError("Content project not found")
    return project
