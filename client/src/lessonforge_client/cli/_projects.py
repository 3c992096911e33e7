"""`projects ...` (admin: Content API projects, their tokens) and `classrooms list` (bearer)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ._admin import Admin, Email, Org, Password
from ._common import (
    DEFAULT_BASE_URL,
    ApiKey,
    AsJson,
    BaseUrl,
    api_errors,
    integration_client,
    last_json,
    report,
    sub_app,
)
from ._render import print_rows

PROJECTS_HELP = """\
Content API projects of an organization and their tokens (admin).

Examples:

  lessonforge projects create "Website" --language en --language ko

  lessonforge projects list

  lessonforge projects rotate-tokens PROJECT_ID --json
"""


def create(
    name: Annotated[str, typer.Argument(help="The project's name.")],
    email: Email,
    password: Password,
    language: Annotated[
        list[str], typer.Option("--language", help="A language (repeatable; the first is default).")
    ],
    org: Org = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """Create a project; prints its read and write tokens (shown only now)."""
    admin = Admin(base_url, email, password, org, as_json)
    _show_tokens(admin.call(lambda c, o: c.create_content_project(o, name, language)), as_json)


def list_projects(
    email: Email,
    password: Password,
    org: Org = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """List the organization's projects (never their tokens)."""
    admin = Admin(base_url, email, password, org, as_json)
    rows = admin.call(lambda c, o: c.list_content_projects(o))
    columns = ("id", "name", "languages")
    print_rows(rows, as_json, "Content projects", columns, joined=("languages",))


def rotate_tokens(
    project_id: Annotated[str, typer.Argument(metavar="PROJECT", help="The project id.")],
    email: Email,
    password: Password,
    org: Org = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """New read and write tokens; the old ones stop working at once."""
    admin = Admin(base_url, email, password, org, as_json)
    _show_tokens(admin.call(lambda c, o: c.rotate_content_project_tokens(o, project_id)), as_json)


def _show_tokens(project: dict[str, Any], as_json: bool) -> None:
    report(
        project,
        as_json,
        f"project {project['id']} ({project['name']})",
        f"read token (shown only now):  {project.get('readToken')}",
        f"write token (shown only now): {project.get('writeToken')}",
        "use one as LESSONFORGE_CONTENT_TOKEN for 'lessonforge content ...'",
    )


def list_classrooms(
    base_url: BaseUrl = DEFAULT_BASE_URL, api_key: ApiKey = None, as_json: AsJson = False
) -> None:
    """The classrooms of the key's organization (ids for `expand --classroom-id`)."""
    with api_errors(as_json), integration_client(base_url, api_key, need_key=True) as client:
        client.list_classrooms()
    print_rows(last_json(client), as_json, "Classrooms", ("id", "name"))


def build_projects_app() -> typer.Typer:
    """The `projects` sub-app (a fresh one per mount)."""
    return sub_app(
        PROJECTS_HELP,
        [
            ("create", create, 'lessonforge projects create "Site" --language en'),
            ("list", list_projects, "lessonforge projects list --json"),
            ("rotate-tokens", rotate_tokens, "lessonforge projects rotate-tokens PROJECT_ID"),
        ],
    )


def build_classrooms_app() -> typer.Typer:
    """The `classrooms` sub-app (a fresh one per mount)."""
    examples = [("list", list_classrooms, "lessonforge classrooms list --json")]
    return sub_app("Classrooms of the key's organization.", examples)
