"""``/docs`` renders in a real Chromium with the network blocked: every asset is served here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from lf_accounts import LiveServer
from lf_browser import artifacts_dir, chromium, offline

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def test_swagger_ui_renders_every_operation_with_no_request_leaving_the_machine(
    browser: Browser, live_server: LiveServer
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    aborted = offline(page)
    page.goto(f"{live_server.base_url}/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock").count() >= 40
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()  # the security schemes are declared
    page.screenshot(path=str(artifacts_dir("docs") / "docs-swagger.png"))
    assert aborted == []
    assert {urlsplit(url).netloc for url in requested} == {urlsplit(live_server.base_url).netloc}
    page.close()



def test_redoc_is_not_served_since_its_bundle_needs_a_cdn(live_server: LiveServer) -> None:
    import httpx

    assert httpx.get(f"{live_server.base_url}/redoc").status_code == 404
