"""The console in a real Chromium: a live server with its in-process worker, and a page checker that runs
axe-core at 1280 and 360 px and keeps a screenshot of each page (test artifacts; docs on request)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lf_browser import REPO, artifacts_dir, serious_violations
from lf_support import free_port, running, server_env, uvicorn_command, wait_until_up

from lessonforge.settings import Settings

if TYPE_CHECKING:
    from playwright.sync_api import Page

WIDTHS = (1280, 360)
DOCS_SCREENSHOTS = REPO / "docs" / "images" / "console"


@contextmanager
def console_server(settings: Settings, log: Path) -> Iterator[str]:
    """uvicorn serving the app with its worker (jobs, renders, webhooks run for real); yields the base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_env(
        settings.database_url,
        settings.data_dir,
        base,
        LESSONFORGE_SECRET_KEY=settings.secret_key,
        LESSONFORGE_IN_PROCESS_WORKER="1",
        LESSONFORGE_WEBHOOK_ALLOWED_HOSTS="127.0.0.1",
        LESSONFORGE_WEBHOOK_RETRY_SCHEDULE="0,0",
        LESSONFORGE_RENDER_NARRATION="0",
        LESSONFORGE_WORKER_POLL_SECONDS="0.2",
    )
    with running(uvicorn_command(port), env, log):
        wait_until_up(f"{base}/healthz")
        yield base


@dataclass
class PageChecker:
    """Runs axe on each page at every width (and checks no id is used twice) and saves its screenshots;
    ``for_docs`` names the ones kept in docs."""

    for_docs: set[str]
    checked: list[str] = field(default_factory=list)

    def check(self, page: Page, name: str) -> None:
        folder = artifacts_dir("console")
        duplicated = page.evaluate(
            "() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id);"
            " return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))]; }"
        )
        assert duplicated == [], (
            f"{name}: ids used twice (a label or an error then points at another input): {duplicated}"
        )
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            violations = serious_violations(page)
            assert violations == [], f"{name} at {width} px: {violations}"
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name} scrolls sideways at {width} px ({overflow} px)"
            shot = folder / f"{name}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            if name in self.for_docs and os.environ.get("LESSONFORGE_UPDATE_DOCS_SCREENSHOTS") == "1":
                DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(shot, DOCS_SCREENSHOTS / shot.name)
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        self.checked.append(name)
