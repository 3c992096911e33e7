"""Requests/s of GET /v1/content/integrations/expansions/{id} on SQLite vs a bare Starlette JSON endpoint.

Both are served by one uvicorn process on 127.0.0.1 and loaded by wrk (1 thread, 16 connections) in the
same run; the figure that matters is the ratio (target >= 0.25: auth, rate limit and the read included).
A steady poller sees its job's JSON from the rendered-job cache while the job is unchanged; the run is
repeated with that cache off, so every poll also reads the job and its outputs and renders them.
"""

from __future__ import annotations

import sqlite3
import sys

import httpx
from _harness import ROOT, requests_per_second, serve, temp_dir

sys.path.insert(0, str(ROOT / "server" / "tests"))
from lf_support import sample_payload

from lessonforge.services import accounts, keys
from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings
from lessonforge.store.migrate import upgrade
from lessonforge.store.uow import Store

EXPANSIONS = "/v1/content/integrations/expansions"


def main(seconds: int = 10) -> dict[str, float]:
    data = temp_dir()
    url = f"sqlite:///{data / 'bench.db'}"
    upgrade(url)
    settings = Settings(database_url=url, data_dir=data, secret_key="bench-secret-key-0123456789abcdef")
    ctx = ServiceContext(Store.from_url(url), settings)
    org = accounts.create_admin(ctx, "bench@example.com", "bench-password", "Bench")
    # A limit above any load wrk can make, so every request does the full GCRA work and passes: the API
    # allows at most 10 000 a minute, so the benchmark lifts its own key's limit in its database.
    issued = keys.create_key(ctx, org.organization_id, "bench", 10_000)
    with sqlite3.connect(data / "bench.db") as db:
        db.execute("UPDATE api_keys SET rate_limit_per_minute = 10000000 WHERE id = ?", (issued.key.id,))
    secret = issued.secret
    env = {
        "LESSONFORGE_DATABASE_URL": url,
        "LESSONFORGE_DATA_DIR": str(data),
        "LESSONFORGE_SECRET_KEY": settings.secret_key,
        "LESSONFORGE_LOG_LEVEL": "WARNING",
    }
    headers = {"Authorization": f"Bearer {secret}"}
    with serve("benchmarks.bare_app:create", {"PYTHONPATH": str(ROOT)}) as bare:
        baseline = requests_per_second(f"{bare}/job", {}, seconds)
    job_id = ""
    with serve("lessonforge.api.app:app_from_env", env) as base:
        job_id = httpx.post(f"{base}{EXPANSIONS}", json={"payload": sample_payload()}, headers=headers).json()["id"]
        ours = requests_per_second(f"{base}{EXPANSIONS}/{job_id}", headers, seconds)
    # The same polls with the rendered-job cache off: every poll also reads the job and renders its JSON.
    with serve("lessonforge.api.app:app_from_env", {**env, "LESSONFORGE_RENDERED_JOBS_CACHED": "0"}) as base:
        uncached = requests_per_second(f"{base}{EXPANSIONS}/{job_id}", headers, seconds)
    figures = {
        "bare_starlette_rps": baseline,
        "lessonforge_get_job_rps": ours,
        "ratio": ours / baseline,
        "uncached_rps": uncached,
        "uncached_ratio": uncached / baseline,
    }
    print(f"bare Starlette JSON endpoint        : {baseline:8.0f} req/s")
    print(f"GET expansion (auth+limit)          : {ours:8.0f} req/s   ratio {ours / baseline:.3f}  (target >= 0.25)")
    print(f"  same, rendered-job cache off      : {uncached:8.0f} req/s   ratio {uncached / baseline:.3f}")
    return figures


if __name__ == "__main__":
    main()
