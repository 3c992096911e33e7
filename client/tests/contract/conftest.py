"""Contract-test fixtures: the SDK and CLI against the real lessonforge server.

Every test here skips when the server package is not installed (`pip install -e ./server`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("lessonforge.api.app")
pytest.importorskip("lessonforge.settings")
# The helper modules (sdk_*.py) sit beside the tests. Appended, never prepended: other test trees
# import their own `conftest` by name and must keep finding it first.
if str(Path(__file__).parent) not in sys.path:
    sys.path.append(str(Path(__file__).parent))

from sdk_live_server import LiveServer, running_server

from lessonforge_client import IntegrationClient

# The server runs in this process, so its resource leaks surface here. They are the server's to fix
# (an upload's SpooledTemporaryFile left unclosed), not the SDK's: they do not fail these tests.
SERVER_LEAK = pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <function SpooledTemporaryFile.__del__"
    ":pytest.PytestUnraisableExceptionWarning"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(SERVER_LEAK)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with running_server(tmp_path_factory.mktemp("lessonforge")) as server:
        yield server


@pytest.fixture
def api_key(live_server: LiveServer) -> str:
    return live_server.new_key()


@pytest.fixture
def client(live_server: LiveServer, api_key: str) -> Iterator[IntegrationClient]:
    with IntegrationClient(live_server.base_url, api_key, persist_errors=False) as sdk:
        yield sdk
