"""Sign-in time for a known email with a wrong password vs an unknown email, at the default Argon2 cost.

The issue's measurement before the fix: 495 ms median for a known email vs 15 ms for an unknown one. Both
paths now verify one Argon2 hash; the figure that matters is the ratio of the two medians (1.0 = the same
cost). Tries are interleaved so the machine's load hits both alike; throttles are set out of the way.
"""

from __future__ import annotations

import dataclasses
import logging
import statistics
import time

from _harness import temp_dir
from fastapi.testclient import TestClient

from lessonforge.api.app import create_app
from lessonforge.services import accounts
from lessonforge.settings import Settings
from lessonforge.store.migrate import upgrade

LOGIN = "/auth/login"
TRIES = 21


def _timed(client: TestClient, email: str) -> float:
    started = time.perf_counter()
    response = client.post(LOGIN, json={"email": email, "password": "not-the-password"})
    assert response.status_code == 401, response.text
    return time.perf_counter() - started


def main() -> dict[str, float]:
    logging.disable(logging.INFO)  # no request log lines between the figures
    data = temp_dir()
    url = f"sqlite:///{data / 'bench.db'}"
    upgrade(url)
    settings = Settings(database_url=url, data_dir=data, secret_key="bench-secret-key-0123456789abcdef")
    unthrottled = {
        "login_max_failures": 10**6,
        "login_max_failures_per_email": 10**6,
        "login_max_failures_per_ip": 10**6,
    }
    settings = dataclasses.replace(settings, **unthrottled)
    with TestClient(create_app(settings)) as client:
        accounts.create_admin(client.app.state.ctx, "known@example.com", "the-right-password", "Timing")  # type: ignore[attr-defined]
        _timed(client, "warm-up@example.com")
        known, unknown = [], []
        for number in range(TRIES):
            known.append(_timed(client, "known@example.com"))
            unknown.append(_timed(client, f"nobody-{number}@example.com"))
    figures = {"known_ms": statistics.median(known) * 1000, "unknown_ms": statistics.median(unknown) * 1000}
    figures["ratio"] = figures["known_ms"] / figures["unknown_ms"]
    print(f"known email, wrong password : median {figures['known_ms']:7.1f} ms over {TRIES} tries")
    print(f"unknown email               : median {figures['unknown_ms']:7.1f} ms over {TRIES} tries")
    print(f"ratio known / unknown       : {figures['ratio']:.2f}  (1.00 = same cost; before the fix 495/15 = 33)")
    return figures


if __name__ == "__main__":
    main()
