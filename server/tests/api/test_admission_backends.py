"""Bearer admission and job polling on the bare-connection path (``Store.hot_write``), on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from lf_postgres import empty_postgres
from lf_support import sample_payload

from lessonforge.errors import AuthenticationError
from lessonforge.services import accounts, expansions, keys
from lessonforge.services.bearer import admit, poll_job
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


def _key(ctx: ServiceContext, limit: int) -> tuple[str, str, str]:
    created = accounts.create_admin(ctx, "hot@example.com", "a-long-enough-password", "Hot path")
    issued = keys.create_key(ctx, created.organization_id, "hot", limit)
    return created.organization_id, issued.key.id, issued.secret


def test_concurrent_requests_never_spend_more_than_the_limit(backend_ctx: ServiceContext) -> None:
    _, _, secret = _key(backend_ctx, 5)
    with ThreadPoolExecutor(max_workers=8) as pool:
        decisions = list(pool.map(lambda _: admit(backend_ctx, secret).decision, range(24)))
    assert sum(d.allowed for d in decisions) == 5
    assert sorted(d.remaining for d in decisions if d.allowed) == [0, 1, 2, 3, 4]


def test_a_poll_admits_reads_the_revision_and_the_job_only_when_asked(backend_ctx: ServiceContext) -> None:
    organization_id, key_id, secret = _key(backend_ctx, 100)
    request = expansions.ExpansionRequest(organization_id, key_id, sample_payload(), None, None, None, None)
    job = expansions.create_expansion(backend_ctx, request).job
    fresh = poll_job(backend_ctx, secret, job.id, lambda _job, _revision: False)
    assert fresh.admission.principal.key_id == key_id and fresh.job is not None
    assert (fresh.job.id, fresh.job.status.value, fresh.revision) == (job.id, "queued", fresh.job.revision)
    known = poll_job(backend_ctx, secret, job.id, lambda _job, _revision: True)
    assert known.revision == fresh.revision and known.job is None
    keys.revoke_key(backend_ctx, organization_id, key_id)
    with pytest.raises(AuthenticationError):
        poll_job(backend_ctx, secret, job.id, lambda _job, _revision: True)


def test_a_bucket_moved_since_it_was_read_is_decided_again_on_a_locked_read(backend_ctx: ServiceContext) -> None:
    from lessonforge.services.keys import KEY_BUCKET_PREFIX, key_bucket
    from lessonforge.services.rate_limit import consume

    _, key_id, secret = _key(backend_ctx, 1)
    admit(backend_ctx, secret)  # creates the bucket and spends the only slot of this minute...
    with backend_ctx.store.hot_write() as tx:
        found = tx.hot.credential(_digest(backend_ctx, secret), KEY_BUCKET_PREFIX)
        assert found is not None and found.bucket_tat is not None
        tx.hot.save_tat(key_bucket(key_id), 0.0)  # ...then the window is reset, as if long ago
    with backend_ctx.store.hot_write() as tx:
        stale = tx.hot.credential(_digest(backend_ctx, secret), KEY_BUCKET_PREFIX)
        assert stale is not None and stale.bucket_tat == 0.0
    assert admit(backend_ctx, secret).decision.allowed  # another request spends the fresh slot
    with backend_ctx.store.hot_write() as tx:  # a request that read the bucket before that one
        late = consume(backend_ctx, tx, key_bucket(key_id), 1, stored=stale.bucket_tat)
    assert not late.allowed


def _digest(ctx: ServiceContext, secret: str) -> str:
    from lessonforge.domain.keys import key_digest

    return key_digest(secret, ctx.settings.secret_key)
