"""Browser helpers shared by console and docs tests: one Chromium per module, axe-core, screenshots.

axe-core comes from npm (installed once into a cache folder, like the Content Island client); screenshots
go to ``LESSONFORGE_TEST_ARTIFACTS`` (default ``var/test-artifacts``), kept by CI as test artifacts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from lf_share import CHROMIUM_ARGS, require_chromium
from lf_support import npm_installed

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

AXE_PACKAGE = "axe-core@4"
AXE_CACHE = Path.home() / ".cache" / "lessonforge-npm" / "axe-core-4"
REPO = Path(__file__).resolve().parents[2]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver"}


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium, launched once (skipped locally when missing, a failure on CI)."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def offline(page: Page) -> list[str]:
    """Abort every request that leaves this machine; returns the list of aborted URLs (to assert empty)."""
    aborted: list[str] = []

    def handle(route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            aborted.append(url)
            route.abort()

    page.route("**/*", handle)
    return aborted


def axe_source() -> str:
    """axe.min.js from the npm package ``axe-core`` (installed once into the cache)."""
    modules = npm_installed(AXE_PACKAGE, AXE_CACHE, "axe-core/axe.min.js")
    return str((modules / "axe-core" / "axe.min.js").read_text(encoding="utf-8"))


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA rules)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    result: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def artifacts_dir(area: str) -> Path:
    """Where this run's screenshots of ``area`` go."""
    root = Path(os.environ.get("LESSONFORGE_TEST_ARTIFACTS", REPO / "var" / "test-artifacts"))
    folder = root / area
    folder.mkdir(parents=True, exist_ok=True)
    return folder
