"""Memory and time of ``GET /api/1.0/contents`` with no ``take`` and of ``GET /project/export`` on N contents.

A project with N published contents (default 100 000, three fields each) is seeded in bulk (as
``content_query.py`` does); one real uvicorn process serves it. Each answer is read to the end (the list as
JSON, the export gunzipped by httpx); p50/p99 over the requests, and the server's peak RSS (``VmHWM``) before
and after. Baselines in the same run: time, the same rows read by one raw SQL query over the values (no
rendering, no HTTP); memory, the server's peak RSS once started and warmed with a one-item answer — the
streamed answers must not grow it with N. Run:
``.venv/bin/python benchmarks/content_stream.py [--contents N] [--requests R] [--start-postgres]``.
"""

from __future__ import annotations

import json
import statistics
import time

import httpx
from _harness import content_benchmark_main, peak_rss_mib, serve_process
from content_query import percentile, seeded_database
from sqlalchemy import text

from lessonforge.store.uow import Store


def timed_reads(client: httpx.Client, path: str, expected: int, requests: int) -> tuple[list[float], int]:
    """Milliseconds per full read of ``path`` and the size of one answer (bytes as sent)."""
    samples, size = [], 0
    for _ in range(requests):
        started = time.perf_counter()
        with client.stream("GET", path) as response:
            assert response.status_code == 200, response.read()[:300]
            body = b"".join(response.iter_bytes())
            size = response.num_bytes_downloaded
        elapsed = time.perf_counter() - started
        document = json.loads(body)
        found = len(document if isinstance(document, list) else document["contents"])
        assert found == expected, found
        samples.append(elapsed * 1000)
    return samples, size


def raw_read_ms(store: Store, project_id: str) -> float:
    """One raw SQL read of every visible content's values (the baseline: the rows any answer needs)."""
    query = text(
        "SELECT v.content_id, v.field_id, v.language, v.value FROM content_values v "
        "JOIN contents c ON c.id = v.content_id WHERE c.project_id = :p AND c.status = 'published'"
    )
    with store.engine.connect() as conn:
        started = time.perf_counter()
        rows = conn.execute(query, {"p": project_id}).all()
        elapsed = time.perf_counter() - started
    assert rows
    return elapsed * 1000


def run(database_url: str, count: int, requests: int) -> dict[str, float]:
    store, seeded, env = seeded_database(database_url, count)
    result: dict[str, float] = {}
    with serve_process("lessonforge.api.app:app_from_env", env) as (base, pid):
        headers = {"Authorization": f"Bearer {seeded['token']}"}
        with httpx.Client(base_url=base, headers=headers, timeout=600) as client:
            assert client.get("/api/1.0/contents?take=1").status_code == 200
            result["rss_warm_mib"] = peak_rss_mib(pid)
            listed, list_bytes = timed_reads(client, "/api/1.0/contents", count, requests)
            result["rss_after_list_mib"] = peak_rss_mib(pid)
            exported, export_bytes = timed_reads(client, "/api/1.0/project/export", count, requests)
            result["rss_after_export_mib"] = peak_rss_mib(pid)
    raw = raw_read_ms(store, seeded["project"])
    store.dispose()
    result |= {
        "list_p50_ms": statistics.median(listed),
        "list_p99_ms": percentile(listed, 0.99),
        "list_mib": list_bytes / 2**20,
        "export_p50_ms": statistics.median(exported),
        "export_p99_ms": percentile(exported, 0.99),
        "export_gzip_mib": export_bytes / 2**20,
        "raw_sql_ms": raw,
    }
    result["list_vs_raw_sql"] = result["list_p50_ms"] / raw
    result["rss_growth_vs_warm"] = result["rss_after_export_mib"] / result["rss_warm_mib"]
    return result


def main() -> None:
    content_benchmark_main(__doc__ or "", "content-stream.db", 7, run)


if __name__ == "__main__":
    main()
