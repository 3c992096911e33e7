"""The CMS in the console, in process: a project's tokens shown once, models and enums edited with the Content
API's rules, contents in two languages with every field type, inline errors, publish, the read-token preview."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from lf_accounts import OrgAccount
from lf_console import console_sign_in, csrf_of, post_form


def _project(client: TestClient, org: OrgAccount) -> tuple[str, str]:
    base = f"/admin/orgs/{org.organization_id}/content"
    created = post_form(client, base, {"name": "Blog", "languages": "en, es"})
    read = re.search(r'id="read-token" class="secret-value">([^<]+)<', created.text)
    assert read and "you will not see this again" in created.text
    project = re.search(rf'href="{base}/([0-9a-f-]+)">Blog<', created.text)
    assert project
    return f"{base}/{project.group(1)}", read.group(1)


def _model(client: TestClient, project: str, data: dict[str, str]) -> str:
    made = post_form(client, f"{project}/models", data, page=project)
    assert made.status_code == 200, made.text
    found = re.search(rf"{project}/models/([0-9a-f-]+)", str(made.url))
    assert found
    return found.group(1)


def test_a_model_and_a_content_in_two_languages_are_published_and_read_back_with_the_read_token(
    client: TestClient, org: OrgAccount
) -> None:
    console_sign_in(client, org)
    project, read_token = _project(client, org)
    tone = _model(client, project, {"kind": "enum", "name": "tone", "values": "calm\nbold"})
    author = _model(client, project, {"kind": "entity", "name": "author", "f0-name": "name", "f0-type": "short-text"})
    post = _model(
        client,
        project,
        {
            "kind": "entity",
            "name": "post",
            "f0-name": "title",
            "f0-type": "short-text",
            "f0-required": "1",
            "f0-max": "40",
            "f1-name": "order",
            "f1-type": "number",
            "f2-name": "tags",
            "f2-type": "short-text",
            "f2-array": "1",
        },
    )
    model_page = client.get(f"{project}/models/{post}")
    rows = re.search(r'name="rows" value="(\d+)"', model_page.text)
    assert rows and rows.group(1) == "6"
    ids = re.findall(r'name="f(\d)-id" value="([^"]+)"', model_page.text)
    edit = {
        "name": "post",
        "rows": "6",
        **{f"f{i}-id": v for i, v in ids},
        "f0-name": "title",
        "f0-type": "short-text",
        "f0-required": "1",
        "f0-max": "40",
        "f1-name": "order",
        "f1-type": "number",
        "f2-name": "tags",
        "f2-type": "short-text",
        "f2-array": "1",
        "f3-name": "featured",
        "f3-type": "boolean",
        "f4-name": "tone",
        "f4-type": "enum",
        "f4-related": tone,
        "f5-name": "author",
        "f5-type": "relation",
        "f5-related": author,
    }
    saved = post_form(client, f"{project}/models/{post}", edit)
    assert saved.status_code == 200 and "Saved." in saved.text
    new_author = post_form(
        client,
        f"{project}/models/{author}/contents",
        {"name": "Ana", "v-name": "Ana"},
        page=f"{project}/models/{author}/contents/new",
    )
    assert new_author.status_code == 200
    new_post = f"{project}/models/{post}/contents"
    bad = post_form(client, new_post, {"name": "Hello", "v-title": "", "v-order": "many"}, page=f"{new_post}/new")
    assert bad.status_code == 400
    assert re.search(r'id="e-v-title">Required<', bad.text) and re.search(
        r'id="e-v-order">Expected a number<', bad.text
    )
    author_id = re.search(r'<option value="([0-9a-f-]+)">Ana</option>', bad.text)
    assert author_id
    created = post_form(
        client,
        new_post,
        {
            "name": "Hello",
            "v-title": "Hello",
            "v-order": "3",
            "v-tags": "a\nb",
            "v-featured": "1",
            "v-tone": "bold",
            "v-author": author_id.group(1),
        },
        page=f"{new_post}/new",
    )
    assert created.status_code == 200 and "Saved." in created.text, created.text
    content = re.search(rf"{project}/contents/([0-9a-f-]+)", str(created.url))
    assert content
    spanish = post_form(
        client,
        f"{project}/contents/{content.group(1)}",
        {"language": "es", "v-title": "Hola", "v-order": "3"},
        page=f"{project}/contents/{content.group(1)}?language=es",
    )
    assert spanish.status_code == 200 and "Saved." in spanish.text
    too_long = post_form(
        client,
        f"{project}/contents/{content.group(1)}",
        {"language": "es", "v-title": "x" * 41, "v-order": "3"},
        page=f"{project}/contents/{content.group(1)}?language=es",
    )
    assert too_long.status_code == 400 and 'id="e-v-title"' in too_long.text
    api = {"Authorization": f"Bearer {read_token}"}
    assert client.get("/api/1.0/contents", params={"contentType": "post"}, headers=api).json() == []
    page = client.get(f"{project}/contents/{content.group(1)}")
    published = client.post(
        f"{project}/contents/{content.group(1)}/publish", data={"csrf": csrf_of(page.text), "language": "en"}
    )
    assert "Published" in published.text
    (read,) = client.get("/api/1.0/contents", params={"contentType": "post", "language": "es"}, headers=api).json()
    values = {f["name"]: f["value"] for f in read["fields"]}
    assert values["title"] == "Hola" and values["order"] == 3, values
    (english,) = client.get("/api/1.0/contents", params={"contentType": "post", "language": "en"}, headers=api).json()
    assert {f["name"]: f["value"] for f in english["fields"]} == {
        "title": "Hello",
        "order": 3,
        "tags": ["a", "b"],
        "featured": True,
        "tone": "bold",
        "author": author_id.group(1),
    }
    preview = client.get(f"{project}/preview", params={"contentType": "post", "language": "es"})
    assert "Hola" in preview.text and "Ana" not in preview.text  # authors are drafts: a read token cannot see them
    listed = client.get(f"{project}/models/{post}/contents", params={"sort": "name:asc", "filter": "fields.order=3"})
    assert "Hello" in listed.text
    refused = client.get(f"{project}/models/{post}/contents", params={"filter": "fields.nope=1"})
    assert refused.status_code == 400


def test_model_rules_are_the_content_api_s_and_show_on_their_row(client: TestClient, org: OrgAccount) -> None:
    console_sign_in(client, org)
    project, _ = _project(client, org)
    post = _model(client, project, {"kind": "entity", "name": "post", "f0-name": "title", "f0-type": "short-text"})
    page = client.get(f"{project}/models/{post}").text
    field_id = re.search(r'name="f0-id" value="([^"]+)"', page)
    assert field_id
    changed = post_form(
        client,
        f"{project}/models/{post}",
        {
            "name": "post",
            "rows": "4",
            "f0-id": field_id.group(1),
            "f0-name": "title",
            "f0-type": "short-text",
            "f1-name": "author",
            "f1-type": "relation",
        },
    )
    assert changed.status_code == 400 and "Required for relation and enum fields" in changed.text
    assert 'id="row-e1"' in changed.text and 'id="row-e0"' not in changed.text


def test_media_date_time_color_rich_text_and_lists_go_through_the_form(client: TestClient, org: OrgAccount) -> None:
    console_sign_in(client, org)
    project, read_token = _project(client, org)
    level = _model(client, project, {"kind": "enum", "name": "level", "values": "A1\nA2\nB1"})
    tag = _model(client, project, {"kind": "entity", "name": "tag", "f0-name": "label", "f0-type": "short-text"})
    for label in ("grammar", "verbs"):
        post_form(
            client,
            f"{project}/models/{tag}/contents",
            {"name": label, "v-label": label},
            page=f"{project}/models/{tag}/contents/new",
        )
    lesson = _model(
        client,
        project,
        {
            "kind": "entity",
            "name": "lesson",
            "f0-name": "cover",
            "f0-type": "media",
            "f0-media": "image/*",
            "f1-name": "starts",
            "f1-type": "date-time",
            "f2-name": "tint",
            "f2-type": "color",
        },
    )
    page = client.get(f"{project}/models/{lesson}").text
    ids = re.findall(r'name="f(\d)-id" value="([^"]+)"', page)
    post_form(
        client,
        f"{project}/models/{lesson}",
        {
            "name": "lesson",
            "rows": "6",
            **{f"f{i}-id": v for i, v in ids},
            "f0-name": "cover",
            "f0-type": "media",
            "f0-media": "image/*",
            "f1-name": "starts",
            "f1-type": "date-time",
            "f2-name": "tint",
            "f2-type": "color",
            "f3-name": "body",
            "f3-type": "long-text",
            "f4-name": "levels",
            "f4-type": "enum",
            "f4-related": level,
            "f4-array": "1",
            "f5-name": "tags",
            "f5-type": "relation",
            "f5-related": tag,
            "f5-array": "1",
        },
    )
    new = f"{project}/models/{lesson}/contents"
    form = client.get(f"{new}/new").text
    tag_ids = re.findall(r'<option value="([0-9a-f-]+)">(?:grammar|verbs)</option>', form)
    assert len(tag_ids) == 2
    data = {
        "csrf": csrf_of(form),
        "name": "Lesson 1",
        "v-starts": "2026-12-01T09:30",
        "v-tint": "#1e90ff",
        "v-body": "<p>Rich <strong>text</strong></p>",
        "v-levels": ["A1", "B1"],
        "v-tags": tag_ids,
    }
    wrong = client.post(new, data=data, files={"v-cover": ("notes.txt", b"plain", "text/plain")})
    assert wrong.status_code == 400 and "Media type not allowed" in wrong.text
    made = client.post(new, data=data, files={"v-cover": ("cover.png", b"\x89PNG\r\n\x1a\n", "image/png")})
    assert made.status_code == 200 and "Saved." in made.text, made.text
    content = re.search(rf"{project}/contents/([0-9a-f-]+)", str(made.url))
    assert content
    publish = client.post(f"{project}/contents/{content.group(1)}/publish", data={"csrf": csrf_of(made.text)})
    assert publish.status_code == 200
    (read,) = client.get(
        "/api/1.0/contents", params={"contentType": "lesson"}, headers={"Authorization": f"Bearer {read_token}"}
    ).json()
    values = {f["name"]: f["value"] for f in read["fields"] if f["language"] == "en"}
    assert values["starts"].startswith("2026-12-01T09:30:00") and values["tint"] == "#1e90ff"
    assert values["body"] == "<p>Rich <strong>text</strong></p>" and values["levels"] == ["A1", "B1"]
    assert values["tags"] == tag_ids and values["cover"]["name"].endswith("cover.png")
    assert client.get(values["cover"]["url"]).content == b"\x89PNG\r\n\x1a\n"


def test_a_refused_enum_edit_is_shown_as_typed_with_the_problem_on_its_own_row(
    client: TestClient, org: OrgAccount
) -> None:
    console_sign_in(client, org)
    project, _ = _project(client, org)
    tone = _model(client, project, {"kind": "enum", "name": "tone", "values": "calm\nbold"})
    page = client.get(f"{project}/models/{tone}").text
    calm_id = re.search(r'name="e0-id" value="([^"]+)"', page)
    assert calm_id
    # "bold" cleared (removed), "Calm" typed two rows below: the rules see the 2nd value, the form shows row 3
    form = {"name": "tone", "rows": "5", "e0-id": calm_id.group(1), "e0-value": "calm", "e2-value": "Calm"}
    refused = post_form(client, f"{project}/models/{tone}", form)
    assert refused.status_code == 400
    assert re.search(
        r'id="e2-value" name="e2-value" value="Calm" aria-invalid="true" aria-describedby="e2-error"', refused.text
    )
    assert '<p class="field-error" id="e2-error">Values must be unique (case-insensitive)</p>' in refused.text
    assert 'id="e1-error"' not in refused.text and 'id="e1-value" name="e1-value" value=""' in refused.text
    assert client.get(f"{project}/models/{tone}").text.count('value="bold"') == 1  # nothing was saved


def test_a_refused_model_edit_is_shown_as_typed_with_the_problem_on_its_own_row(
    client: TestClient, org: OrgAccount
) -> None:
    console_sign_in(client, org)
    project, _ = _project(client, org)
    post = _model(
        client,
        project,
        {
            "kind": "entity",
            "name": "post",
            "f0-name": "title",
            "f0-type": "short-text",
            "f1-name": "body",
            "f1-type": "short-text",
        },
    )
    ids = dict(re.findall(r'name="f(\d)-id" value="([^"]+)"', client.get(f"{project}/models/{post}").text))
    form = {
        "name": "article",
        "rows": "5",
        "f0-id": ids["0"],
        "f0-name": "",  # removes "title"
        "f0-type": "short-text",
        "f1-id": ids["1"],
        "f1-name": "body",
        "f1-type": "long-text",
        "f1-max": "900",
        "f2-name": "author",
        "f2-type": "relation",  # no related model: refused
        "f2-required": "1",
    }
    refused = post_form(client, f"{project}/models/{post}", form)
    assert refused.status_code == 400 and "Required for relation and enum fields" in refused.text
    assert 'id="row-e2"' in refused.text and 'id="row-e1"' not in refused.text  # the 2nd field sent is row 3
    assert 'name="f2-name" value="author" aria-invalid="true"' in refused.text
    assert 'id="f-name" name="name" value="article"' in refused.text
    assert re.search(r'<select id="f1-type" name="f1-type">.*?<option selected>long-text</option>', refused.text)
    assert 'name="f1-max" value="900"' in refused.text and 'name="f0-name" value=""' in refused.text
    assert f'name="f1-id" value="{ids["1"]}"' in refused.text and f'name="f0-id" value="{ids["0"]}"' in refused.text
    shown = client.get(f"{project}/models/{post}").text  # nothing was saved
    assert 'value="title"' in shown and "<h1>Model post</h1>" in shown


def test_a_refused_new_model_or_enum_is_shown_again_as_typed_with_problems_on_their_rows(
    client: TestClient, org: OrgAccount
) -> None:
    console_sign_in(client, org)
    project, _ = _project(client, org)
    model = {
        "kind": "entity",
        "name": "post",
        "f0-name": "title",
        "f0-type": "short-text",
        "f0-max": "40",
        "f2-name": "author",  # row 2 left empty: "author" is the 2nd field the rules see
        "f2-type": "relation",
    }
    refused = post_form(client, f"{project}/models", model, page=project)
    assert refused.status_code == 400 and '<p class="field-error" id="row-e2">' in refused.text
    assert 'id="row-e1"' not in refused.text
    assert 'id="f-name" name="name" type="text" value="post"' in refused.text
    assert 'name="f0-name" value="title"' in refused.text and 'name="f0-max" value="40"' in refused.text
    assert 'name="f2-name" value="author" aria-invalid="true" aria-describedby="row-e2"' in refused.text
    enum = post_form(
        client, f"{project}/models", {"kind": "enum", "name": "tone", "values": "calm\nCalm"}, page=project
    )
    assert enum.status_code == 400 and "Values must be unique" in enum.text
    assert 'id="enum-name" name="name" required value="tone"' in enum.text
    assert '<textarea id="enum-values" name="values" rows="4">calm\nCalm</textarea>' in enum.text
