"""`content ...`: read (and publish) Content API content with a project token."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from lessonforge_client._content import ContentClient
from lessonforge_client._content_calls import ContentQuery

from ._common import (
    DEFAULT_BASE_URL,
    AsJson,
    BaseUrl,
    api_errors,
    last_json,
    max_retries,
    print_json,
    show_retries,
    stdout,
)
from ._render import rows_table

CONTENT_HELP = """\
Read the Content API (/api/1.0) with a project token (LESSONFORGE_CONTENT_TOKEN or --token).

Examples:

  lessonforge content project

  lessonforge content list --type Lesson --language en --where level=A1 --sort lastUpdate:desc

  lessonforge content get 65a1... --raw --json

  lessonforge content export --output snapshot.json
"""

Token = Annotated[
    str,
    typer.Option(
        "--token",
        envvar="LESSONFORGE_CONTENT_TOKEN",
        show_envvar=True,
        show_default=False,
        help="Project read or write token (PREVIEW_ prefix shows drafts).",
    ),
]
ContentType = Annotated[str | None, typer.Option("--type", help="Content type (model) name.")]
Language = Annotated[str | None, typer.Option(help="Only fields in this language.")]
Where = Annotated[
    list[str] | None,
    typer.Option("--where", help="Field filter NAME=VALUE (repeatable; VALUE a,b means any of)."),
]


@contextmanager
def content_client(base_url: str, token: str, as_json: bool = False) -> Iterator[ContentClient]:
    """A Content API client; SDK errors become exit 3 (a JSON error with `--json`)."""
    show_retries()
    with (
        api_errors(as_json),
        ContentClient(base_url, token, max_retries=max_retries(2), persist_errors=True) as client,
    ):
        yield client


def build_query(
    content_type: str | None, language: str | None, where: list[str] | None, **paging: Any
) -> ContentQuery:
    """The `ContentQuery` for the list-like commands."""
    query: ContentQuery = {}
    if content_type:
        query["content_type"] = content_type
    if language:
        query["language"] = language
    if where:
        query["fields"] = dict(_parse_where(item) for item in where)
    for key in ("sort", "take", "skip"):
        if paging.get(key) is not None:
            query[key] = paging[key]
    return query


def _parse_where(item: str) -> tuple[str, str | list[str]]:
    name, sep, value = item.partition("=")
    if not sep or not name:
        raise typer.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--where")
    return name, value.split(",") if "," in value else value


def _contents_table(rows: list[dict[str, Any]]) -> None:
    columns = ["id", *sorted({k for row in rows for k in row} - {"id", "language", "lastUpdate"})]
    stdout().print(rows_table(f"{len(rows)} content(s)", rows, columns[:6]))


def project(token: Token, base_url: BaseUrl = DEFAULT_BASE_URL, as_json: AsJson = False) -> None:
    """Show the project: languages and content types."""
    with content_client(base_url, token, as_json) as client:
        info = client.get_project()
    if as_json:
        print_json(last_json(client))
        return
    rows = [{"id": t.id, "name": t.name, "type": t.type} for t in info.content_types]
    title = f"{info.name} ({', '.join(info.languages)})"
    stdout().print(rows_table(title, rows, ("id", "name", "type")))


def list_contents(
    token: Token,
    content_type: ContentType = None,
    language: Language = None,
    where: Where = None,
    sort: Annotated[str | None, typer.Option(help="e.g. lastUpdate:desc")] = None,
    take: Annotated[int | None, typer.Option(help="At most this many (max 1000).")] = None,
    skip: Annotated[int | None, typer.Option(help="Skip this many.")] = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """List contents, each flattened to {id, field: value, ...}."""
    query = build_query(content_type, language, where, sort=sort, take=take, skip=skip)
    with content_client(base_url, token, as_json) as client:
        rows = client.get_content_list(**query)
    if as_json:
        print_json(rows)
    else:
        _contents_table(rows)


def get(
    content_id: Annotated[str, typer.Argument(metavar="ID", help="The content id.")],
    token: Token,
    language: Language = None,
    raw: Annotated[bool, typer.Option("--raw", help="The API's shape, all languages.")] = False,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """Show one content."""
    query = build_query(None, language, None)
    query["id"] = content_id
    with content_client(base_url, token, as_json) as client:
        item = client.get_raw_content(**query).to_wire() if raw else client.get_content(**query)
    if as_json or raw:
        print_json(item)
    else:
        rows = [{"field": key, "value": value} for key, value in item.items()]
        stdout().print(rows_table(content_id, rows, ("field", "value")))


def size(
    token: Token,
    content_type: ContentType = None,
    where: Where = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """Count matching contents."""
    with content_client(base_url, token, as_json) as client:
        count = client.get_content_list_size(**build_query(content_type, None, where))
    if as_json:
        print_json({"size": count})
    else:
        typer.echo(str(count))


def export(
    token: Token,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """Export the project and all its contents as JSON (always JSON; --json only shapes errors)."""
    with content_client(base_url, token, as_json) as client:
        snapshot = client.export_snapshot().to_wire()
    if output is None:
        print_json(snapshot)
    else:
        output.write_text(json.dumps(snapshot, indent=2, ensure_ascii=False), encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)


def publish(
    content_id: Annotated[str, typer.Argument(metavar="ID", help="The content id.")],
    token: Token,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """Publish a draft (needs a write token)."""
    with content_client(base_url, token, as_json) as client:
        client.publish_content(content_id)
    if as_json:
        print_json({"id": content_id, "status": "published"})
    else:
        typer.echo(f"published {content_id}")


EXAMPLES = {
    "project": "lessonforge content project --json",
    "list": "lessonforge content list --type Lesson --language en --where level=A1,A2 --take 20",
    "get": "lessonforge content get CONTENT_ID --language de",
    "size": "lessonforge content size --type Lesson",
    "export": "lessonforge content export --output snapshot.json",
    "publish": "lessonforge content publish CONTENT_ID",
}
COMMANDS: dict[str, Callable[..., None]] = {
    "project": project,
    "list": list_contents,
    "get": get,
    "size": size,
    "export": export,
    "publish": publish,
}


def build_content_app() -> typer.Typer:
    """The `content` sub-app (a fresh one per mount)."""
    app = typer.Typer(help=CONTENT_HELP, no_args_is_help=True)
    for name, command in COMMANDS.items():
        app.command(name, epilog=f"Example: {EXAMPLES[name]}")(command)
    return app
