"""Latency of ``GET /api/1.0/contents?contentType=post&fields.slug[in]=...&sort=lastUpdate:desc&take=20``.

A project with N contents (default 100 000) is seeded in bulk; a real uvicorn process serves the API and
requests are sent one at a time (p50/p99 over the run). The same filter as one raw indexed SQL query on the
same database, in the same run, is the baseline. SQLite always; PostgreSQL when ``LESSONFORGE_BENCH_POSTGRES_URL``
is set (or ``--postgres URL``). Run: ``.venv/bin/python benchmarks/content_query.py [--contents N]``.
"""

from __future__ import annotations

import os
import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from _harness import content_benchmark_main, serve, temp_dir
from sqlalchemy import text

from lessonforge.domain.content.keys import text_key
from lessonforge.domain.content.schema_rules import FieldSpec
from lessonforge.domain.content.tokens import value_id
from lessonforge.services import accounts
from lessonforge.services.content import projects, schema
from lessonforge.services.content.access import ContentPrincipal
from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings
from lessonforge.store.content_schema import content_index, content_values, contents
from lessonforge.store.migrate import upgrade
from lessonforge.store.uow import Store

SECRET = "bench-secret-key-0123456789abcdef0123"
RAW_SQL = """
SELECT c.id FROM contents c
WHERE {hint}c.project_id = :project AND {hint}c.model_id = :model AND c.status = 'published'
  AND c.id IN (SELECT i.content_id FROM content_index i WHERE i.field_id = :field AND i.text_key IN ({slugs}))
ORDER BY c.last_update DESC, c.id DESC LIMIT 20
"""


def seed(ctx: ServiceContext, count: int) -> dict[str, str]:
    """An organization, a project with a ``post`` model (title, slug, order) and ``count`` published posts."""
    org = accounts.create_admin(
        ctx, f"bench-{uuid.uuid4().hex[:8]}@example.com", "bench-password", f"Bench {uuid.uuid4()}"
    )
    issued = projects.create_project(ctx, org.organization_id, "Bench", ["en"], 100000)
    principal = ContentPrincipal("bench", issued.project, True, False)
    specs = [FieldSpec("title", "short-text"), FieldSpec("slug", "short-text"), FieldSpec("order", "number")]
    model_id = schema.create_entity(ctx, principal, "post", specs)
    with ctx.store.read() as tx:
        fields = {f.name: f.id for f in tx.content.models.for_project(issued.project.id)[0].fields}
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for first in range(0, count, 5000):
        rows, values, index = [], [], []
        for i in range(first, min(count, first + 5000)):
            content_id = str(uuid.uuid4())
            stamp = start + timedelta(seconds=i)
            rows.append(
                {
                    "id": content_id,
                    "project_id": issued.project.id,
                    "model_id": model_id,
                    "name": f"post {i}",
                    "status": "published",
                    "created_at": stamp,
                    "last_update": stamp,
                    "published_at": stamp,
                }
            )
            for name, value in (("title", f"Post {i}"), ("slug", f"slug-{i}"), ("order", i)):
                field_id = fields[name]
                values.append(
                    {
                        "id": value_id(content_id, field_id, "en"),
                        "content_id": content_id,
                        "field_id": field_id,
                        "language": "en",
                        "value": value,
                    }
                )
                key = text_key(str(value)) if name != "order" else None
                index.append(
                    {
                        "content_id": content_id,
                        "field_id": field_id,
                        "language": "en",
                        "position": 0,
                        "text_key": key.text if key else None,
                        "text_full": None,
                        "num_key": float(value) if name == "order" else None,
                    }
                )
        with ctx.store.write() as tx:
            tx.conn.execute(contents.insert(), rows)
            tx.conn.execute(content_values.insert(), values)
            tx.conn.execute(content_index.insert(), index)
    with ctx.store.write() as tx:
        if os.environ.get("LF_BENCH_ANALYZE") == "1":  # off by default: a fresh database has no statistics
            tx.conn.execute(text("ANALYZE"))
    return {"project": issued.project.id, "model": model_id, "field": fields["slug"], "token": issued.read_token}


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def measure_api(base: str, token: str, count: int, requests: int) -> list[float]:
    headers = {"Authorization": f"Bearer {token}"}
    samples = []
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        for n in range(requests + 20):
            slugs = ",".join(f"slug-{i}" for i in random.sample(range(count), 10))  # 10 distinct slugs
            started = time.perf_counter()
            response = client.get(
                f"/api/1.0/contents?contentType=post&fields.slug[in]={slugs}&sort=lastUpdate:desc&take=20"
            )
            elapsed = time.perf_counter() - started
            assert response.status_code == 200 and len(response.json()) == 10, response.text[:300]
            if n >= 20:  # warm-up
                samples.append(elapsed * 1000)
    return samples


def measure_raw(store: Store, seeded: dict[str, str], count: int, requests: int) -> list[float]:
    samples = []
    with store.engine.connect() as conn:
        for n in range(requests + 20):
            slugs = [f"slug-{i}" for i in random.sample(range(count), 10)]
            params: dict[str, Any] = {"project": seeded["project"], "model": seeded["model"], "field": seeded["field"]}
            params |= {f"s{i}": slug for i, slug in enumerate(slugs)}
            # the same planner hint as the store on SQLite ('+' keeps the slug index in the lead)
            hint = "+" if store.dialect == "sqlite" else ""
            query = text(RAW_SQL.format(slugs=", ".join(f":s{i}" for i in range(10)), hint=hint))
            started = time.perf_counter()
            found = conn.execute(query, params).all()
            elapsed = time.perf_counter() - started
            assert len(found) == 10
            if n >= 20:
                samples.append(elapsed * 1000)
    return samples


def seeded_database(database_url: str, count: int) -> tuple[Store, dict[str, str], dict[str, str]]:
    """A migrated database with ``count`` seeded posts: its store, the seeded ids, the server's environment."""
    data = temp_dir()
    upgrade(database_url)
    settings = Settings(database_url=database_url, data_dir=data, secret_key=SECRET)
    store = Store.from_url(database_url)
    seeded = seed(ServiceContext(store, settings), count)
    env = {
        "LESSONFORGE_DATABASE_URL": database_url,
        "LESSONFORGE_DATA_DIR": str(data),
        "LESSONFORGE_SECRET_KEY": SECRET,
        "LESSONFORGE_LOG_LEVEL": "WARNING",
        "LESSONFORGE_IN_PROCESS_WORKER": "0",
    }
    return store, seeded, env


def run(database_url: str, count: int, requests: int) -> dict[str, float]:
    store, seeded, env = seeded_database(database_url, count)
    with serve("lessonforge.api.app:app_from_env", env) as base:
        api = measure_api(base, seeded["token"], count, requests)
    raw = measure_raw(store, seeded, count, requests)
    store.dispose()
    result = {
        "api_p50_ms": statistics.median(api),
        "api_p99_ms": percentile(api, 0.99),
        "raw_p50_ms": statistics.median(raw),
        "raw_p99_ms": percentile(raw, 0.99),
    }
    result["ratio_p50"] = result["api_p50_ms"] / result["raw_p50_ms"]
    return result


def main() -> None:
    content_benchmark_main(__doc__ or "", "content-bench.db", 500, run)


if __name__ == "__main__":
    main()
