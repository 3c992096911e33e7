"""Generation time per lesson (all three outputs from one reading of the level, as the worker runs them).

Two kinds of level, each at 10, 100 and 1000 lessons: vocabulary lessons of four terms, and mixed levels
(vocabulary of 6 terms with examples, 4 examples, a 6-turn dialogue, 3 quiz questions, a review, repeated
with distinct words). Every timed run gets a level of new words, so no memo carries over from a run before.
``--baseline REV`` also times the generators of git revision REV (its ``server/src`` extracted to a
temporary folder) in the same run, alternating the two trees, and prints the ratio this tree / baseline per
level. Each figure is the best CPU time (``time.process_time``: the other processes of a shared machine
count little) of several runs after a warm-up, after ``settle_heap()`` like a worker process.
By default each run is timed with the cyclic collector paused, as the product generates a level (the job
service wraps ``generate_all`` in ``runtime.collector_paused``); ``--collector on`` leaves it running.

    .venv/bin/python benchmarks/generation.py [--baseline REV] [--collector on]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10, 100, 1000)


def vocabulary_level(lessons: int, run: int = 0) -> dict[str, Any]:
    """``lessons`` vocabulary lessons of four distinct terms each (``run`` makes every word new)."""
    r = f"r{run}" if run else ""
    return {
        "language": "en",
        "level": {
            "id": "big",
            "title": f"Big level {lessons}",
            "lessons": [
                {
                    "id": f"v{i}",
                    "type": "vocabulary",
                    "title": f"Set {i}",
                    "items": [
                        {
                            "term": f"term{i}-{k}{r}",
                            "meaning": f"meaning{i}-{k}{r}",
                            "example": f"a term{i}-{k}{r} here",
                        }
                        for k in range(4)
                    ],
                }
                for i in range(lessons)
            ],
        },
    }


def mixed_level(lessons: int, run: int = 0) -> dict[str, Any]:
    """``lessons`` lessons cycling through the five lesson types, every word distinct (``run`` makes every
    word new)."""
    built: list[dict[str, Any]] = []
    for i in range(lessons):
        tag, kind = f"{i}r{run}" if run else f"{i}", i % 5
        if kind == 0:
            words = [
                {"term": f"word{tag}-{k}", "meaning": f"meaning {tag}-{k}", "example": f"I say word{tag}-{k}"}
                for k in range(6)
            ]
            built.append({"id": f"l{i}", "type": "vocabulary", "title": f"Words {tag}", "items": words})
        elif kind == 1:
            examples = [{"source": f"sentence {tag}-{k}", "translation": f"translation {tag}-{k}"} for k in range(4)]
            built.append({"id": f"l{i}", "type": "example", "title": f"Examples {tag}", "examples": examples})
        elif kind == 2:
            turns = [{"speaker": "Ana" if k % 2 else "Ben", "text": f"Line {tag}-{k}."} for k in range(6)]
            built.append({"id": f"l{i}", "type": "dialogue", "title": f"Talk {tag}", "turns": turns})
        elif kind == 3:
            questions = [
                {
                    "question": f"Which is word{tag}-{k}?",
                    "choices": [f"meaning {tag}-{k}", f"other {tag}-{k}", f"third {tag}-{k}"],
                    "answer": f"meaning {tag}-{k}",
                }
                for k in range(3)
            ]
            built.append({"id": f"l{i}", "type": "quiz", "title": f"Check {tag}", "questions": questions})
        else:
            points = [f"point {tag}-{k}" for k in range(3)]
            built.append(
                {
                    "id": f"l{i}",
                    "type": "review",
                    "title": f"Review {tag}",
                    "summary": f"Summary {tag}",
                    "keyPoints": points,
                }
            )
    return {
        "category": "Bench",
        "language": "en",
        "level": {"id": "mixed", "title": f"Mixed {lessons}", "lessons": built},
    }


def measure(paused: bool = False) -> dict[str, float]:
    """Best milliseconds per level in this process (the tree on ``sys.path``); ``paused``: the cyclic
    collector off during each run (plain ``gc``, so older trees are timed the same way). Every run generates
    a level of new words (parsed before the clock starts), as a worker meets one job after another: texts a
    memo kept from an earlier run of the same level would make a repeat cheaper than any real job."""
    from lessonforge.domain.payload import parse_payload
    from lessonforge.generation import OUTPUT_TYPES, generate_all
    from lessonforge.runtime import settle_heap

    settle_heap()
    figures: dict[str, float] = {}
    run = 0
    for name, build in (("vocabulary", vocabulary_level), ("mixed", mixed_level)):
        for lessons in SIZES:
            run += 1
            generate_all(OUTPUT_TYPES, parse_payload(build(lessons, run)))  # warm-up: imports, catalogues
            best = float("inf")
            for _ in range(max(5, 1000 // lessons)):
                run += 1
                payload = parse_payload(build(lessons, run))
                if paused:
                    gc.disable()
                started = time.process_time()
                generate_all(OUTPUT_TYPES, payload)
                best = min(best, time.process_time() - started)
                gc.enable()
                del payload
            figures[f"{name}_{lessons}"] = best * 1000
    return figures


def _run(src: Path | None, collector: str) -> dict[str, float]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    command = [sys.executable, __file__, "--measure", "--collector", collector]
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return {key: float(value) for key, value in json.loads(out).items()}


def _extract(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "server/src"], check=True, capture_output=True)
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into / "server" / "src"


def _best(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: min(run[key] for run in runs) for key in runs[0]}


def main(baseline: str | None = None, rounds: int = 2, collector: str = "paused") -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        base_src = _extract(baseline, Path(tmp)) if baseline else None
        ours: list[dict[str, float]] = []
        theirs: list[dict[str, float]] = []
        for _ in range(rounds):
            if base_src is not None:
                theirs.append(_run(base_src, collector))
            ours.append(_run(None, collector))
    now = _best(ours)
    before = _best(theirs) if theirs else {}
    for key, ms in now.items():
        lessons = int(key.rsplit("_", 1)[1])
        line = f"{key:16s} {ms:9.2f} ms  {ms * 1000 / lessons:6.0f} us per lesson"
        if before:
            was = before[key]
            line += f"   baseline {was:9.2f} ms ({was * 1000 / lessons:6.0f} us)  ratio {ms / was:5.2f}"
        print(line)
    return now


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--baseline", help="git revision to time in the same run (e.g. main)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--collector", choices=("on", "paused"), default="paused", help="paused (default): as jobs run; on: running"
    )
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.collector == "paused")))
    else:
        main(args.baseline, args.rounds, args.collector)
