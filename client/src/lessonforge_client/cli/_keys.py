"""`keys ...`: sign in as an admin and manage an organization's API keys."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from ._admin import Admin, Email, Org, Password
from ._common import (
    DEFAULT_BASE_URL,
    AsJson,
    BaseUrl,
    api_errors,
    integration_client,
    last_json,
    print_json,
    report,
    stdout,
    sub_app,
)
from ._render import print_rows, rows_table

KEYS_HELP = """\
Manage API keys as an admin (signs in with --email/--password, prompted when not set).

Examples:

  LESSONFORGE_ADMIN_EMAIL=ada@school.test lessonforge keys list

  lessonforge keys create "LMS sync" --rate-limit 120

  lessonforge keys rotate 6f1d... --json
"""


def orgs(
    email: Email,
    password: Password,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """List the organizations the admin can manage."""
    with api_errors(as_json), integration_client(base_url, None, need_key=False) as client:
        client.login(email, password)
        client.list_organizations()
        rows = last_json(client)
    if as_json:
        print_json(rows)
    else:
        stdout().print(rows_table("Organizations", rows, ("id", "name")))


def list_keys(
    email: Email,
    password: Password,
    org: Org = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """List the organization's keys (prefixes only, never secrets)."""
    keys = Admin(base_url, email, password, org, as_json).call(lambda c, o: c.list_api_keys(o))
    columns = ("keyId", "keyPrefix", "name", "rateLimitPerMinute", "status", "lastUsedAt")
    print_rows(keys, as_json, "API keys", columns)


def create(
    name: Annotated[str, typer.Argument(help="A name for the key.")],
    email: Email,
    password: Password,
    org: Org = None,
    rate_limit: Annotated[int | None, typer.Option(help="Requests per minute (1..10000).")] = None,
    expires_at: Annotated[
        datetime | None,
        typer.Option(help="When the key stops working (ISO-8601; UTC when no offset is given)."),
    ] = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """Create a key and print it (the only time the full key is shown)."""
    expiry = expires_at.replace(tzinfo=UTC) if expires_at and not expires_at.tzinfo else expires_at
    admin = Admin(base_url, email, password, org, as_json)
    created = admin.call(lambda c, o: c.create_api_key(o, name, rate_limit, expires_at=expiry))
    _show_secret(created, as_json)


def rotate(
    key_id: Annotated[str, typer.Argument(help="The key to replace.")],
    email: Email,
    password: Password,
    org: Org = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """Replace a key: the old one stops working at once; prints the new key."""
    admin = Admin(base_url, email, password, org, as_json)
    _show_secret(admin.call(lambda c, o: c.rotate_api_key(o, key_id)), as_json)


def revoke(
    key_id: Annotated[str, typer.Argument(help="The key to revoke.")],
    email: Email,
    password: Password,
    org: Org = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
    as_json: AsJson = False,
) -> None:
    """Revoke a key (every later call with it gets 401)."""
    Admin(base_url, email, password, org, as_json).call(lambda c, o: c.revoke_api_key(o, key_id))
    report({"keyId": key_id, "status": "revoked"}, as_json, f"revoked {key_id}")


def build_keys_app() -> typer.Typer:
    """The `keys` sub-app (a fresh one per mount)."""
    return sub_app(
        KEYS_HELP,
        [
            ("orgs", orgs, "lessonforge keys orgs --json"),
            ("list", list_keys, "lessonforge keys list --org ORG_ID"),
            ("create", create, 'lessonforge keys create "LMS sync" --rate-limit 120'),
            ("rotate", rotate, "lessonforge keys rotate KEY_ID --json"),
            ("revoke", revoke, "lessonforge keys revoke KEY_ID"),
        ],
    )


def _show_secret(created: dict[str, Any], as_json: bool) -> None:
    report(
        created,
        as_json,
        f"API key (shown only now): {created['apiKey']}",
        f"key id {created['keyId']}, prefix {created['keyPrefix']}, name {created['name']}",
    )
