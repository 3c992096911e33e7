"""Renders on SQLite and PostgreSQL: the per-organization cap on renders in flight holds under concurrent
requests, and a filed render keeps its captions and chapters (``render_timeline``) for its version."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator

import pytest
from lf_accounts import make_org
from lf_postgres import empty_postgres
from lf_support import require_tool, sample_payload

from lessonforge.errors import RateLimitedError
from lessonforge.services import expansions, renders, resources, video_share
from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings
from lessonforge.store.migrate import upgrade
from lessonforge.store.uow import Store
from lessonforge.worker.loop import Worker

REQUESTS = 10


@pytest.fixture(params=["sqlite", "postgresql"])
def any_ctx(request: pytest.FixtureRequest, settings: Settings) -> Iterator[ServiceContext]:
    url = settings.database_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    if request.param == "postgresql":
        empty_postgres(url)
    upgrade(url)
    store = Store.from_url(url)
    yield ServiceContext(store=store, settings=dataclasses.replace(settings, database_url=url))
    store.dispose()


def test_concurrent_render_requests_of_one_organization_queue_exactly_the_cap(any_ctx: ServiceContext) -> None:
    org = make_org(any_ctx, "North School", "north@example.com")
    for n in range(REQUESTS):
        payload = sample_payload(title=f"Video {n}", lessons=1)
        request = expansions.ExpansionRequest(org.organization_id, None, payload, ["summary_video"], None, None, None)
        expansions.create_expansion(any_ctx, request)
    Worker(any_ctx).drain()
    with any_ctx.store.read() as tx:
        videos = [v.id for v in tx.resources.page(org.organization_id, "video", limit=100, after=None)]
    assert len(videos) == REQUESTS

    barrier, outcomes = threading.Barrier(REQUESTS), []

    def ask(video_id: str) -> None:
        barrier.wait()
        try:
            outcomes.append(str(renders.request_render(any_ctx, org.organization_id, video_id).render_status))
        except RateLimitedError:
            outcomes.append("refused")

    threads = [threading.Thread(target=ask, args=(video_id,)) for video_id in videos]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    cap = any_ctx.settings.render_max_in_flight
    assert sorted(outcomes) == ["queued"] * cap + ["refused"] * (REQUESTS - cap)


def test_a_filed_render_keeps_its_captions_and_chapters_for_its_version_only(any_ctx: ServiceContext) -> None:
    require_tool("ffmpeg")
    org = make_org(any_ctx, "North School", "north@example.com")
    payload = sample_payload(lessons=2)
    request = expansions.ExpansionRequest(org.organization_id, None, payload, ["summary_video"], None, None, None)
    expansions.create_expansion(any_ctx, request)
    silent = dataclasses.replace(any_ctx, settings=dataclasses.replace(any_ctx.settings, render_narration=False))
    Worker(silent).drain()
    with any_ctx.store.read() as tx:
        [video] = tx.resources.page(org.organization_id, "video", limit=10, after=None)
    renders.request_render(any_ctx, org.organization_id, video.id)
    Worker(silent).drain()
    with any_ctx.store.read() as tx:
        filed = tx.renders.video(video.id)
    assert filed is not None and filed.render_status == "rendered" and filed.render_timeline is not None
    assert filed.render_timeline["version"] == filed.version
    assert [c["title"] for c in filed.render_timeline["chapters"]][:2] == ["A1 Foundations", "Greetings"]
    assert video_share.captions(any_ctx, filed.share_token) == filed.render_timeline["captionsVtt"]

    edited = resources.edit_resource(any_ctx, org.organization_id, "video", video.id, {"title": "Renamed"}, None)
    assert edited.render_status == "not_rendered"  # the stale render's captions are no longer served
    assert video_share.captions(any_ctx, filed.share_token) != filed.render_timeline["captionsVtt"]
