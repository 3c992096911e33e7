"""End-to-end jobs/s: create -> completed (all three outputs, a 10-lesson level) with one worker.

One uvicorn process serves the API with its in-process worker (one thread) on SQLite; a client process
creates N jobs over HTTP as fast as it can and then waits for the last one to complete. Also reports how
generation time grows with lesson count (10, 100, 1000), which should be linear.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from typing import Any

import httpx
from _harness import ROOT, serve, temp_dir

sys.path.insert(0, str(ROOT / "server" / "tests"))
from lf_support import large_payload

from lessonforge.domain.payload import parse_payload
from lessonforge.generation import OUTPUT_TYPES, generate_all
from lessonforge.runtime import settle_heap
from lessonforge.services import accounts, keys
from lessonforge.services.context import ServiceContext
from lessonforge.settings import Settings
from lessonforge.store.migrate import upgrade
from lessonforge.store.uow import Store

EXPANSIONS = "/v1/content/integrations/expansions"
JSON = {"Content-Type": "application/json"}


def level(index: int) -> dict[str, Any]:
    """A distinct 10-lesson level: two lessons of each type (6 vocabulary terms, examples, dialogue, quiz, review)."""
    lessons: list[dict[str, Any]] = []
    for part in range(2):
        tag = f"{index}-{part}"
        words = [
            {"term": f"word{tag}-{k}", "meaning": f"meaning {tag}-{k}", "example": f"I say word{tag}-{k} today"}
            for k in range(6)
        ]
        lessons += [
            {"id": f"v{part}", "type": "vocabulary", "title": f"Words {tag}", "items": words},
            {
                "id": f"e{part}",
                "type": "example",
                "title": f"Examples {tag}",
                "examples": [
                    {"source": f"sentence {tag}-{k}", "translation": f"translation {tag}-{k}"} for k in range(4)
                ],
            },
            {
                "id": f"d{part}",
                "type": "dialogue",
                "title": f"Talk {tag}",
                "turns": [{"speaker": "Ana" if k % 2 else "Ben", "text": f"line {tag}-{k}"} for k in range(6)],
            },
            {
                "id": f"q{part}",
                "type": "quiz",
                "title": f"Check {tag}",
                "questions": [
                    {
                        "question": f"Which is word{tag}-{k}?",
                        "choices": [f"meaning {tag}-{k}", f"other {tag}-{k}"],
                        "answer": f"meaning {tag}-{k}",
                    }
                    for k in range(3)
                ],
            },
            {
                "id": f"r{part}",
                "type": "review",
                "title": f"Review {tag}",
                "summary": f"Summary {tag}",
                "keyPoints": [f"point {tag}-{k}" for k in range(3)],
            },
        ]
    return {
        "category": "Bench",
        "language": "en",
        "level": {"id": f"lvl-{index}", "title": f"Level {index}", "lessons": lessons},
    }


@contextmanager
def worker_process(env: dict[str, str]) -> Iterator[None]:
    """One standalone ``lessonforge worker`` process (one task at a time), started before the clock runs."""
    command = [sys.executable, "-m", "lessonforge.cli", "worker", "--concurrency", "1"]
    process = subprocess.Popen(command, env={**os.environ, **env}, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        while "running" not in process.stderr.readline():  # its start-up line: imports and migrations done
            assert process.poll() is None, "the worker process exited"
        threading.Thread(target=process.stderr.read, daemon=True).start()  # keep the pipe drained
        yield
    finally:
        process.terminate()
        process.wait(10)


def jobs_per_second(jobs: int = 300, *, separate_worker: bool) -> float:
    data = temp_dir()
    url = f"sqlite:///{data / 'bench.db'}"
    upgrade(url)
    settings = Settings(database_url=url, data_dir=data, secret_key="bench-secret-key-0123456789abcdef")
    ctx = ServiceContext(Store.from_url(url), settings)
    org = accounts.create_admin(ctx, "bench@example.com", "bench-password", "Bench")
    headers = {"Authorization": f"Bearer {keys.create_key(ctx, org.organization_id, 'bench', 10000).secret}"}
    env = {
        "LESSONFORGE_DATABASE_URL": url,
        "LESSONFORGE_DATA_DIR": str(data),
        "LESSONFORGE_LOG_LEVEL": "WARNING",
        "LESSONFORGE_SECRET_KEY": settings.secret_key,
        "LESSONFORGE_WORKER_POLL_SECONDS": "0.02",
        # A separate worker must know the URLs it writes into manifests (it refuses to start otherwise).
        "LESSONFORGE_PUBLIC_BASE_URL": "http://127.0.0.1:8000",
    }
    # Bodies are encoded up front: the client process shares the two cores with the server under test.
    bodies = [json.dumps({"payload": level(i)}).encode() for i in range(jobs)]
    api_env = {**env, "LESSONFORGE_IN_PROCESS_WORKER": "0" if separate_worker else "1"}
    worker = worker_process(env) if separate_worker else nullcontext()
    with (
        serve("lessonforge.api.app:app_from_env", api_env) as base,
        worker,
        httpx.Client(base_url=base, headers=headers) as http,
    ):
        started = time.perf_counter()
        with ThreadPoolExecutor(4) as pool:
            ids = list(pool.map(lambda body: http.post(EXPANSIONS, content=body, headers=JSON).json()["id"], bodies))
        last = ids[-1]
        while http.get(f"{EXPANSIONS}/{last}").json()["status"] not in ("completed", "failed"):
            time.sleep(0.01)
        elapsed = time.perf_counter() - started
        statuses = {http.get(f"{EXPANSIONS}/{job_id}").json()["status"] for job_id in ids[:: max(1, jobs // 20)]}
    assert statuses == {"completed"}, statuses
    return jobs / elapsed


def generation_ms(lessons: int) -> float:
    """Best time to generate all three outputs (as the worker does: one reading of the level) for ``lessons``
    vocabulary lessons of four terms, after a warm-up; small levels are timed over more runs."""
    payload = parse_payload(large_payload(lessons))
    generate_all(OUTPUT_TYPES, payload)
    best = float("inf")
    for _ in range(max(5, 2000 // lessons)):
        started = time.perf_counter()
        generate_all(OUTPUT_TYPES, payload)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> dict[str, float]:
    figures: dict[str, float] = {}
    for separate, label in ((True, "API process + 1 worker process"), (False, "API process with in-process worker")):
        rate = jobs_per_second(separate_worker=separate)
        figures[f"jobs_per_second_{'separate' if separate else 'in_process'}"] = rate
        print(f"end-to-end jobs/s, 10-lesson level, 3 outputs, {label}: {rate:7.1f}  (target >= 50)")
    settle_heap()  # as server and worker processes do once started
    base = 0.0
    for lessons in (10, 100, 1000):
        ms = generation_ms(lessons)
        base = base or ms
        figures[f"generation_ms_{lessons}"] = ms
        per_lesson = ms * 1000 / lessons
        times = f"{ms / base:6.1f}x the 10-lesson time, {per_lesson:5.0f} us per lesson"
        print(f"generation, {lessons:5d} lessons: {ms:8.2f} ms  ({times})")
    return figures


if __name__ == "__main__":
    main()
