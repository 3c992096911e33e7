"""Shared fixtures for the SDK tests: state kept in a temp dir, sync/async harnesses, fake clock."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The helper modules (sdk_*.py) sit beside the tests. Appended, never prepended: other test trees
# import their own `conftest` by name and must keep finding it first.
if str(Path(__file__).parent) not in sys.path:
    sys.path.append(str(Path(__file__).parent))

from sdk_testkit import FakeClock, Harness


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never write ~/.lessonforge during tests."""
    directory = tmp_path / "state"
    monkeypatch.setenv("LESSONFORGE_STATE_DIR", str(directory))
    return directory


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["sync", "async"])
def harness(request: pytest.FixtureRequest, clock: FakeClock) -> Harness:
    """Builds sync or async clients over a scripted MockTransport; every test runs with both."""
    return Harness(request.param, clock)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
