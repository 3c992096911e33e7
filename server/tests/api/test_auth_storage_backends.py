"""The storage behind sign-in throttles and the announced public base URL, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from lf_postgres import empty_postgres

from lessonforge.errors import AuthenticationError, RateLimitedError
from lessonforge.services import accounts, public_url
from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings
from lessonforge.store.migrate import upgrade
from lessonforge.store.uow import Store


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_ctx(request: pytest.FixtureRequest, settings: Settings) -> Iterator[ServiceContext]:
    url = settings.database_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    if request.param == "postgresql":
        empty_postgres(url)
    upgrade(url)
    store = Store.from_url(url)
    yield ServiceContext(store=store, settings=dataclasses.replace(settings, database_url=url))
    store.dispose()


def test_failures_for_one_email_from_many_addresses_are_counted_together(backend_ctx: ServiceContext) -> None:
    accounts.create_admin(backend_ctx, "count@example.com", "a-long-enough-password", "Counting")
    outcomes = []
    for n in range(12):
        try:
            accounts.login(backend_ctx, "count@example.com", "wrong-password", f"198.51.100.{n}")
        except AuthenticationError:
            outcomes.append(401)
        except RateLimitedError:
            outcomes.append(429)
    assert outcomes == [401] * 10 + [429] * 2


def test_the_announced_public_base_url_reaches_a_worker_without_the_setting(backend_ctx: ServiceContext) -> None:
    unset = dataclasses.replace(
        backend_ctx,
        settings=dataclasses.replace(backend_ctx.settings, public_base_url_configured=False),
    )
    with pytest.raises(public_url.PublicBaseUrlUnknownError):
        public_url.require_known(unset)
    for base in ("http://127.0.0.1:8622", "https://lessons.example.org"):
        api = dataclasses.replace(backend_ctx, settings=dataclasses.replace(backend_ctx.settings, public_base_url=base))
        public_url.announce(api)
        assert public_url.require_known(unset) == base
        assert public_url.for_links(unset).settings.public_base_url == base
