"""The SDK against the real lessonforge server: every Integration endpoint and error class."""

from __future__ import annotations

import uuid

import pytest
from sdk_live_server import LiveServer

from lessonforge_client import (
    ConflictError,
    ForbiddenError,
    IntegrationClient,
    InvalidApiKeyError,
    InvalidRequestError,
    NotFoundError,
    support_handoff,
)

GREETINGS = {
    "id": "l1",
    "type": "vocabulary",
    "title": "Greetings",
    "items": [{"term": "hello", "meaning": "a greeting"}, {"term": "bye", "meaning": "a farewell"}],
}
CHECK = {
    "id": "l2",
    "type": "quiz",
    "title": "Check",
    "questions": [{"question": "Hi?", "choices": ["hello", "bye"], "answer": "hello"}],
}
SOURCE = {
    "language": "en",
    "level": {"id": "a1", "title": "A1 Foundations", "lessons": [GREETINGS, CHECK]},
}


def unique_source(tag: str) -> dict[str, object]:
    return {**SOURCE, "title": f"{tag} {uuid.uuid4()}"}


def test_admin_login_organizations_and_key_lifecycle(live_server: LiveServer) -> None:
    with live_server.admin() as admin:
        assert live_server.organization_id in [o.id for o in admin.list_organizations()]
        created = admin.create_api_key(live_server.organization_id, "lifecycle", 120)
        assert created.api_key.startswith("tf_content_")
        assert created.key_prefix == created.api_key[:23]
        listed = {k.key_id: k for k in admin.list_api_keys(live_server.organization_id)}
        assert listed[created.key_id].status == "active"
        assert listed[created.key_id].rate_limit_per_minute == 120
        rotated = admin.rotate_api_key(live_server.organization_id, created.key_id)
        assert rotated.api_key != created.api_key
        admin.revoke_api_key(live_server.organization_id, rotated.key_id)
        admin.revoke_api_key(live_server.organization_id, rotated.key_id)  # twice is fine
        with pytest.raises(ConflictError):
            admin.rotate_api_key(live_server.organization_id, rotated.key_id)
    with IntegrationClient(live_server.base_url, rotated.api_key, persist_errors=False) as revoked:
        with pytest.raises(InvalidApiKeyError) as info:
            revoked.list_classrooms()
    assert info.value.request_id


def test_another_organization_is_forbidden(live_server: LiveServer) -> None:
    with live_server.admin() as admin, pytest.raises((ForbiddenError, NotFoundError)):
        admin.list_api_keys(str(uuid.uuid4()))


def test_classrooms(client: IntegrationClient, live_server: LiveServer) -> None:
    assert live_server.classroom_id in [c.id for c in client.list_classrooms()]


def test_create_wait_and_read_the_result(client: IntegrationClient) -> None:
    job = client.create_expansion(unique_source("full"), idempotency_key=str(uuid.uuid4()))
    assert job.status == "queued"
    assert [o.output_type for o in job.outputs] == [
        "interactive_module",
        "summary_video",
        "expanded_quiz",
    ]
    done = client.wait_for_job(job.id, timeout=120, poll_interval=0.2, max_poll_interval=1.0)
    assert done.status == "completed", done.error
    result = client.get_expansion_result(job.id)
    assert result.manifest is not None
    assert {o.output_type for o in result.manifest.outputs} == {
        "interactive_module", "summary_video", "expanded_quiz",
    }  # fmt: skip
    module_id = next(o.resource_id for o in result.outputs if o.output_type == "interactive_module")
    assert module_id is not None
    assert client.get_resource("modules", module_id).id == module_id


def test_the_same_idempotency_key_replays_the_job(client: IntegrationClient) -> None:
    key = str(uuid.uuid4())
    source = unique_source("replay")
    first = client.create_expansion(
        source, idempotency_key=key, requested_outputs=["expanded_quiz"]
    )
    again = client.create_expansion(
        source, idempotency_key=key, requested_outputs=["expanded_quiz"]
    )
    assert again.id == first.id
    with pytest.raises(ConflictError) as info:
        client.create_expansion(unique_source("other"), idempotency_key=key)
    assert info.value.code == "content_conflict"
    assert support_handoff(info.value).idempotency_key == key


def test_invalid_requests_carry_field_details(client: IntegrationClient) -> None:
    with pytest.raises(InvalidRequestError) as info:
        client.create_expansion(unique_source("bad"), requested_outputs=["podcast"])
    assert info.value.code == "content_invalid_request"
    assert info.value.status == 400
    assert info.value.request_id


def test_unknown_job_is_not_found(client: IntegrationClient) -> None:
    with pytest.raises(NotFoundError) as info:
        client.get_expansion(str(uuid.uuid4()))
    assert info.value.code == "content_not_found"
    assert info.value.response is not None
    assert info.value.response.headers["x-request-id"] == info.value.request_id


def test_a_bad_key_is_invalid_api_key(live_server: LiveServer) -> None:
    with IntegrationClient(
        live_server.base_url, "tf_content_" + "x" * 32, persist_errors=False
    ) as bad:
        with pytest.raises(InvalidApiKeyError) as info:
            bad.list_expansions()
    assert info.value.status == 401


def test_listing_jobs_pages_with_a_cursor(client: IntegrationClient) -> None:
    for tag in ("page-a", "page-b", "page-c"):
        client.create_expansion(unique_source(tag), requested_outputs=["expanded_quiz"])
    first = client.list_expansions(limit=2)
    assert len(first.items) == 2
    assert first.next_cursor
    second = client.list_expansions(limit=2, cursor=first.next_cursor)
    assert {j.id for j in first.items}.isdisjoint({j.id for j in second.items})
