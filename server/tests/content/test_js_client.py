"""The published JavaScript client (@content-island/api-client@0.16.0) against a real uvicorn server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from content.conftest import ContentProjectTokens, post_content, post_model
from fastapi.testclient import TestClient
from lf_support import free_port, npm_installed, require_tool, running, server_env, uvicorn_command, wait_until_up

from lessonforge.settings import Settings

CLIENT_PACKAGE = "@content-island/api-client@0.16.0"
CACHE = Path.home() / ".cache" / "lessonforge-npm" / "api-client-0.16.0"
SCRIPT = Path(__file__).parent / "js" / "client_compat.mjs"

pytestmark = pytest.mark.slow


def installed_client() -> Path:
    """node_modules holding the client, installed once into the cache folder."""
    return npm_installed(CLIENT_PACKAGE, CACHE, "@content-island/api-client/package.json")


def seed(client: TestClient, project: ContentProjectTokens) -> dict[str, str]:
    """A two-language blog: three published posts (one in English and Spanish) and their author."""
    author_model = post_model(
        client, project, {"name": "author", "fieldList": [{"name": "name", "type": "short-text"}]}
    )
    post_model(
        client,
        project,
        {
            "name": "post",
            "fieldList": [
                {"name": "title", "type": "short-text", "validations": [{"name": "required"}]},
                {"name": "slug", "type": "short-text", "validations": [{"name": "unique"}]},
                {"name": "order", "type": "number"},
                {"name": "featured", "type": "boolean"},
                {"name": "tags", "type": "short-text", "isArray": True},
                {"name": "author", "type": "relation", "relatedModelId": author_model},
            ],
        },
    )
    author = post_content(client, project, "author", {"name": "Ada"})
    first = post_content(
        client,
        project,
        "post",
        {"title": "Hello", "slug": "hello", "order": 1, "featured": True, "tags": ["a", "b"], "author": author},
        es={"title": "Hola", "slug": "hola"},
    )
    second = post_content(client, project, "post", {"title": "World", "slug": "world", "order": 2, "featured": False})
    third = post_content(client, project, "post", {"title": "Again", "slug": "again", "order": 3, "author": author})
    post_content(client, project, "post", {"title": "Draft", "slug": "draft", "order": 4}, publish=False)
    post_model(client, project, {"name": "note", "fieldList": [{"name": "n", "type": "number"}]})
    for n in range(NOTES):  # more than the old silent default of 100: a list without paging must hold them all
        post_content(client, project, "note", {"n": n})
    return {"first": first, "second": second, "third": third, "author": author}


NOTES = 101
PUBLISHED = 4 + NOTES  # three posts, their author, the notes


def test_the_published_javascript_client_works_unchanged_against_the_server(
    client: TestClient, project: ContentProjectTokens, settings: Settings, tmp_path: Path
) -> None:
    node = require_tool("node")
    modules = installed_client()
    ids = seed(client, project)
    workdir = tmp_path / "js"
    workdir.mkdir()
    (workdir / "node_modules").symlink_to(modules, target_is_directory=True)
    shutil.copy(SCRIPT, workdir / SCRIPT.name)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_env(settings.database_url, settings.data_dir, base, LESSONFORGE_IN_PROCESS_WORKER="0")
    with running(uvicorn_command(port), env, tmp_path / "server.log"):
        wait_until_up(f"{base}/healthz")
        script_env = {
            **os.environ,
            "LF_DOMAIN": f"127.0.0.1:{port}",
            "LF_READ_TOKEN": project.read,
            "LF_WRITE_TOKEN": project.write,
            "LF_IDS": json.dumps(ids),
            "LF_PUBLISHED": str(PUBLISHED),
        }
        result = subprocess.run(
            [node, SCRIPT.name], cwd=workdir, env=script_env, capture_output=True, text=True, timeout=120
        )
    assert result.returncode == 0, result.stdout + result.stderr + (tmp_path / "server.log").read_text()[-3000:]
    assert result.stdout.startswith("ok "), result.stdout
