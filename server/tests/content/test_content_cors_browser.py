"""A static site on another loopback port reads the Content API from headless Chromium with a read token:
the preflight is answered for the allowed origin, and a page from any other origin is blocked by the browser."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from content.conftest import ContentProjectTokens, post_content, post_model
from fastapi.testclient import TestClient
from lf_browser import chromium
from lf_support import free_port, running, server_env, uvicorn_command, wait_until_up

from lessonforge.settings import Settings

pytestmark = pytest.mark.slow

PAGE = """<!doctype html><meta charset="utf-8"><title>site</title><pre id="out">waiting</pre>
<script>
const api = %(api)s, token = %(token)s;
fetch(api + "/api/1.0/contents?contentType=post&language=en", {headers: {Authorization: "Bearer " + token}})
  .then(async (r) => { document.getElementById("out").textContent = JSON.stringify(
      {status: r.status, requestId: r.headers.get("x-request-id"), titles: (await r.json()).map(
        (c) => c.fields.find((f) => f.name === "title").value)}); })
  .catch((e) => { document.getElementById("out").textContent = "blocked: " + e.name; });
</script>"""


@contextmanager
def static_site(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on a free loopback port (another origin than the API)."""
    port = free_port()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *_args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_on_an_allowed_origin_reads_contents_and_another_origin_is_blocked(
    client: TestClient, project: ContentProjectTokens, settings: Settings, tmp_path: Path
) -> None:
    post_model(client, project, {"name": "post", "fieldList": [{"name": "title", "type": "short-text"}]})
    post_content(client, project, "post", {"title": "From the API"})
    api_port = free_port()
    api = f"http://127.0.0.1:{api_port}"
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "index.html").write_text(PAGE % {"api": json.dumps(api), "token": json.dumps(project.read)})
    with static_site(site_dir) as allowed, static_site(site_dir) as other:
        env = server_env(
            settings.database_url, settings.data_dir, api,
            LESSONFORGE_IN_PROCESS_WORKER="0", LESSONFORGE_CONTENT_CORS_ORIGINS=allowed,
        )  # fmt: skip
        with running(uvicorn_command(api_port), env, tmp_path / "server.log"), chromium() as browser:
            wait_until_up(f"{api}/healthz")
            page = browser.new_page()
            page.goto(f"{allowed}/index.html")
            page.wait_for_function("() => document.getElementById('out').textContent !== 'waiting'", timeout=20000)
            result = json.loads(page.text_content("#out") or "")
            assert result["status"] == 200 and result["titles"] == ["From the API"]
            assert result["requestId"]  # an exposed header, readable by the page
            blocked = browser.new_page()
            blocked.goto(f"{other}/index.html")
            blocked.wait_for_function("() => document.getElementById('out').textContent !== 'waiting'", timeout=20000)
            assert blocked.text_content("#out") == "blocked: TypeError"
        answered = [
            json.loads(line) for line in (tmp_path / "server.log").read_text().splitlines() if '"OPTIONS"' in line
        ]
        # the browser asked first (an Authorization header is not a simple request): allowed 200, other origin 400
        assert sorted(entry["status"] for entry in answered) == [200, 400], answered
