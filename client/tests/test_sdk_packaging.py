"""The SDK installs and imports with httpx, pydantic, standardwebhooks and httpx-sse (neither of
which has dependencies of its own) only, and exports every public name."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import typer
from typer.testing import CliRunner

import lessonforge_client
from lessonforge_client.cli import register_client_commands

BLOCKER = textwrap.dedent(
    """
    import sys
    from importlib.abc import MetaPathFinder

    BLOCKED = ("typer", "rich", "click", "lessonforge", "fastapi", "starlette")

    class Block(MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"blocked: {name}")
            return None

    sys.meta_path.insert(0, Block())
    import lessonforge_client
    from lessonforge_client import *  # noqa: F403
    print(len(lessonforge_client.__all__))
    """
)


def test_the_sdk_imports_without_the_cli_extra_or_the_server() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCKER], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == len(lessonforge_client.__all__)


def test_the_cli_without_its_extra_explains_what_to_install() -> None:
    script = BLOCKER + "from lessonforge_client.cli import main\nmain()\n"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "pip install 'lessonforge-client[cli]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_every_public_name_is_importable_from_the_root() -> None:
    for name in lessonforge_client.__all__:
        assert hasattr(lessonforge_client, name), name
    for name in (
        "IntegrationClient", "AsyncIntegrationClient", "ContentClient", "AsyncContentClient",
        "map_content_to_model", "ApiClientError", "InvalidApiKeyError", "InvalidRequestError",
        "ForbiddenError", "NotFoundError", "ConflictError", "RateLimitError", "InternalServerError",
        "support_handoff", "verify_webhook",
    ):  # fmt: skip
        assert name in lessonforge_client.__all__


def test_register_client_commands_mounts_every_client_command() -> None:
    app = typer.Typer()

    @app.command()
    def serve() -> None:
        """A server-side command that is already there."""

    register_client_commands(app)
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "expand", "status", "result", "handoff", "keys", "content"):
        assert command in result.output


def test_registering_twice_builds_independent_sub_apps() -> None:
    first, second = typer.Typer(), typer.Typer()
    register_client_commands(first)
    register_client_commands(second)
    assert (
        first.registered_groups[0].typer_instance is not second.registered_groups[0].typer_instance
    )
