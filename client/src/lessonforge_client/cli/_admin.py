"""What the admin commands share: the sign-in options and a signed-in client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

import typer

from lessonforge_client._integration import IntegrationClient

from ._common import api_errors, integration_client, last_json

Email = Annotated[
    str,
    typer.Option(
        prompt=True, envvar="LESSONFORGE_ADMIN_EMAIL", show_envvar=True, help="Admin email."
    ),
]
Password = Annotated[
    str,
    typer.Option(
        prompt=True,
        hide_input=True,
        envvar="LESSONFORGE_ADMIN_PASSWORD",
        show_envvar=True,
        help="Admin password.",
    ),
]
Org = Annotated[
    str | None,
    typer.Option("--org", help="Organization id (default: the admin's only organization)."),
]


@dataclass(frozen=True)
class Admin:
    """The sign-in options every admin command takes (and its `--json`), which travel together."""

    base_url: str
    email: str
    password: str
    org: str | None
    as_json: bool = False

    @contextmanager
    def session(self) -> Iterator[tuple[IntegrationClient, str]]:
        """A signed-in client and the organization to act on (exit 3 on API errors)."""
        with (
            api_errors(self.as_json),
            integration_client(self.base_url, None, need_key=False) as client,
        ):
            client.login(self.email, self.password)
            yield client, self.org or only_organization(client)

    def call(self, call: Callable[[IntegrationClient, str], object]) -> Any:
        """Sign in, make one admin call for the organization, return its body exactly as sent."""
        with self.session() as (client, org_id):
            call(client, org_id)
        return last_json(client)


def only_organization(client: IntegrationClient) -> str:
    """The admin's organization when there is exactly one; else a usage error listing them."""
    organizations = client.list_organizations()
    if len(organizations) != 1:
        ids = ", ".join(o.id for o in organizations) or "none"
        raise typer.BadParameter(f"choose an organization with --org ({ids})", param_hint="--org")
    return organizations[0].id
