"""Long lists in the console, in process: webhooks and content projects 25 a page (``?page=n``), a model's
contents 20 a page through the Content API's own ``skip``/``take`` — every row on exactly one page, Previous
and Next links between pages, the filters and sort kept on those links."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from lf_accounts import OrgAccount
from lf_console import console_sign_in, post_form

from lessonforge.console.routes.content_items import PAGE_SIZE as CONTENTS_PAGE_SIZE
from lessonforge.console.web import LIST_PAGE_SIZE
from lessonforge.domain.content.tokens import DEFAULT_RATE_LIMIT
from lessonforge.domain.content.writes import Block
from lessonforge.services import webhooks
from lessonforge.services.content import projects, writes
from lessonforge.services.content.access import admin_principal
from lessonforge.services.context import ServiceContext


def _pages(client: TestClient, path: str, row: re.Pattern[str], *queries: str) -> list[tuple[list[str], str]]:
    """Each ``path + query``'s rows (by ``row``'s group) and the page's HTML."""
    shown = []
    for query in queries:
        answer = client.get(path + query)
        assert answer.status_code == 200, answer.text
        shown.append((row.findall(answer.text), answer.text))
    return shown


def test_webhooks_are_listed_25_a_page_with_previous_and_next_links(
    client: TestClient, org: OrgAccount, ctx: ServiceContext
) -> None:
    made = [f"http://127.0.0.1:9/hook-{n:02d}" for n in range(LIST_PAGE_SIZE + 3)]
    for url in made:
        webhooks.create_webhook(ctx, org.organization_id, url, ["content.completed"])
    console_sign_in(client, org)
    hooks = f"/admin/orgs/{org.organization_id}/webhooks"
    row = re.compile(r"<td><code>(http://127\.0\.0\.1:9/hook-\d\d)</code></td>")
    (first, first_page), (second, second_page), (past, _) = _pages(client, hooks, row, "", "?page=2", "?page=9")
    assert len(first) == LIST_PAGE_SIZE and len(second) == 3
    assert sorted(first + second) == made  # every webhook on exactly one page
    assert 'href="?page=2" rel="next"' in first_page and 'rel="prev"' not in first_page
    assert 'href="?page=1" rel="prev"' in second_page and 'rel="next"' not in second_page
    assert past == second  # past the end: the last page
    added = post_form(client, hooks, {"url": "http://127.0.0.1:9/hook-new", "event-content.failed": "1"})
    assert added.status_code == 200 and 'href="?page=2" rel="next"' in added.text  # still paged after a POST


def test_content_projects_are_listed_25_a_page_with_previous_and_next_links(
    client: TestClient, org: OrgAccount, ctx: ServiceContext
) -> None:
    made = [f"Project {n:02d}" for n in range(2 * LIST_PAGE_SIZE + 1)]
    for name in made:
        projects.create_project(ctx, org.organization_id, name, ["en"], DEFAULT_RATE_LIMIT)
    console_sign_in(client, org)
    listed = f"/admin/orgs/{org.organization_id}/content"
    row = re.compile(r'/content/[0-9a-f-]+">(Project \d\d)</a>')
    pages = _pages(client, listed, row, "", "?page=2", "?page=3", "?page=0")
    assert [len(rows) for rows, _ in pages] == [LIST_PAGE_SIZE, LIST_PAGE_SIZE, 1, LIST_PAGE_SIZE]
    assert sorted(pages[0][0] + pages[1][0] + pages[2][0]) == made
    middle = pages[1][1]
    assert 'href="?page=1" rel="prev"' in middle and 'href="?page=3" rel="next"' in middle
    assert 'rel="next"' not in pages[2][1] and pages[3][0] == pages[0][0]  # page 0: the first page


def test_a_model_s_contents_are_paged_by_the_content_api_keeping_sort_and_filter(
    client: TestClient, org: OrgAccount, ctx: ServiceContext
) -> None:
    console_sign_in(client, org)
    base = f"/admin/orgs/{org.organization_id}/content"
    created = post_form(client, base, {"name": "Notes", "languages": "en"})
    project_id = re.search(rf'href="{base}/([0-9a-f-]+)">Notes<', created.text)
    assert project_id
    project = f"{base}/{project_id.group(1)}"
    model = post_form(
        client,
        f"{project}/models",
        {"kind": "entity", "name": "note", "f0-name": "kind", "f0-type": "short-text"},
        page=project,
    )
    model_id = re.search(r"/models/([0-9a-f-]+)$", str(model.url))
    assert model.status_code == 200 and model_id, model.text
    principal = admin_principal(projects.project_of(ctx, org.organization_id, project_id.group(1)))
    total = 2 * CONTENTS_PAGE_SIZE + 5
    for n in range(total):
        kind = "even" if n % 2 == 0 else "odd"
        writes.create_content(ctx, principal, "note", f"Note {n:02d}", [Block("en", [("kind", kind)])])
    contents = f"{project}/models/{model_id.group(1)}/contents"
    row = re.compile(r'/contents/[0-9a-f-]+">(Note \d\d)</a>')

    def page(query: str) -> tuple[list[str], dict[str, str]]:
        answer = client.get(contents + query)
        assert answer.status_code == 200, answer.text
        links = re.findall(r'<a href="([^"]+)" rel="(prev|next)">', answer.text)
        return row.findall(answer.text), {rel: html.unescape(href) for href, rel in links}

    first, first_links = page("?sort=name:desc")
    assert first == [f"Note {n:02d}" for n in range(total - 1, total - 1 - CONTENTS_PAGE_SIZE, -1)]
    assert first_links == {"next": f"?sort=name%3Adesc&skip={CONTENTS_PAGE_SIZE}"}
    second, second_links = page(first_links["next"])
    assert second == [f"Note {n:02d}" for n in range(total - 1 - CONTENTS_PAGE_SIZE, 4, -1)]
    assert second_links == {
        "prev": "?sort=name%3Adesc&skip=0",
        "next": f"?sort=name%3Adesc&skip={2 * CONTENTS_PAGE_SIZE}",
    }
    last, last_links = page(second_links["next"])
    assert last == ["Note 04", "Note 03", "Note 02", "Note 01", "Note 00"] and set(last_links) == {"prev"}
    odd, odd_links = page("?sort=name:asc&filter=fields.kind=odd")  # the Content API's filter grammar
    assert odd == [f"Note {n:02d}" for n in range(1, 2 * CONTENTS_PAGE_SIZE, 2)]
    assert "filter=fields.kind%3Dodd" in odd_links["next"] and "sort=name%3Aasc" in odd_links["next"]
    rest, rest_links = page(odd_links["next"])
    assert rest == [f"Note {n:02d}" for n in range(2 * CONTENTS_PAGE_SIZE + 1, total, 2)] and "next" not in rest_links
