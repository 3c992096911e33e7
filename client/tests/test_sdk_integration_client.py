"""Every Content Integration endpoint: method, path, body, auth, and typed tolerant answers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lessonforge_client import CreatedApiKey, ExpansionResult, Job
from sdk_testkit import API_KEY, Harness, Script, job_body, respond

KEY = {
    "apiKey": API_KEY,
    "keyId": "k1",
    "keyPrefix": API_KEY[:23],
    "name": "LMS",
    "rateLimitPerMinute": 60,
    "createdAt": "2026-07-04T10:00:00Z",
}
LISTED_KEY = {k: v for k, v in KEY.items() if k != "apiKey"} | {
    "status": "active",
    "lastUsedAt": None,
    "revokedAt": None,
}
RESULT = {
    "job": job_body(status="completed"),
    "outputs": job_body(status="completed")["outputs"],
    "manifest": {
        "jobId": "job-1",
        "sourceType": "source_json",
        "title": "A1",
        "status": "completed",
        "outputs": [
            {
                "outputType": "interactive_module",
                "resourceType": "module",
                "resourceId": "m1",
                "title": "A1",
                "urls": {"publicUrl": "http://lf.test/share/module/t"},
            }
        ],
    },
}

CASES: list[tuple[str, tuple[Any, ...], dict[str, Any], Any, str, str, Any, bool]] = [
    # method name, args, kwargs, answer, HTTP method, path, JSON body sent, bearer?
    ("login", ("a@b.c", "pw"), {}, {"admin": {"id": "a1", "email": "a@b.c"}}, "POST", "/auth/login",
     {"email": "a@b.c", "password": "pw"}, False),
    ("logout", (), {}, None, "POST", "/auth/logout", None, False),
    ("list_organizations", (), {}, [{"id": "o1", "name": "North"}], "GET", "/v1/content/organizations", None, False),
    ("create_api_key", ("o1", "LMS", 120), {}, KEY, "POST", "/v1/content/organizations/o1/api-keys",
     {"name": "LMS", "rateLimitPerMinute": 120}, False),
    ("list_api_keys", ("o1",), {}, [LISTED_KEY], "GET", "/v1/content/organizations/o1/api-keys", None, False),
    ("rotate_api_key", ("o1", "k1"), {}, KEY, "POST", "/v1/content/organizations/o1/api-keys/k1/rotate", None, False),
    ("revoke_api_key", ("o1", "k1"), {}, None, "POST", "/v1/content/organizations/o1/api-keys/k1/revoke", None, False),
    ("list_classrooms", (), {}, [{"id": "c1", "name": "Default"}], "GET", "/v1/content/classrooms", None, True),
    ("create_expansion", ({"title": "T"},),
     {"requested_outputs": ["summary_video"], "source_type": "csv", "classroom_id": "c1"}, job_body(),
     "POST", "/v1/content/integrations/expansions",
     {"payload": {"title": "T"}, "requestedOutputs": ["summary_video"], "sourceType": "csv", "classroomId": "c1"}, True),
    ("get_expansion", ("job-1",), {}, job_body(), "GET", "/v1/content/integrations/expansions/job-1", None, True),
    ("get_expansion_result", ("job-1",), {}, RESULT, "GET", "/v1/content/integrations/expansions/job-1/result", None, True),
    ("list_expansions", (), {"status": "failed", "limit": 5, "cursor": "abc"}, {"items": [job_body()], "nextCursor": "n"},
     "GET", "/v1/content/integrations/expansions?status=failed&limit=5&cursor=abc", None, True),
    ("create_ui_export", ("c1", "lesson-9"), {"idempotency_key": "ui-1"}, RESULT, "POST",
     "/v1/content/classrooms/c1/integrations/exports", {"lessonId": "lesson-9", "idempotencyKey": "ui-1"}, False),
    ("get_resource", ("modules", "m1"), {}, {"id": "m1", "version": 2, "title": "A1"}, "GET", "/v1/content/modules/m1",
     None, True),
    ("list_resources", ("tests",), {"limit": 10}, {"items": [{"id": "t1"}], "nextCursor": None}, "GET",
     "/v1/content/tests?limit=10", None, True),
    ("update_resource", ("videos", "v1", {"title": "New"}), {"if_match": 3}, {"id": "v1", "version": 4}, "PATCH",
     "/v1/content/videos/v1", {"title": "New"}, True),
    ("delete_resource", ("tests", "t1"), {}, None, "DELETE", "/v1/content/tests/t1", None, True),
    ("render_video", ("v1",), {}, {"id": "v1", "renderStatus": "queued"}, "POST", "/v1/content/videos/v1/render", None, True),
    ("create_webhook", ("o1", "https://hook.test/x", ["content.completed"]), {},
     {"id": "w1", "organizationId": "o1", "url": "https://hook.test/x", "events": ["content.completed"],
      "status": "active", "secret": "whsec_c2VjcmV0", "createdAt": "2026-07-04T10:00:00Z"},
     "POST", "/v1/content/organizations/o1/webhooks", {"url": "https://hook.test/x", "events": ["content.completed"]}, False),
    ("list_webhooks", ("o1",), {}, [{"id": "w1", "url": "https://hook.test/x"}], "GET",
     "/v1/content/organizations/o1/webhooks", None, False),
    ("delete_webhook", ("o1", "w1"), {}, None, "DELETE", "/v1/content/organizations/o1/webhooks/w1", None, False),
    ("list_webhook_deliveries", ("o1", "w1"), {}, [{"id": "d1", "status": "succeeded"}], "GET",
     "/v1/content/organizations/o1/webhooks/w1/deliveries", None, False),
    ("redeliver_webhook_delivery", ("o1", "w1", "d1"), {}, None, "POST",
     "/v1/content/organizations/o1/webhooks/w1/deliveries/d1/redeliver", None, False),
    ("create_content_project", ("o1", "Site", ["en", "ko"]), {},
     {"id": "p1", "name": "Site", "languages": ["en", "ko"], "readToken": "r", "writeToken": "w"},
     "POST", "/v1/content/organizations/o1/content-projects", {"name": "Site", "languages": ["en", "ko"]}, False),
    ("list_content_projects", ("o1",), {}, [{"id": "p1", "name": "Site"}], "GET",
     "/v1/content/organizations/o1/content-projects", None, False),
    ("rotate_content_project_tokens", ("o1", "p1"), {}, {"id": "p1", "name": "Site", "readToken": "r2"}, "POST",
     "/v1/content/organizations/o1/content-projects/p1/tokens/rotate", None, False),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_endpoint_sends_the_right_request(harness: Harness, case: tuple[Any, ...]) -> None:
    name, args, kwargs, answer, method, path, body, bearer = case
    reply = respond(200, answer) if answer is not None else respond(200, content=b"")
    script = Script(reply)
    value = getattr(harness.integration(script), name)(*args, **kwargs)
    request = script.requests[0]
    assert request.method == method
    assert request.url.raw_path.decode() == path
    assert (json.loads(request.content) if request.content else None) == body
    assert ("Authorization" in request.headers) is bearer
    if bearer:
        assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    if answer is None:
        assert value is None or name == "redeliver_webhook_delivery"
    assert ("Idempotency-Key" in request.headers) is (method == "POST")


def test_ids_are_escaped_so_they_cannot_change_the_route(harness: Harness) -> None:
    script = Script(respond(200, job_body()))
    harness.integration(script).get_expansion("../../auth/login")
    assert (
        script.requests[0].url.raw_path.decode()
        == "/v1/content/integrations/expansions/..%2F..%2Fauth%2Flogin"
    )


def test_unknown_fields_are_kept_and_attributes_are_snake_case(harness: Harness) -> None:
    body = job_body(futureField={"x": 1})
    body["outputs"][0]["brandNew"] = True
    job = harness.integration(Script(respond(200, body))).get_expansion("job-1")
    assert isinstance(job, Job)
    assert job.model_extra == {"futureField": {"x": 1}}
    assert job.outputs[0].model_extra == {"brandNew": True}
    assert job.source_title == "A1 Foundations"
    assert job.to_wire()["futureField"] == {"x": 1}
    assert job.to_wire()["sourceTitle"] == "A1 Foundations"


def test_result_and_keys_are_typed(harness: Harness) -> None:
    client = harness.integration(Script(respond(200, RESULT), respond(201, KEY)))
    result = client.get_expansion_result("job-1")
    assert isinstance(result, ExpansionResult)
    assert result.manifest is not None
    assert result.manifest.outputs[0].urls["publicUrl"].endswith("/share/module/t")
    created = client.create_api_key("o1", "LMS")
    assert isinstance(created, CreatedApiKey)
    assert API_KEY not in repr(created)


def test_a_list_also_accepts_an_items_wrapper(harness: Harness) -> None:
    script = Script(respond(200, {"items": [{"id": "c1", "name": "Default"}]}))
    assert harness.integration(script).list_classrooms()[0].id == "c1"


def test_the_login_cookie_is_sent_on_admin_calls(harness: Harness) -> None:
    script = Script(
        respond(
            200,
            {"admin": {"id": "a1", "email": "a@b.c"}},
            headers={"Set-Cookie": "jwt=s3ss10n; Path=/; HttpOnly"},
        ),
        respond(200, [{"id": "o1"}]),
    )
    client = harness.integration(script, api_key=None)
    client.login("a@b.c", "pw")
    client.list_organizations()
    assert script.requests[1].headers["Cookie"] == "jwt=s3ss10n"


def test_invalid_resource_kinds_are_refused_before_sending(harness: Harness) -> None:
    script = Script(respond(200, {"id": "x"}))
    with pytest.raises(ValueError, match="kind must be one of"):
        harness.integration(script).get_resource("widgets", "x")
    assert script.requests == []


def test_the_base_url_may_carry_a_path_prefix_and_trailing_slash(harness: Harness) -> None:
    from sdk_testkit import Driver

    script = Script(respond(200, job_body()))
    client = harness.integration(script)
    client.client._transport.core.base_url = "http://lf.test/prefix"
    Driver(client.client, harness.mode).get_expansion("job-1")
    assert (
        str(script.requests[0].url)
        == "http://lf.test/prefix/v1/content/integrations/expansions/job-1"
    )


def test_key_prefix_is_the_first_23_characters(harness: Harness) -> None:
    client = harness.integration(Script(respond(200, {})))
    assert client.key_prefix == API_KEY[:23]
    assert harness.integration(Script(respond(200, {})), api_key=None).key_prefix is None
